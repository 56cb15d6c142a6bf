import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOSS_REASONS, DEFAULT_REJECTION_REASONS } from '../../shared/domain/default-reasons.js';
import { METRIC_DEFINITIONS, REPORT_DATE_BASIS } from '../../shared/domain/metric-definitions.js';
import { REPORT_NAMES } from '../../shared/contracts/reports.js';
import { ErrorKindSchema } from '../../shared/errors.js';
import { OfferTypeSchema } from '../../shared/contracts/common.js';
import { defaultReasonId } from '../../renderer/src/i18n/reason-labels.js';
import { parseStageWhy } from '../../renderer/src/i18n/stage-why.js';

/*
 * The shipped data the UI translates: the catalogue's English must be the very text the data,
 * README and CLI use, or a default reason would stop being recognised as a default (and the
 * README would describe another number than the hover shows).
 */
const en = JSON.parse(readFileSync(join('shared/i18n', 'en.json'), 'utf8')) as Record<string, string>;
const intl = createIntl({ locale: 'en', messages: en, onError: (e) => { throw e; } });
const idsUnder = (prefix: string) => Object.keys(en).filter((k) => k.startsWith(prefix));

describe('report definitions in the catalogue', () => {
  it('has metric.<key> with the exact English of METRIC_DEFINITIONS for every metric, and no other', () => {
    for (const [key, text] of Object.entries(METRIC_DEFINITIONS)) {
      expect(en[`metric.${key}`], key).toBe(text);
      // Shown through ICU: it must come out unchanged (no quote or brace eaten).
      expect(intl.formatMessage({ id: `metric.${key}` }), key).toBe(text);
    }
    expect(new Set(idsUnder('metric.'))).toEqual(new Set(Object.keys(METRIC_DEFINITIONS).map((k) => `metric.${k}`)));
  });

  it('has reportBasis.<name> with the English of REPORT_DATE_BASIS for every report', () => {
    for (const name of REPORT_NAMES) expect(en[`reportBasis.${name}`], name).toBe(REPORT_DATE_BASIS[name]);
    expect(idsUnder('reportBasis.')).toHaveLength(REPORT_NAMES.length);
  });
});

describe('default reasons', () => {
  it('has reason.<kind>.<code> in English equal to the label migration 0005 seeds', () => {
    for (const r of DEFAULT_REJECTION_REASONS) expect(en[`reason.rejection.${r.code}`], r.code).toBe(r.label);
    for (const r of DEFAULT_LOSS_REASONS) expect(en[`reason.loss.${r.code}`], r.code).toBe(r.label);
    expect(idsUnder('reason.rejection.')).toHaveLength(DEFAULT_REJECTION_REASONS.length);
    expect(idsUnder('reason.loss.')).toHaveLength(DEFAULT_LOSS_REASONS.length);
  });

  it('translates a reason only while its label is still the shipped one for its code', () => {
    expect(defaultReasonId('rejection', 'No budget', 'no_budget')).toBe('reason.rejection.no_budget');
    expect(defaultReasonId('loss', 'Lost to competitor', 'competitor')).toBe('reason.loss.competitor');
    // Renamed by the team: shown as typed.
    expect(defaultReasonId('rejection', 'Kein Budget', 'no_budget')).toBeNull();
    expect(defaultReasonId('rejection', 'no budget', 'no_budget')).toBeNull();
    // Another reason's default text under this code, or a custom code: the team's data.
    expect(defaultReasonId('rejection', 'Bad timing', 'no_budget')).toBeNull();
    expect(defaultReasonId('rejection', 'No budget', 'custom_1')).toBeNull();
    // Kinds do not mix: "Timing" is a loss reason, "Bad timing" a rejection reason.
    expect(defaultReasonId('rejection', 'Timing', 'timing')).toBeNull();
    expect(defaultReasonId('loss', 'Bad timing', 'bad_timing')).toBeNull();
  });

  it('recognises a default by its label when the payload has no code', () => {
    expect(defaultReasonId('rejection', 'Unsupported geography')).toBe('reason.rejection.unsupported_geography');
    expect(defaultReasonId('loss', 'Budget cut', null)).toBe('reason.loss.budget_cut');
    expect(defaultReasonId('rejection', 'Geography we do not serve')).toBeNull();
  });
});

