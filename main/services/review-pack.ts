import type { Db } from '../db/connection.js';
import { now } from '../db/ids.js';
import type { AgendaItem, BacktestFigures, Proposal, Review } from '../../shared/contracts/reviews.js';
import { strongestFirst, suggestionStrength } from '../../shared/domain/suggest-quality.js';
import { moverIsChance } from '../../shared/domain/review-agenda.js';
import { agendaTitleMessage } from '../../shared/i18n/agenda-title.js';
import { changeLines, conditionOr, ruleWords, type RuleWords } from '../../shared/i18n/rule-words.js';
import { ruleValueNames } from '../db/reviews.repo.js';
import { translator, type Translator, type Values } from '../i18n/translator.js';
import { barChart, lineChart } from './review-pack-charts.js';
import { PACK_CSS } from './review-pack-css.js';
import { get } from './reviews.js';
import * as criteria from './criteria.js';

/**
 * The review pack: one self-contained HTML document (inline CSS, inline SVG charts, no script) made
 * from the stored review, so the app, the harness and the CLI print the same pages. The print
 * stylesheet gives A4 pages: a title page, then one section per agenda item, proposals, actions.
 * It is written in the reader's language and locale, from the app's catalogues: a drafted item's
 * title, the shipped reasons and the known vocabularies translate; what the team typed (reason
 * labels they renamed, rule labels, notes, proposal titles) prints as typed.
 */

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** What one pack needs beyond the translator: its HTML helpers, bound to the reader's language. */
interface Ctx extends Translator {
  /** A message as HTML: its text escaped, the values given here already HTML. */
  html(id: string, values: Record<string, string>): string;
  change(cur: number, prev: number): string;
  pts(x: number): string;
  /** Rules in the criteria editor's words, in the reader's language. */
  words: RuleWords;
  /** An amount in the currency it was summed in (none: as recorded), whole units; `signed` for a difference. */
  money(x: number, currency: string | null | undefined, signed?: boolean): string;
}

