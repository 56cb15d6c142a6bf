import type { Db } from '../db/connection.js';
import { now } from '../db/ids.js';
import type { AgendaItem, BacktestFigures, Proposal, Review } from '../../shared/contracts/reviews.js';
import { barChart, lineChart } from './review-pack-charts.js';
import { get } from './reviews.js';
import * as criteria from './criteria.js';

/**
 * The review pack: one self-contained HTML document (inline CSS, inline SVG charts, no script) made
 * from the stored review, so the app, the harness and the CLI print the same pages. The print
 * stylesheet gives A4 pages: a title page, then one section per agenda item, proposals, actions.
 */

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const int = new Intl.NumberFormat('en-US');
const n = (x: number): string => int.format(x);
// English typography, as the app's English pages print them: "8.1%", not "8.1 %".
const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const pts = (x: number): string => `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}\u00a0pts`;
const date = (ms: number | null): string => (ms === null ? '—' : new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(ms));
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const change = (cur: number, prev: number): string => (prev === 0 ? '—' : `${cur >= prev ? '+' : ''}${(((cur - prev) / prev) * 100).toFixed(1)}%`);
/** Stored codes as the pack's reader reads them (the app shows the same words). */
const WORDS: Record<string, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  closed: 'Closed',
  fit: 'Fit',
  engagement: 'Engagement',
  disqualifier: 'Disqualifier',
  data: 'Data',
  routing: 'Routing',
  draft: 'Draft',
  proposed: 'Proposed',
  approved: 'Approved',
  active: 'Active',
  retired: 'Retired',
  accept: 'Accepted',
  reject: 'Rejected',
  defer: 'Deferred',
};
const word = (code: string): string => WORDS[code] ?? code;