describe('enumerations and errors', () => {
  it('has a lead line for every error kind the server sends', () => {
    // unauthorized has a sentence of its own (error.unauthorized) and no server detail to follow;
    // external's message is shown as sent, without a lead line.
    for (const kind of ErrorKindSchema.options.filter((k) => k !== 'unauthorized' && k !== 'external')) expect(en[`error.kind.${kind}`], kind).toBeTruthy();
    expect(en['error.unauthorized']).toBeTruthy();
    expect(intl.formatMessage({ id: 'error.withDetail' }, { lead: 'A.', detail: 'B' })).toBe('A. B');
  });

  it('names every offer and touchpoint type', () => {
    for (const type of OfferTypeSchema.options) expect(en[`offerType.${type}`], type).toBeTruthy();
  });
});

describe('stage event whys', () => {
  // The shapes main writes (services/handoffs*.ts, recycle.ts, outcomes.ts, rescore.ts, imports).
  const written = [
    'Accepted',
    'Accepted: Good fit, call on Monday',
    'Disqualified: Company outside ICP (size, industry)',
    'Back to nurture until 2026-06-01',
    'Back in nurture: re-open date 2026-06-01 reached',
    'Rerouted to Ravi Rep',
    'Opportunity opened',
    'SQL checklist complete: Budget confirmed, Authority confirmed',
    'Outcome already closed won',
    'Closed lost (outcome recorded)',
    'Reached MQL-A (42 points) under version 3',
    'Imported from leads.csv (row 17)',
    'Imported from leads.csv',
    'Undo acceptance',
    'Undo rejection (No budget)',
  ];

  it('recognises each and reads it back word for word in English', () => {
    for (const why of written) {
      const p = parseStageWhy(why);
      expect(p, why).not.toBeNull();
      expect(en[p!.id], p!.id).toBeTruthy();
      expect(intl.formatMessage({ id: p!.id }, p!.values), why).toBe(why);
    }
  });

  it('recognises the demo workspace story too (what a new user reads first)', () => {
    for (const why of [
      'Score 60.06 reached MQL-B (v1)',
      'Qualified: budget, authority, need and timing confirmed',
      'No opportunity after the discovery call',
      'Back to nurture',
      'Closed won',
      'Closed lost to Acme CRM',
      'Disqualifier: Student email domain',
    ]) {
      const p = parseStageWhy(why);
      expect(p, why).not.toBeNull();
      expect(intl.formatMessage({ id: p!.id }, p!.values), why).toBe(why);
    }
    // A loss named by its code words is shown as the loss reason's name.
    expect(parseStageWhy('Closed lost: no decision')).toEqual({ id: 'stageWhy.closedLostReason', values: { lossReason: 'no decision' } });
  });

  it('leaves a text it does not know alone', () => {
    expect(parseStageWhy('Qualified: budget and authority confirmed')).toBeNull();
    expect(parseStageWhy('Back to nurture until next spring')).toBeNull();
  });
});

describe('stored words with a known vocabulary', () => {
  it('names every seniority the import derives from a job title and every demo channel, in every language', async () => {
    const { vocabularyId } = await import('../../renderer/src/i18n/vocabulary.js');
    const { seniorityFromTitle } = await import('../../main/services/demo/people.js');
    const titles = ['CEO', 'VP Sales', 'Head of Marketing', 'Marketing Manager', 'Intern', 'Analyst'];
    const seniorities = new Set(titles.map(seniorityFromTitle));
    expect(seniorities.size).toBe(6);
    const langs = ['en', 'cs', 'da', 'fa', 'nl', 'pl'].map(
      (l) => JSON.parse(readFileSync(join('shared/i18n', `${l}.json`), 'utf8')) as Record<string, string>,
    );
    const channels = ['direct', 'email', 'events', 'organic', 'paid_search', 'paid_social', 'partner'];
    for (const [field, value] of [...[...seniorities].map((s) => ['seniority', s]), ...channels.map((c) => ['channel', c])] as [string, string][]) {
      const id = vocabularyId(field, value);
      expect(id, `${field} ${value}`).not.toBeNull();
      for (const m of langs) expect(m[id!], `${field} ${value}`).toBeTruthy();
    }
    expect(vocabularyId('source', 'paid_search')).toBe('channel.paid_search');
    expect(vocabularyId('touchpoint.type', 'pricing_page')).toBe('offerType.pricing_page');
    // A source system's own word stays as stored.
    expect(vocabularyId('channel', 'tv')).toBeNull();
    expect(vocabularyId('industry', 'Retail')).toBeNull();
  });
});