function context(tr: Translator, names: ReadonlyMap<string, string> = new Map()): Ctx {
  const signed = new Intl.NumberFormat(tr.locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const signedNum = new Intl.NumberFormat(tr.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  return {
    ...tr,
    html(id, values) {
      // Format with placeholders, escape the message's own text, then put the HTML values in.
      const keys = Object.keys(values);
      const marks: Values = Object.fromEntries(keys.map((k, i) => [k, `\uE000${i}\uE000`]));
      return esc(tr.t(id, marks)).replace(/\uE000(\d+)\uE000/g, (_, i: string) => values[keys[Number(i)]!]!);
    },
    change: (cur, prev) => (prev === 0 ? '—' : signed.format((cur - prev) / prev)),
    pts: (x) => tr.t('pack.points', { value: signedNum.format(x * 100) }),
    words: ruleWords({
      t: tr.t,
      number: (n, opts) => new Intl.NumberFormat(tr.locale, opts).format(n),
      list: (items, type) => new Intl.ListFormat(tr.locale, { type }).format(items),
      word: tr.word,
      name: (field, value) => names.get(`${field}:${value}`),
    }),
    money: (x, currency, signed) => {
      const base: Intl.NumberFormatOptions = { maximumFractionDigits: 0, ...(signed ? { signDisplay: 'exceptZero' } : {}) };
      try {
        return new Intl.NumberFormat(tr.locale, currency ? { ...base, style: 'currency', currency } : base).format(x);
      } catch {
        // A stored code Intl does not know: the amount, then the code as stored.
        return `${new Intl.NumberFormat(tr.locale, base).format(x)}${currency ? ` ${currency}` : ''}`;
      }
    },
  };
}

function table(c: Ctx, head: string[], rows: string[][], numeric: number[] = []): string {
  const cell = (tag: string, v: string, i: number) => `<${tag}${numeric.includes(i) ? ' class="num"' : ''}>${v}</${tag}>`;
  if (rows.length === 0) return `<p class="muted">${esc(c.t('pack.empty'))}</p>`;
  return `<table><thead><tr>${head.map((h, i) => cell('th', esc(h), i)).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v, i) => cell('td', v, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const figure = (svg: string, caption: string) => `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>`;
const muted = (text: string) => `<p class="muted">${esc(text)}</p>`;

function agendaBody(c: Ctx, item: AgendaItem, review: Review): string {
  const d = item.data;
  const { t, num, pct } = c;
  switch (d.kind) {
    case 'funnel': {
      const stages = ['leads', 'mql', 'sal', 'sql', 'won'] as const;
      const rows = stages.map((s) => [t(`review.stage.${s}`), num(d.previous[s]), num(d.current[s]), c.change(d.current[s], d.previous[s])]);
      const conv = (x: typeof d.current) => [ratio(x.mql, x.leads), ratio(x.sal, x.mql), ratio(x.sql, x.sal), ratio(x.won, x.sql)].map((v) => v ?? 0);
      return (
        table(c, [t('review.agenda.stage'), d.previousQuarter, review.quarter, t('pack.change')], rows.map((r) => r.map(esc)), [1, 2, 3]) +
        figure(
          barChart(
            [t('report.step.leadToMql'), t('report.step.mqlToSal'), t('report.step.salToSql'), t('report.step.sqlToWon')],
            [
              { name: d.previousQuarter, values: conv(d.previous) },
              { name: review.quarter, values: conv(d.current) },
            ],
            { percent: true, locale: c.locale, rtl: c.dir === 'rtl' },
          ),
          t('pack.funnel.caption', { previous: d.previousQuarter, quarter: review.quarter }),
        ) +
        (d.current.open ? muted(t('review.agenda.openDeals', { open: d.current.open, quarter: review.quarter, prevOpen: d.previous.open ?? 0, previous: d.previousQuarter })) : '')
      );
    }
    case 'rejections': {
      if (d.reasons.length === 0) return muted(t('review.agenda.noRejections'));
      const label = (r: (typeof d.reasons)[number]) => c.reason('rejection', r.label, r.code);
      const rows = d.reasons.map((r) => [
        `${esc(label(r))} <span class="muted">(${esc(t(`review.blame.${r.blame}`))})</span>`,
        num(r.count),
        pct(r.share),
        (r.rules.length
          ? esc(
              c.list(
                r.rules
                  .slice(0, 3)
                  .map((x) =>
                    x.acceptedShare != null && x.share !== undefined
                      ? t('review.agenda.ruleShare', { label: x.label, share: pct(x.share), accepted: pct(x.acceptedShare) })
                      : t('review.agenda.ruleCount', { label: x.label, count: num(x.count) }),
                  ),
              ),
            )
          : '<span class="muted">—</span>') +
          (r.pattern
            ? `<br><span class="muted">${esc(
                t('review.agenda.pattern', {
                  rejected: pct(r.pattern.rejectedShare),
                  field: t(`review.patternField.${r.pattern.field}`),
                  values: c.list(r.pattern.values.map((v) => c.word(r.pattern!.field, v))),
                  accepted: pct(r.pattern.acceptedShare),
                }),
              )}</span>`
            : ''),
      ]);
      const chart = figure(
        barChart(d.reasons.map(label), [{ name: t('review.agenda.rejected'), values: d.reasons.map((r) => r.count) }], { horizontal: true, height: 40 + 32 * d.reasons.length, rtl: c.dir === 'rtl', locale: c.locale }),
        t('pack.rejections.caption'),
      );
      return `<p>${esc(t('pack.rejections.summary', { rejected: d.rejected, decided: d.decided, rate: pct(ratio(d.rejected, d.decided)) }))}</p>${table(
        c,
        [t('review.agenda.reason'), t('review.agenda.rejected'), t('pack.rejections.share'), t('review.agenda.blamedRules')],
        rows,
        [1, 2],
      )}${chart}`;
    }
    case 'offers':
      if (d.movers.length === 0) return muted(t('review.agenda.noMovers'));
      return table(
        c,
        [t('review.agenda.offer'), t('pack.offers.mqlsBefore'), t('review.agenda.mqls'), t('review.agenda.salBefore'), t('review.agenda.sal'), t('pack.change'), t('review.agenda.wonBefore'), t('review.agenda.won')],
        d.movers.map((m) => [esc(m.label) + (moverIsChance(m) ? `<br><span class="muted">${esc(t('review.agenda.chance'))}</span>` : ''), num(m.prevMqls), num(m.mqls), pct(m.prevSalRate), pct(m.salRate), esc(c.pts(m.salChange)), pct(m.prevWonRate), pct(m.wonRate)]),
        [1, 2, 3, 4, 5, 6, 7],
      );
    case 'sla':
      return `<p>${esc(t('review.agenda.sla', { breached: d.breached, handoffs: d.handoffs, rate: pct(d.breachRate) }))}</p>${table(
        c,
        [t('pack.sla.rep'), t('pack.sla.handoffs'), t('pack.sla.breached'), t('pack.sla.breachRate')],
        d.reps.map((r) => [esc(r.repName), num(r.handoffs), num(r.breached), pct(r.breachRate)]),
        [1, 2, 3],
      )}`;
    case 'lift':
      if (d.version === null) return muted(t('pack.lift.noVersion'));
      if (d.rules.length === 0) return muted(t('review.agenda.noWeakRules'));
      return `<p>${esc(t('pack.lift.intro', { number: d.version }))}</p>${table(
        c,
        [t('review.agenda.rule'), t('pack.lift.kind'), t('review.agenda.mqls'), t('review.agenda.winRate'), t('pack.lift.others'), t('review.agenda.lift')],
        d.rules.map((r) => [esc(r.label), esc(t(`criteria.kind.${r.kind}`)), num(r.n), pct(r.winRate), pct(r.otherWinRate), r.lift === null ? '—' : new Intl.NumberFormat(c.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(r.lift)]),
        [2, 3, 4, 5],
      )}`;
    case 'proposals':
      return review.proposals.length ? `<p>${esc(t('review.agenda.proposals', { count: review.proposals.length }))}</p>` : muted(t('pack.proposals.none'));
    case 'custom':
      return '';
  }
}

function figuresRows(c: Ctx, base: BacktestFigures | null, cand: BacktestFigures, currency: string | null | undefined): string[][] {
  const row = (id: string, f: (x: BacktestFigures) => string) => [esc(c.t(id)), base ? esc(f(base)) : '—', esc(f(cand))];
  const missedRevenue = (x: BacktestFigures) => (x.missedWonRevenue === undefined ? '—' : c.money(x.missedWonRevenue, currency));
  return [
    row('review.proposals.mqls', (x) => c.num(x.mqls)),
    row('review.proposals.acceptance', (x) => c.pct(x.acceptanceRate)),
    row('pack.backtest.sqlRate', (x) => c.pct(x.sqlRate)),
    row('review.proposals.winRate', (x) => c.pct(x.winRate)),
    row('review.proposals.won', (x) => c.num(x.won)),
    row('backtest.metric.revenue', (x) => c.money(x.revenue, currency)),
    row('pack.backtest.missedWon', (x) => c.num(x.missedWon)),
    // Kept with evidence gathered since; older evidence has the count only.
    ...(cand.missedWonRevenue !== undefined ? [row('pack.backtest.missedRevenue', missedRevenue)] : []),
    row('pack.backtest.avoided', (x) => c.num(x.avoidedRejections)),
  ];
}

/** What the proposal's version changes against the version it is set against: levels and SLA, then rules. */
function changesSection(c: Ctx, p: Proposal): string {
  const { t } = c;
  const ch = p.changes;
  if (!ch) return `<h4>${esc(t('review.changes.heading'))}</h4>${muted(t('review.changes.noBase'))}`;
  const d = ch.diff;
  const heading = `<h4>${esc(t('review.changes.title', { number: ch.from.number }))}</h4>`;
  const lines = changeLines(d, c.words, t);
  if (lines.length === 0) return heading + muted(t('criteria.diff.nothing'));
  const summary = `<p>${esc(t('criteria.diff.summary', { added: d.added.length, removed: d.removed.length, changed: d.changed.length, levels: d.levels.length }))}</p>`;
  const rows = lines.map((l) => [
    `<span class="diff-tag diff-${l.type}">${esc(t(`criteria.diff.tag.${l.type}`))}</span>`,
    `<span dir="auto">${esc(l.label)}</span>${l.kind ? ` <span class="muted">(${esc(t(`criteria.kind.${l.kind}`))})</span>` : ''}`,
    l.details.map(esc).join('<br>'),
  ]);
  return `${heading}${summary}<div class="changes">${table(c, [t('pack.change'), t('review.agenda.rule'), t('criteria.diff.what')], rows)}</div>`;
}

function signOff(c: Ctx, db: Db, p: Proposal): string {
  const v = criteria.get(db, p.version.id);
  const approvals = v.approvals.filter((a) => a.decision === 'approve');
  const status = `<strong>${esc(c.t(`review.versionStatus.${v.status}`, { approvals: c.num(approvals.length) }))}</strong>`;
  if (v.status === 'draft') return c.html('pack.draftNotProposed', { number: esc(c.num(v.number)), status });
  if (approvals.length === 0) return c.html('pack.awaitingSignOff', { number: esc(c.num(v.number)), status });
  const names = c.list(approvals.map((a) => c.t('pack.approval', { name: a.userName, team: c.t(`team.${a.team}`), date: c.date(a.at) })));
  return c.html('pack.signedBy', { number: esc(c.num(v.number)), status, names: esc(names) });
}

function proposalSection(c: Ctx, db: Db, p: Proposal): string {
  const { t } = c;
  const e = p.evidence;
  const b = e?.backtest ?? null;
  const decision = p.decision
    ? `<p class="decision decision-${p.decision}"><strong>${esc(t('pack.decision', { decision: p.decision }))}</strong> — ${esc(p.decisionReason ?? '')}</p>`
    : `<p class="decision">${esc(t('pack.noDecision'))}</p>`;
  const activeName = b?.baselineNumber ? t('review.proposals.active', { number: b.baselineNumber }) : t('pack.backtest.active');
  const proposalName = t('review.proposals.proposal', { number: p.version.number });
  const revenueChange =
    b?.baseline && b.baselineNumber
      ? `<p>${esc(t('pack.backtest.revenueChange', { change: c.money(b.candidate.revenue - b.baseline.revenue, b.currency, true), number: b.baselineNumber }))}</p>`
      : '';
  const evidence = b
    ? table(c, ['', activeName, proposalName], figuresRows(c, b.baseline, b.candidate, b.currency), [1, 2]) +
      revenueChange +
      (b.monthly.length
        ? figure(
            lineChart(
              b.monthly.map((m) => m.month),
              [...(b.baseline ? [{ name: activeName, values: b.monthly.map((m) => m.baselineMqls ?? 0) }] : []), { name: proposalName, values: b.monthly.map((m) => m.mqls) }],
              { rtl: c.dir === 'rtl', locale: c.locale },
            ),
            t('pack.backtest.caption'),
          )
        : '') +
      b.warnings.map((w) => muted(t('pack.backtest.note', { text: w }))).join('')
    : muted(t('review.proposals.noBacktest', { why: e?.backtestError ?? (e?.pending ? t('pack.backtest.notGathered') : t('pack.notComputed')) }));
  const s = e?.suggestion;
  const auc = s?.holdoutAuc == null ? '—' : new Intl.NumberFormat(c.locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(s.holdoutAuc);
  // The meeting reads the strongest suggestions first (evidence kept before they were stored strongest
  // first is sorted here), worded as the criteria are, and is told when the fit is too weak to lean on.
  const strength = s ? suggestionStrength({ auc: s.holdoutAuc, pointsAuc: s.pointsAuc ?? null }) : null;
  const dec3 = (x: number | null) => (x === null ? '—' : new Intl.NumberFormat(c.locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(x));
  const caution =
    strength && strength.strength !== 'usable'
      ? `<p class="caution">${esc(t(`suggest.caution.${strength.strength}`, { basis: strength.basis, auc: dec3(strength.auc) }))}</p>`
      : '';
  const shown = s ? strongestFirst(s.rules) : [];
  const suggestion = s
    ? `<h4>${esc(t('pack.suggestion.heading', { method: s.method, auc }))}</h4>${caution}${
        s.ruleCount !== undefined && s.ruleCount > shown.length ? muted(t('pack.suggestion.strongest', { shown: shown.length, total: s.ruleCount })) : ''
      }${table(
        c,
        [t('review.agenda.rule'), t('pack.suggestion.points'), t('pack.suggestion.leads'), t('review.agenda.winRate')],
        shown.map((r) => [`<span dir="auto">${esc(conditionOr(c.words, r))}</span>`, esc(c.words.points(r.points)), c.num(r.n), c.pct(r.winRate)]),
        [1, 2, 3],
      )}`
    : e?.pending
      ? ''
      : muted(t('review.proposals.noSuggestion', { why: e?.suggestionError ?? t('pack.notComputed') }));
  const heading = t('pack.backtest.heading', { baseline: b?.baselineNumber ? String(b.baselineNumber) : 'none', date: c.date(e?.computedAt ?? null) });
  return `<section class="proposal"><h3>${esc(p.title)}</h3>${e?.change ? `<p>${esc(e.change)}</p>` : ''}${decision}<p>${signOff(c, db, p)}</p>${changesSection(c, p)}<h4>${esc(heading)}</h4>${evidence}${suggestion}</section>`;
}

function summary(c: Ctx, review: Review): string {
  const { t, num, pct } = c;
  const items: string[] = [];
  const funnel = review.agenda.find((i) => i.data.kind === 'funnel')?.data;
  if (funnel?.kind === 'funnel') {
    items.push(
      t('pack.summary.funnel', {
        mqls: funnel.current.mql,
        leads: funnel.current.leads,
        change: c.change(funnel.current.mql, funnel.previous.mql),
        previous: funnel.previousQuarter,
        won: funnel.current.won,
        wonChange: c.change(funnel.current.won, funnel.previous.won),
      }),
    );
  }
  const rej = review.agenda.find((i) => i.data.kind === 'rejections')?.data;
  const top = rej?.kind === 'rejections' ? rej.reasons[0] : undefined;
  if (top) items.push(t('pack.summary.topReason', { reason: c.reason('rejection', top.label, top.code), count: top.count, share: pct(top.share) }));
  const accepted = review.proposals.find((p) => p.decision === 'accept');
  const open = review.proposals.filter((p) => !p.decision);
  // A pack printed before the meeting must not read as if the meeting had turned everything down.
  items.push(
    accepted
      ? t('pack.summary.accepted', { title: accepted.title, number: num(accepted.version.number), status: t(`review.versionStatus.${accepted.version.status}`, { approvals: num(accepted.version.approvals) }) })
      : review.proposals.length === 0
        ? t('pack.summary.noProposals')
        : open.length > 0 && review.status !== 'closed'
          ? t('pack.summary.toDecide', { count: open.length, titles: c.list(open.map((p) => p.title)) })
          : t('pack.summary.noneAccepted'),
  );
  const others = review.proposals.filter((p) => p.decision && p.decision !== 'accept');
  if (others.length) items.push(c.list(others.map((p) => t('pack.summary.otherDecision', { title: p.title, decision: p.decision ?? 'defer' }))));
  if (review.actions.length) items.push(t('pack.summary.actions', { count: review.actions.length }));
  return `<ul class="summary">${items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>`;
}

export function packTitle(locale: string, quarter: string): string {
  return translator(locale).t('review.pageTitle', { quarter });
}

/** The pack of one review; `locale` is the reader's (the app sends its UI's), English by default. */
export function packHtml(db: Db, reviewId: string, opts: { locale?: string; at?: number } = {}): { filename: string; html: string; title: string } {
  const review = get(db, reviewId);
  const c = context(translator(opts.locale ?? 'en'), ruleValueNames(db));
  const { t } = c;
  const attendees = review.attendees.length ? esc(c.list(review.attendees.map((a) => t('pack.attendee', { name: a.name, team: t(`team.${a.team}`) })))) : '—';
  const title = t('review.pageTitle', { quarter: review.quarter });
  const agenda = review.agenda
    .map((item, i) => {
      const m = agendaTitleMessage(item, review.quarter);
      const heading = m ? t(m.id, m.values) : item.title;
      const note = item.note.trim() ? `<h4>${esc(t('review.agenda.note'))}</h4><div class="note" dir="auto">${esc(item.note)}</div>` : '';
      return `<section class="agenda-item"><h2>${esc(`${c.num(i + 1)}. ${heading}`)}</h2>${agendaBody(c, item, review)}${note}</section>`;
    })
    .join('');
  const actions = table(
    c,
    [t('pack.actions.action'), t('review.actions.owner'), t('pack.actions.due'), t('pack.status')],
    review.actions.map((a) => [esc(a.text), esc(a.ownerName ?? '—'), c.date(a.dueOn), esc(t(a.done ? 'pack.actions.done' : 'pack.actions.open'))]),
    [],
  );
  const proposals = review.proposals.length ? review.proposals.map((p) => proposalSection(c, db, p)).join('') : muted(t('pack.proposals.none'));
  const resulting = review.resultingVersion ? esc(t('review.versionLabel', { number: review.resultingVersion.number, name: review.resultingVersion.name })) : '—';
  const html = `<!doctype html><html lang="${esc(c.locale)}" dir="${c.dir}"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${PACK_CSS}</style></head><body>
<section class="title-page"><div class="kicker">${esc(t('pack.kicker'))}</div><h1>${esc(title)}</h1>
<p>${esc(t('pack.intro'))}</p>
<dl><dt>${esc(t('pack.quarter'))}</dt><dd>${esc(review.quarter)}</dd><dt>${esc(t('pack.heldOn'))}</dt><dd>${c.date(review.heldOn)}</dd><dt>${esc(t('pack.status'))}</dt><dd>${esc(t(`review.status.${review.status}`))}</dd><dt>${esc(t('pack.attendees'))}</dt><dd>${attendees}</dd>
<dt>${esc(t('pack.resultingVersion'))}</dt><dd>${resulting}</dd></dl></section>
<section><h2>${esc(t('pack.summary'))}</h2>${summary(c, review)}</section>
${agenda}
<section class="page-break"><h2>${esc(t('review.proposals.title'))}</h2>${proposals}</section>
<section><h2>${esc(t('review.actions.title'))}</h2>${actions}</section>
<footer>${esc(t('pack.footer', { date: c.date(opts.at ?? now()) }))}</footer>
</body></html>`;
  return { filename: `criteria-review-${review.quarter}.html`, html, title };
}