function table(head: string[], rows: string[][], numeric: number[] = []): string {
  const cell = (tag: string, v: string, i: number) => `<${tag}${numeric.includes(i) ? ' class="num"' : ''}>${v}</${tag}>`;
  if (rows.length === 0) return '<p class="muted">Nothing to show for this quarter.</p>';
  return `<table><thead><tr>${head.map((h, i) => cell('th', esc(h), i)).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v, i) => cell('td', v, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const figure = (svg: string, caption: string) => `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>`;

function agendaBody(item: AgendaItem, review: Review): string {
  const d = item.data;
  switch (d.kind) {
    case 'funnel': {
      const stages = ['leads', 'mql', 'sal', 'sql', 'won'] as const;
      const names = ['Leads', 'MQL', 'SAL', 'SQL', 'Won'];
      const rows = stages.map((s, i) => [names[i]!, n(d.previous[s]), n(d.current[s]), change(d.current[s], d.previous[s])]);
      const conv = (t: typeof d.current) => [ratio(t.mql, t.leads), ratio(t.sal, t.mql), ratio(t.sql, t.sal), ratio(t.won, t.sql)].map((x) => x ?? 0);
      return (
        table(['Stage', d.previousQuarter, review.quarter, 'Change'], rows.map((r) => r.map(esc)), [1, 2, 3]) +
        figure(
          barChart(['Lead → MQL', 'MQL → SAL', 'SAL → SQL', 'SQL → Won'], [
            { name: d.previousQuarter, values: conv(d.previous) },
            { name: review.quarter, values: conv(d.current) },
          ], { percent: true }),
          `Stage-to-stage conversion, ${d.previousQuarter} and ${review.quarter} (leads created in each quarter).`,
        )
      );
    }
    case 'rejections': {
      const rows = d.reasons.map((r) => [
        esc(r.label),
        esc(word(r.blame)),
        n(r.count),
        pct(r.share),
        (r.rules.length ? r.rules.slice(0, 3).map((x) => `${esc(x.label)} (${n(x.count)})`).join('<br>') : '<span class="muted">—</span>') +
          (r.pattern
            ? `<br><span class="muted">${pct(r.pattern.rejectedShare)} had ${esc(r.pattern.field)} ${esc(r.pattern.values.join(' or '))} (${pct(r.pattern.acceptedShare)} of accepted leads)</span>`
            : ''),
      ]);
      const chart = d.reasons.length
        ? figure(barChart(d.reasons.map((r) => r.label), [{ name: 'Rejections', values: d.reasons.map((r) => r.count) }], { horizontal: true, height: 40 + 32 * d.reasons.length }), 'Rejected MQLs by reason.')
        : '';
      return `<p>${n(d.rejected)} of ${n(d.decided)} decided handoffs were rejected (${pct(ratio(d.rejected, d.decided))}).</p>${table(['Reason', 'Blames', 'Rejected', 'Share', 'Rules that scored the rejected leads'], rows, [2, 3])}${chart}`;
    }
    case 'offers': {
      const rows = d.movers.map((m) => [esc(m.label), n(m.prevMqls), n(m.mqls), pct(m.prevSalRate), pct(m.salRate), pts(m.salChange), pct(m.prevWonRate), pct(m.wonRate)]);
      return table(['Offer', 'MQLs before', 'MQLs', 'SAL % before', 'SAL %', 'Change', 'Won % before', 'Won %'], rows, [1, 2, 3, 4, 5, 6, 7]);
    }
    case 'sla':
      return `<p>${n(d.breached)} of ${n(d.handoffs)} handoffs breached the SLA (${pct(d.breachRate)}).</p>${table(
        ['Rep', 'Handoffs', 'Breached', 'Breach rate'],
        d.reps.map((r) => [esc(r.repName), n(r.handoffs), n(r.breached), pct(r.breachRate)]),
        [1, 2, 3],
      )}`;
    case 'lift':
      return d.version === null
        ? '<p class="muted">No active version to analyse.</p>'
        : `<p>Rules of version ${d.version}, lowest lift first (win rate of the MQLs a rule matches against those it does not).</p>${table(
            ['Rule', 'Kind', 'MQLs', 'Win rate', 'Others', 'Lift'],
            d.rules.map((r) => [esc(r.label), esc(word(r.kind)), n(r.n), pct(r.winRate), pct(r.otherWinRate), r.lift === null ? '—' : r.lift.toFixed(2)]),
            [2, 3, 4, 5],
          )}`;
    case 'proposals':
      return review.proposals.length ? `<p>${n(review.proposals.length)} proposal(s); see Proposals and decisions.</p>` : '<p class="muted">No proposal was made.</p>';
    case 'custom':
      return '';
  }
}

function figuresRows(base: BacktestFigures | null, cand: BacktestFigures): string[][] {
  const row = (label: string, f: (x: BacktestFigures) => string) => [esc(label), base ? f(base) : '—', f(cand)];
  return [
    row('MQLs', (x) => n(x.mqls)),
    row('Acceptance', (x) => pct(x.acceptanceRate)),
    row('SQL rate', (x) => pct(x.sqlRate)),
    row('Win rate', (x) => pct(x.winRate)),
    row('Won deals', (x) => n(x.won)),
    row('Won deals missed', (x) => n(x.missedWon)),
    row('Rejections avoided', (x) => n(x.avoidedRejections)),
  ];
}

function signOff(db: Db, p: Proposal): string {
  const v = criteria.get(db, p.version.id);
  const approvals = v.approvals.filter((a) => a.decision === 'approve').map((a) => `${esc(a.userName)} (${esc(a.team)}, ${date(a.at)})`);
  return `Version ${v.number} is <strong>${esc(word(v.status).toLowerCase())}</strong>${approvals.length ? `; signed by ${approvals.join(' and ')}` : '; awaiting the two owners’ sign-off'}.`;
}

function proposalSection(db: Db, p: Proposal): string {
  const e = p.evidence;
  const b = e?.backtest ?? null;
  const decision = p.decision
    ? `<p class="decision decision-${p.decision}"><strong>Decision: ${esc(word(p.decision))}</strong> — ${esc(p.decisionReason ?? '')}</p>`
    : '<p class="decision">No decision recorded.</p>';
  const evidence = b
    ? table(['', b.baselineNumber ? `Active v${b.baselineNumber}` : 'Active', `Proposal v${p.version.number}`], figuresRows(b.baseline, b.candidate), [1, 2]) +
      (b.monthly.length
        ? figure(
            lineChart(b.monthly.map((m) => m.month), [
              ...(b.baseline ? [{ name: `Active v${b.baselineNumber ?? ''}`, values: b.monthly.map((m) => m.baselineMqls ?? 0) }] : []),
              { name: `Proposal v${p.version.number}`, values: b.monthly.map((m) => m.mqls) },
            ]),
            'MQLs per month had each version been live (backtest as of each decision moment).',
          )
        : '') +
      b.warnings.map((w) => `<p class="muted">Note: ${esc(w)}</p>`).join('')
    : `<p class="muted">No backtest: ${esc(e?.backtestError ?? (e?.pending ? 'the evidence was not gathered before this pack was made' : 'not computed'))}.</p>`;
  const s = e?.suggestion;
  const suggestion = s
    ? `<h4>Suggested points from history (${esc(s.method === 'logistic_l2' ? 'L2 logistic regression' : 'naive Bayes')}, holdout AUC ${s.holdoutAuc === null ? '—' : s.holdoutAuc.toFixed(3)})</h4>${table(
        ['Rule', 'Points', 'Leads', 'Win rate'],
        s.rules.slice(0, 8).map((r) => [esc(r.label), n(r.points), n(r.n), pct(r.winRate)]),
        [1, 2, 3],
      )}`
    : e?.pending
      ? ''
      : `<p class="muted">Suggested points: ${esc(e?.suggestionError ?? 'not computed')}</p>`;
  return `<section class="proposal"><h3>${esc(p.title)}</h3>${e?.change ? `<p>${esc(e.change)}</p>` : ''}${decision}<p>${signOff(db, p)}</p><h4>Backtest against ${b?.baselineNumber ? `v${b.baselineNumber}, the version active then` : 'the active version'} (evidence of ${date(e?.computedAt ?? null)})</h4>${evidence}${suggestion}</section>`;
}

function summary(review: Review): string {
  const items: string[] = [];
  const funnel = review.agenda.find((i) => i.data.kind === 'funnel')?.data;
  if (funnel?.kind === 'funnel') {
    items.push(`${n(funnel.current.mql)} MQLs from ${n(funnel.current.leads)} new leads (${change(funnel.current.mql, funnel.previous.mql)} MQLs on ${funnel.previousQuarter}); ${n(funnel.current.won)} won.`);
  }
  const rej = review.agenda.find((i) => i.data.kind === 'rejections')?.data;
  if (rej?.kind === 'rejections' && rej.reasons[0]) {
    items.push(`Top rejection reason: ${rej.reasons[0].label} (${n(rej.reasons[0].count)}, ${pct(rej.reasons[0].share)} of rejections).`);
  }
  const accepted = review.proposals.find((p) => p.decision === 'accept');
  items.push(accepted ? `Accepted: ${accepted.title} (version ${accepted.version.number}, ${word(accepted.version.status).toLowerCase()}).` : 'No change to the criteria was accepted.');
  const others = review.proposals.filter((p) => p.decision && p.decision !== 'accept');
  if (others.length) items.push(`${others.map((p) => `${p.title}: ${p.decision === 'reject' ? 'rejected' : 'deferred'}`).join('; ')}.`);
  if (review.actions.length) items.push(`${n(review.actions.length)} action item(s) agreed.`);
  return `<ul class="summary">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
}

