import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { DEFAULT_LOSS_REASONS, DEFAULT_REJECTION_REASONS } from '../../../shared/domain/default-reasons.js';
import { useReasonLabel } from './reason-labels.js';

/*
 * A stage event's "why" is a sentence main wrote in English when the stage changed (stored, synced
 * and exported as it is). The lead drawer shows the ones the app itself writes in the UI language by
 * recognising their fixed shapes; anything else (an import's note, a demo story, a future wording)
 * is shown as stored, so an unrecognised text is never lost, only untranslated.
 */
type Parsed = { id: string; values: Record<string, string> };
type Rule = { re: RegExp; id: string; names: readonly string[] };

const DAY = '(\\d{4}-\\d{2}-\\d{2})';
const RULES: readonly Rule[] = [
  { re: /^Accepted$/, id: 'stageWhy.accepted', names: [] },
  { re: /^Accepted: ([\s\S]+)$/, id: 'stageWhy.acceptedComment', names: ['comment'] },
  { re: /^Disqualified: (.+)$/, id: 'stageWhy.disqualified', names: ['reason'] },
  { re: new RegExp(`^Back to nurture until ${DAY}$`), id: 'stageWhy.nurtureUntil', names: ['date'] },
  { re: new RegExp(`^Back in nurture: re-open date ${DAY} reached$`), id: 'stageWhy.reopened', names: ['date'] },
  { re: /^Rerouted to (.+)$/, id: 'stageWhy.rerouted', names: ['name'] },
  { re: /^Opportunity opened$/, id: 'stageWhy.opportunityOpened', names: [] },
  { re: /^SQL checklist complete: (.*)$/, id: 'stageWhy.sqlChecklist', names: ['rules'] },
  { re: /^Outcome already closed (won|lost)$/, id: 'stageWhy.outcomeAlreadyClosed', names: ['result'] },
  { re: /^Closed (won|lost) \(outcome recorded\)$/, id: 'stageWhy.closed', names: ['result'] },
  { re: /^Reached (\S+) \((-?[\d.]+) points\) under version (\d+)$/, id: 'stageWhy.reached', names: ['level', 'points', 'version'] },
  { re: /^Imported from (.+) \(row (\d+)\)$/, id: 'stageWhy.importedRow', names: ['file', 'row'] },
  { re: /^Imported from (.+)$/, id: 'stageWhy.imported', names: ['file'] },
  { re: /^Undo acceptance$/, id: 'stageWhy.undoAccept', names: [] },
  { re: /^Undo rejection \((.+)\)$/, id: 'stageWhy.undoReject', names: ['reason'] },
  // The demo workspace's own story (main/services/demo/funnel.ts): the first thing a new user reads.
  { re: /^Score (-?[\d.]+) reached (\S+) \(v(\d+)\)$/, id: 'stageWhy.scoreReached', names: ['points', 'level', 'version'] },
  { re: /^Qualified: budget, authority, need and timing confirmed$/, id: 'stageWhy.qualifiedBant', names: [] },
  { re: /^No opportunity after the discovery call$/, id: 'stageWhy.noOpportunity', names: [] },
  { re: /^Back to nurture$/, id: 'stageWhy.backToNurture', names: [] },
  { re: /^Closed won$/, id: 'stageWhy.closedWon', names: [] },
  { re: /^Closed lost to (.+)$/, id: 'stageWhy.closedLostTo', names: ['competitor'] },
  { re: /^Closed lost: (.+)$/, id: 'stageWhy.closedLostReason', names: ['lossReason'] },
  { re: /^Disqualifier: (.+)$/, id: 'stageWhy.disqualifier', names: ['rule'] },
];

/** The demo names a loss by its code with the underscore as a space ("no decision"). */
const LOSS_BY_CODE_WORDS = new Map(DEFAULT_LOSS_REASONS.map((r) => [r.code.replace('_', ' '), r.label]));

/** The catalogue message for a why the app wrote, or null when it is not one of its shapes. */
export function parseStageWhy(why: string): Parsed | null {
  for (const r of RULES) {
    const m = r.re.exec(why);
    if (m) return { id: r.id, values: Object.fromEntries(r.names.map((n, i) => [n, m[i + 1] ?? ''])) };
  }
  return null;
}

/** What the drawer shows for a stage event's why, in the UI language when the app wrote it. */
export function useStageWhy(): (why: string, toStage: string) => string {
  const intl = useIntl();
  const reasonLabel = useReasonLabel();
  return useCallback(
    (why, toStage) => {
      // A rejection's why is the reason's label itself (the demo adds ": comment" after it).
      if (toStage === 'rejected') {
        const withComment = DEFAULT_REJECTION_REASONS.find((r) => why.startsWith(`${r.label}: `));
        return withComment
          ? intl.formatMessage(
              { id: 'stageWhy.reasonComment' },
              { reason: reasonLabel('rejection', withComment.label), comment: why.slice(withComment.label.length + 2) },
            )
          : reasonLabel('rejection', why);
      }
      const p = parseStageWhy(why);
      if (!p) return why;
      const v: Record<string, string> = { ...p.values };
      if (v.reason !== undefined) v.reason = reasonLabel('rejection', v.reason);
      if (v.lossReason !== undefined) {
        const label = LOSS_BY_CODE_WORDS.get(v.lossReason);
        if (label === undefined) return why;
        v.lossReason = reasonLabel('loss', label);
      }
      if (v.date !== undefined) v.date = intl.formatDate(Date.parse(v.date), { dateStyle: 'medium', timeZone: 'UTC' });
      if (v.points !== undefined) v.points = intl.formatNumber(Number(v.points));
      return intl.formatMessage({ id: p.id }, v);
    },
    [intl, reasonLabel],
  );
}