const CSS = `
@page { size: A4; margin: 18mm 16mm 20mm; }
* { box-sizing: border-box; }
body { font-family: Helvetica, Arial, sans-serif; color: #1f2933; font-size: 10.5pt; line-height: 1.45; margin: 0 auto; max-width: 180mm; }
h1 { font-size: 26pt; margin: 0 0 6mm; font-weight: 600; }
h2 { font-size: 15pt; margin: 8mm 0 3mm; border-bottom: 2px solid #1d4ed8; padding-bottom: 1.5mm; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; }
h4 { font-size: 10.5pt; margin: 4mm 0 1.5mm; color: #3e4c59; }
.title-page { min-height: 240mm; display: flex; flex-direction: column; justify-content: center; page-break-after: always; break-after: page; }
.title-page .kicker { text-transform: uppercase; letter-spacing: 0.12em; color: #1d4ed8; font-size: 10pt; margin-bottom: 3mm; }
.title-page dl { display: grid; grid-template-columns: 35mm 1fr; gap: 2mm 4mm; margin-top: 10mm; }
.title-page dt { color: #6b7785; }
.title-page dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 9.5pt; break-inside: avoid; }
th, td { text-align: left; padding: 1.4mm 2mm; border-bottom: 1px solid #e3e7ec; vertical-align: top; }
th { background: #f3f5f8; font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
figure { margin: 2mm 0 5mm; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #6b7785; font-size: 9pt; }
.muted { color: #6b7785; }
.note { background: #f8fafc; border-left: 3px solid #94a3b8; padding: 2mm 3mm; margin: 2mm 0 4mm; white-space: pre-wrap; }
.decision { padding: 2mm 3mm; background: #f3f5f8; }
.decision-accept { background: #ecfdf3; border-left: 3px solid #15803d; }
.decision-reject { background: #fef2f2; border-left: 3px solid #b91c1c; }
.decision-defer { background: #fffbeb; border-left: 3px solid #b45309; }
section.agenda-item, section.proposal { break-inside: auto; }
.page-break { break-before: page; page-break-before: always; }
.summary li { margin-bottom: 1.5mm; }
footer { margin-top: 10mm; color: #6b7785; font-size: 8.5pt; }
`;

export function packHtml(db: Db, reviewId: string, at = now()): { filename: string; html: string } {
  const review = get(db, reviewId);
  const attendees = review.attendees.length ? review.attendees.map((a) => `${esc(a.name)} (${esc(a.team)})`).join(', ') : '—';
  const title = `Criteria review ${review.quarter}`;
  const agenda = review.agenda
    .map((item, i) => `<section class="agenda-item"><h2>${i + 1}. ${esc(item.title)}</h2>${agendaBody(item, review)}${item.note.trim() ? `<h4>Notes</h4><div class="note">${esc(item.note)}</div>` : ''}</section>`)
    .join('');
  const actions = table(
    ['Action', 'Owner', 'Due', 'Status'],
    review.actions.map((a) => [esc(a.text), esc(a.ownerName ?? '—'), date(a.dueOn), a.done ? 'Done' : 'Open']),
    [],
  );
  const proposals = review.proposals.length ? review.proposals.map((p) => proposalSection(db, p)).join('') : '<p class="muted">No proposal was made.</p>';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CSS}</style></head><body>
<section class="title-page"><div class="kicker">LeadPact · lead definition</div><h1>${esc(title)}</h1>
<p>The quarterly review of the lead criteria by marketing and sales: what the quarter's data shows, what was proposed, and what was decided.</p>
<dl><dt>Quarter</dt><dd>${esc(review.quarter)}</dd><dt>Held on</dt><dd>${date(review.heldOn)}</dd><dt>Status</dt><dd>${esc(word(review.status))}</dd><dt>Attendees</dt><dd>${attendees}</dd>
<dt>Resulting version</dt><dd>${review.resultingVersion ? `v${review.resultingVersion.number} ${esc(review.resultingVersion.name)}` : '—'}</dd></dl></section>
<section><h2>Summary</h2>${summary(review)}</section>
${agenda}
<section class="page-break"><h2>Proposals and decisions</h2>${proposals}</section>
<section><h2>Action items</h2>${actions}</section>
<footer>Made by LeadPact on ${date(at)} from the review's stored data; the evidence of each proposal is as computed when it was added.</footer>
</body></html>`;
  return { filename: `criteria-review-${review.quarter}.html`, html };
}
