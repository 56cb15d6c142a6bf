import type { OfferType } from '../../../shared/contracts/common.js';
import { Rng, WeightedSampler } from '../../../shared/domain/random.js';
import type { Catalog } from './catalog.js';
import { TERRITORY, makePerson, type Company } from './people.js';
import {
  EngagementBound,
  engagementOf,
  explain,
  fitOf,
  levelOf,
  round2,
  type CompiledVersion,
  type FitResult,
} from './scoring.js';
import {
  DAY,
  HOUR,
  type DemoLead,
  type DemoOffer,
  type DemoTouch,
  type DemoUser,
  type LeadFate,
  type ReasonRef,
} from './types.js';
import { TouchKinds, TouchQueue, touchIdStream, type TouchSink } from './touches.js';
import type { DemoWriter } from './writer.js';
import { rejectionComment } from './comments.js';
import { DEFAULT_NURTURE_DAYS } from '../../../shared/domain/stage-machine.js';
import { inDemoReporting } from './currency.js';

/**
 * The lifecycle of one lead, from its inquiry to won or lost, written as rows. Rates follow the
 * PRODUCT.md waterfall (inquiry→MQL 10–25 %, MQL→SAL 40–60 %, SAL→SQL 50–70 %, SQL→won 20–30 %)
 * and differ by the offer that brought the lead in, so the demo has a story to find:
 * webinar MQLs are often rejected for "no authority", demo requests are accepted and won most.
 */

type Rates = Record<OfferType, number>;

/** How long after a rescore starts its handoffs are stamped (it scores every lead first). */
const RESCORE_TAKES_MS = 5 * 60_000;
/** The app's nurture period for a recycle without a re-open date (handoffs-write.repo.ts). */
const NURTURE_MS = DEFAULT_NURTURE_DAYS * DAY;
/** Passes a lead may make through sales in the demo's year: handed off, recycled, back again. */
const MAX_PASSES = 3;

const FIRST_TOUCH: Rates = {
  ebook: 26,
  webinar: 18,
  newsletter: 12,
  ad: 13,
  landing_page: 10,
  pricing_page: 7,
  free_trial: 6,
  demo_request: 6,
};
const FOLLOW_LOW: Rates = {
  ebook: 30,
  webinar: 25,
  newsletter: 20,
  landing_page: 10,
  ad: 10,
  pricing_page: 3,
  free_trial: 1,
  demo_request: 1,
};
const FOLLOW_HIGH: Rates = {
  pricing_page: 30,
  demo_request: 20,
  free_trial: 20,
  webinar: 12,
  landing_page: 8,
  ebook: 5,
  newsletter: 3,
  ad: 2,
};

const ACCEPT: Rates = {
  demo_request: 0.82,
  free_trial: 0.7,
  pricing_page: 0.68,
  webinar: 0.4,
  ebook: 0.46,
  newsletter: 0.5,
  ad: 0.5,
  landing_page: 0.56,
};
const TO_SQL: Rates = {
  demo_request: 0.7,
  free_trial: 0.66,
  pricing_page: 0.64,
  webinar: 0.55,
  ebook: 0.5,
  newsletter: 0.55,
  ad: 0.55,
  landing_page: 0.58,
};
const WIN: Rates = {
  demo_request: 0.33,
  free_trial: 0.25,
  pricing_page: 0.24,
  webinar: 0.17,
  ebook: 0.12,
  newsletter: 0.17,
  ad: 0.17,
  landing_page: 0.19,
};

const REASON_WEIGHTS: Record<string, number> = {
  invalid_contact: 5,
  duplicate: 4,
  existing_customer: 3,
  not_a_buyer: 3,
  outside_icp: 7,
  unsupported_geography: 1,
  no_authority: 9,
  no_need: 12,
  no_budget: 8,
  bad_timing: 10,
  already_solved: 6,
  no_response: 10,
  other: 2,
};
const OTHER_COMMENTS = [
  'Agency evaluating for a client; asked for partner pricing.',
  'Personal email, could not verify the company.',
  'Wants a self-serve plan only.',
];
const LOSS_WEIGHTS = new WeightedSampler<string>([
  ['price', 22],
  ['competitor', 25],
  ['no_decision', 25],
  ['timing', 12],
  ['missing_feature', 10],
  ['budget_cut', 6],
]);
const COMPETITORS = ['Pipewise', 'Qualifyr', 'FunnelForge', 'Scoreboard.io', 'In-house spreadsheet'];
const PAGES = [
  '/',
  '/product',
  '/pricing',
  '/customers',
  '/blog/lead-scoring-101',
  '/blog/marketing-sales-sla',
  '/integrations/hubspot',
  '/integrations/salesforce',
];
const VISIT_CHANNEL_NAMES = ['organic', 'direct', 'paid_search', 'email'];
const VISIT_CHANNELS = new WeightedSampler<number>([
  [0, 45],
  [1, 30],
  [2, 15],
  [3, 10],
]);
const HOURS = new WeightedSampler<number>(
  [1, 1, 1, 1, 1, 2, 4, 8, 12, 14, 14, 13, 11, 12, 13, 13, 12, 10, 8, 6, 5, 4, 3, 2].map((w, h) => [h, w] as const),
);

interface OfferSamplers {
  first: WeightedSampler<DemoOffer>;
  low: WeightedSampler<DemoOffer>;
  high: WeightedSampler<DemoOffer>;
}

export interface FunnelOptions {
  seed: number;
  start: number;
  end: number;
  touchpointsPerLead: number;
  companies: number;
}

export class Funnel {
  private readonly rng: Rng;
  /** Id streams per table group: touchpoint ids are drawn where touchpoints are written (see TouchQueue). */
  private readonly leadIds: Rng;
  private readonly funnelIds: Rng;
  /** Reps' comments and checklist ticks: a stream of their own, so adding them changed nothing else. */
  private readonly talk: Rng;
  private readonly cat: Catalog;
  private readonly w: DemoWriter;
  private readonly o: FunnelOptions;
  private readonly emailTaken = new Set<number>();
  private readonly companies: Company[];
  private readonly samplers = new Map<string, OfferSamplers>();
  private offersDay = -1;
  private offersToday: OfferSamplers | null = null;
  private readonly reps: WeightedSampler<number>;
  private readonly repRejectFactor = [1.0, 0.85, 1.3, 1.0, 0.9, 1.1];
  private readonly lambdaScale: number;
  private readonly touches: DemoTouch[] = [];
  private readonly times: number[] = [];
  readonly kinds: TouchKinds;
  private readonly bound = new EngagementBound();
  private readonly v1: CompiledVersion;
  private readonly v2: CompiledVersion;
  private outcomeSeq = 0;
  /** State of the lead being simulated: its current stage and last change. */
  private cur: { lead: DemoLead | null; stage: string; updatedAt: number } = {
    lead: null,
    stage: 'lead',
    updatedAt: 0,
  };
  /** Where touchpoints go: a day queue writing them in time order, or the worker thread. */
  readonly touchSink: TouchSink;
  /** What happened to the lead being simulated (reset for each lead). */
  private readonly fate: LeadFate = { handedAt: null, decision: null, reason: null, sqlAt: null, wonAt: null, revenue: 0 };
  /** Sees each lead once simulated: its first `k` touches (a reused pool) and its fate. */
  onLead: ((lead: DemoLead, touches: readonly DemoTouch[], k: number, fate: Readonly<LeadFate>) => void) | null = null;

  /** `touchSink` defaults to a TouchQueue writing through `writer.touchpoints`. */
  constructor(
    catalog: Catalog,
    writer: DemoWriter,
    options: FunnelOptions,
    touchSink?: (kinds: TouchKinds) => TouchSink,
  ) {
    this.cat = catalog;
    this.w = writer;
    this.o = options;
    this.rng = new Rng(options.seed, 'leads');
    this.companies = Array.from<Company>({ length: options.companies });
    this.leadIds = new Rng(options.seed, 'ids:leads');
    this.funnelIds = new Rng(options.seed, 'ids:funnel');
    this.talk = new Rng(options.seed, 'comments');
    [this.v1, this.v2] = catalog.versions;
    this.kinds = new TouchKinds(catalog.nurtureCampaign.id);
    this.touchSink = touchSink
      ? touchSink(this.kinds)
      : new TouchQueue(options.start, writer.touchpoints, this.kinds, touchIdStream(options.seed));
    this.reps = new WeightedSampler(catalog.reps.map((_, i) => [i, [1.2, 1.0, 1.0, 0.9, 1.1, 0.8][i] ?? 1] as const));
    // Scale the extra-touch rate so the average over leads is exactly the requested touchpoints per lead.
    const probe = new Rng(options.seed, 'probe');
    let sum = 0;
    const n = 20_000;
    const types = new WeightedSampler(Object.entries(FIRST_TOUCH) as [OfferType, number][]);
    for (let i = 0; i < n; i++) sum += this.engagementWeight(this.intentFor(types.sample(probe), probe));
    this.lambdaScale = Math.max(0, options.touchpointsPerLead - 1) / (sum / n);
  }

  /** Lead creation instants for one UTC day, sorted, with office hours busier than nights. */
  timesForDay(dayStart: number, count: number): number[] {
    const out = new Array<number>(count);
    for (let i = 0; i < count; i++)
      out[i] = dayStart + HOURS.sample(this.rng) * HOUR + Math.floor(this.rng.next() * HOUR);
    return out.sort((a, b) => a - b);
  }

  /** The current lead's last recycle: when the app brings it back to nurture, and from which handoff. */
  private recycled: { until: number; handoffId: string | null } | null = null;

  private versionAt(t: number): CompiledVersion {
    return t >= this.v2.effectiveFrom ? this.v2 : this.v1;
  }

  /** Offer samplers for the campaigns running at `t`; looked up once per UTC day. */
  private offersAt(t: number): OfferSamplers {
    const day = Math.floor(t / DAY);
    if (day === this.offersDay && this.offersToday) return this.offersToday;
    const active = this.cat.offers.filter(
      (o) => (o.campaign.startsAt ?? -Infinity) <= t && t < (o.campaign.endsAt ?? Infinity),
    );
    const key = active.map((o) => o.id).join();
    let s = this.samplers.get(key);
    if (!s) {
      const by = (rates: Rates) => {
        const typeTotal = new Map<OfferType, number>();
        for (const o of active) typeTotal.set(o.type, (typeTotal.get(o.type) ?? 0) + o.weight);
        return new WeightedSampler(
          active.map((o) => [o, (rates[o.type] * o.weight) / typeTotal.get(o.type)!] as const),
        );
      };
      s = { first: by(FIRST_TOUCH), low: by(FOLLOW_LOW), high: by(FOLLOW_HIGH) };
      this.samplers.set(key, s);
    }
    this.offersDay = day;
    this.offersToday = s;
    return s;
  }

  private intentFor(type: OfferType, rng: Rng): number {
    const u = rng.next();
    switch (type) {
      case 'demo_request':
        return 0.55 + 0.45 * u;
      case 'free_trial':
        return 0.4 + 0.5 * u;
      case 'pricing_page':
        return 0.3 + 0.5 * u;
      default:
        return 0.5 * u * u;
    }
  }

  private engagementWeight(intent: number): number {
    return 0.4 + 1.2 * intent;
  }

  /** Simulate and write one lead with everything that happened to it before the end date. */
  lead(seq: number, createdAt: number): void {
    const { rng, o } = this;
    const p = makePerson(rng, o.seed, o.companies, this.emailTaken, this.companies);
    const offers = this.offersAt(createdAt);
    const firstOffer = offers.first.sample(rng);
    const intent = this.intentFor(firstOffer.type, rng);
    const lead: DemoLead = {
      id: this.leadIds.uuidv7(createdAt),
      seq,
      // The seed in CRM ids (here and OPP-): demos of other seeds are other people, and sync merges on these ids.
      externalId: `HS-${String(seq).padStart(6, '0')}-${o.seed.toString(36)}`,
      email: p.email,
      name: p.name,
      company: p.company,
      domain: p.domain,
      country: p.country,
      industry: p.industry,
      employees: p.employees,
      jobTitle: p.jobTitle,
      seniority: p.seniority,
      budget: p.budget,
      source: firstOffer.campaign.channel,
      firstOffer,
      attributes: p.attributes,
      attributesJson: p.attributesJson,
      createdAt,
      intent,
    };

    const k = this.makeTouches(lead, offers);
    const touches = this.touches;
    const fate = this.fate;
    fate.handedAt = fate.decision = fate.reason = fate.sqlAt = fate.wonAt = null;
    fate.revenue = 0;

    // Disqualifiers and the MQL moment, under the version active at each touch.
    let disqualifiedBy: string | null = null;
    let mql: { at: number; version: CompiledVersion; score: number; level: string } | null = null;
    let fitVersion: CompiledVersion | null = null;
    let fit: FitResult = { points: 0, disqualifiedBy: null };
    const bound = this.bound;
    for (let j = 0; j < k; j++) {
      const t = touches[j]!.at;
      const v = this.versionAt(t);
      if (v !== fitVersion) {
        // v2 went live between two touches, and its rescore may already have made this an MQL.
        if (v === this.v2 && fitVersion === this.v1) {
          mql = this.mqlAtRescore(lead, j, this.v2.effectiveFrom);
          if (mql) break;
        }
        fit = fitOf(v, lead);
        fitVersion = v;
        bound.reset(v, touches, j);
      }
      if (fit.disqualifiedBy) {
        disqualifiedBy = v.disqualifiers.find((r) => r.id === fit.disqualifiedBy)!.label;
        break;
      }
      // Decay and windows only lower the score: skip the exact sum while even the undecayed one falls short.
      if (fit.points + bound.add(touches[j]!) < v.mqlThreshold - 0.1) continue;
      const total = round2(fit.points + engagementOf(v, touches, j + 1, t));
      if (total >= v.mqlThreshold) {
        // Scored as the touch arrives (an import or a pull scores its leads at once), handed off
        // minutes later; a touch in the last minutes is handed off before the end, not never.
        // Before the next touch, which the score at handoff must not include.
        const at = Math.min(t + rng.int(1, 15) * 60_000, o.end - 1000, (touches[j + 1]?.at ?? Infinity) - 1);
        if (at > t) mql = { at, version: v, score: total, level: levelOf(v, total, false)! };
        break;
      }
    }

    // Scores move without new touches (a negative rule's points decay or leave their window) and a
    // lead whose touches all came before v2 went live was scored again then: the app hands off at
    // each rescore whatever is at an MQL level, so the demo must too, or its first real rescore would
    // hand off hundreds of leads the story never did.
    if (!mql && !disqualifiedBy && k > 0) {
      if (touches[k - 1]!.at < this.v2.effectiveFrom) mql = this.mqlAtRescore(lead, k, this.v2.effectiveFrom);
      mql ??= this.mqlAtRescore(lead, k, o.end - HOUR);
    }

    // The current score under the active version, as of the end date. Handed-off leads get the
    // app's own scorer, whose rule-by-rule explanation is stored in `scores`.
    const app = mql ? explain(this.v2, lead, touches, k, this.kinds.list, o.end) : null;
    let scoreNow: number;
    let levelNow: string | null;
    if (app) {
      scoreNow = app.total;
      levelNow = app.level;
    } else {
      const fitNow = fitVersion === this.v2 ? fit : fitOf(this.v2, lead);
      scoreNow = round2(fitNow.points + engagementOf(this.v2, touches, k, o.end));
      levelNow = levelOf(this.v2, scoreNow, fitNow.disqualifiedBy !== null);
    }

    const cur = this.cur;
    cur.lead = lead;
    cur.stage = 'lead';
    cur.updatedAt = createdAt;
    let owner: DemoUser | null = null;
    if (disqualifiedBy) {
      this.event('lead', 'disqualified', createdAt + 60_000, null, `Disqualifier: ${disqualifiedBy}`, null);
    } else if (mql) {
      const repIndex = this.reps.sample(rng);
      owner = this.cat.reps[repIndex]!;
      this.recycled = null;
      this.lifecycle(lead, mql, owner, this.repRejectFactor[repIndex] ?? 1);
      this.laterPasses(lead, k, owner, this.repRejectFactor[repIndex] ?? 1);
      const at = o.end - HOUR;
      const id = this.funnelIds.uuidv7(at);
      const a = app!;
      this.w.scores.add(
        id,
        lead.id,
        this.v2.id,
        a.fit,
        a.engagement,
        a.total,
        a.level,
        a.disqualifiedBy?.ruleId ?? null,
        JSON.stringify(a.contributions),
        at,
        at,
        at,
      );
    }

    this.w.leads.add(
      lead.id,
      lead.externalId,
      lead.email,
      lead.name,
      lead.company,
      lead.domain,
      lead.country,
      lead.industry,
      lead.employees,
      lead.jobTitle,
      lead.seniority,
      lead.budget,
      lead.source,
      firstOffer.id,
      firstOffer.campaign.id,
      owner?.id ?? null,
      cur.stage,
      scoreNow,
      levelNow,
      lead.attributesJson,
      createdAt,
      cur.updatedAt,
    );
    for (let j = 0; j < k; j++) {
      const t = touches[j]!;
      this.touchSink.push(lead.id, t.kind, t.at, t.value);
    }
    this.onLead?.(lead, touches, k, fate);
  }

  /** A stage change of the current lead. */
  private event(
    from: string,
    to: string,
    at: number,
    by: DemoUser | null,
    why: string,
    handoffId: string | null,
  ): void {
    const cur = this.cur;
    this.w.stageEvents.add(this.funnelIds.uuidv7(at), cur.lead!.id, from, to, at, by?.id ?? null, why, handoffId, at);
    // lead_rollup's sql_at: the first event into the SQL rung or beyond (the demo's first is always 'sql').
    if (this.fate.sqlAt === null && (to === 'sql' || to === 'opportunity' || to === 'won' || to === 'lost')) this.fate.sqlAt = at;
    cur.stage = to;
    cur.updatedAt = at;
  }

  /**
   * What the app does after a pass through sales ends, played on, so that the user's first rescore
   * of a fresh demo does not hand off at that moment every lead the story left waiting:
   * - a recycled lead is nurture again at its re-open date (applyDueReopens, with the same words),
   *   and the next night's rescore hands it off again if it is still at an MQL level (or the last
   *   rescore does, if later touches take it there); a re-open date in the last day is left to the app;
   * - a lost lead that engages again is handed off when a new touch takes it to an MQL level, as a
   *   touch scored on arrival would be (the app's re-engaged rule).
   */
  private laterPasses(lead: DemoLead, k: number, rep: DemoUser, rejectFactor: number): void {
    const { o } = this;
    const last = o.end - HOUR;
    for (let pass = 1; pass < MAX_PASSES; pass++) {
      let mql: { at: number; version: CompiledVersion; score: number; level: string } | null = null;
      if (this.cur.stage === 'recycled' && this.recycled) {
        const { until, handoffId } = this.recycled;
        this.recycled = null;
        const night = (Math.floor(until / DAY) + 1) * DAY + HOUR;
        if (night >= last) return;
        this.event('recycled', 'lead', until, null, `Back in nurture: re-open date ${new Date(until).toISOString().slice(0, 10)} reached`, handoffId);
        mql = this.mqlAtNight(lead, this.touchesUpTo(k, night), night) ?? this.mqlAtRescore(lead, k, last);
      } else if (this.cur.stage === 'lost') {
        const lostAt = this.cur.updatedAt;
        for (let j = this.touchesUpTo(k, lostAt); j < k && !mql; j++) {
          const t = this.touches[j]!.at;
          if (t >= last) break;
          mql = this.mqlAtNight(lead, j + 1, t);
        }
        if (!mql && this.touchesUpTo(k, lostAt) < k) mql = this.mqlAtRescore(lead, k, last);
      }
      if (!mql) return;
      this.lifecycle(lead, mql, rep, rejectFactor);
    }
  }

  /** How many of the lead's first `k` touches (in time order) came at or before `at`. */
  private touchesUpTo(k: number, at: number): number {
    let n = 0;
    while (n < k && this.touches[n]!.at <= at) n++;
    return n;
  }

  /** The MQL a rescore at `at`, under the version live then, makes of a lead in nurture. */
  private mqlAtNight(lead: DemoLead, count: number, at: number): { at: number; version: CompiledVersion; score: number; level: string } | null {
    const v = this.versionAt(at);
    const f = fitOf(v, lead);
    if (f.disqualifiedBy) return null;
    const total = round2(f.points + engagementOf(v, this.touches, count, at));
    return total >= v.mqlThreshold ? { at: this.handedAt(count, at), version: v, score: total, level: levelOf(v, total, false)! } : null;
  }

  /**
   * The MQL a rescore under v2 at `at` makes of a lead not yet handed off, from its first `count`
   * touches: v2 going live rescored every lead, and the demo's last rescore (an hour before the end,
   * when its stored scores are from) hands off what reached a level since. Null below the threshold
   * or when a v2 disqualifier vetoes it.
   */
  private mqlAtRescore(
    lead: DemoLead,
    count: number,
    at: number,
  ): { at: number; version: CompiledVersion; score: number; level: string } | null {
    if (at >= this.o.end || at < lead.createdAt) return null;
    const v = this.v2;
    const f = fitOf(v, lead);
    if (f.disqualifiedBy) return null;
    const total = round2(f.points + engagementOf(v, this.touches, count, at));
    return total >= v.mqlThreshold ? { at: this.handedAt(count, at), version: v, score: total, level: levelOf(v, total, false)! } : null;
  }

  /**
   * When a rescore that scored at `at` stamps its handoff: minutes later, but before the lead's
   * next touch (the score at handoff is what the touches up to then give).
   */
  private handedAt(count: number, at: number): number {
    return Math.max(at, Math.min(at + RESCORE_TAKES_MS, (this.touches[count]?.at ?? Infinity) - 1));
  }

  /** This lead's touchpoints in time order, in the reused `touches` pool; returns how many. */
  private makeTouches(lead: DemoLead, offers: OfferSamplers): number {
    const { rng, o, kinds } = this;
    const first = lead.firstOffer;
    this.touch(0, kinds.ofOffer(first), lead.createdAt, first.type === 'webinar' ? rng.int(5, 60) : null);
    const extra = rng.poisson(this.lambdaScale * this.engagementWeight(lead.intent));
    if (extra === 0) return 1;
    const spread = Math.max(
      1,
      Math.min(Math.min(150, Math.max(3, rng.logNormal(35, 0.6))) * DAY, o.end - lead.createdAt - 60_000),
    );
    const times = this.times;
    times.length = extra;
    for (let j = 0; j < extra; j++) times[j] = lead.createdAt + 1 + Math.floor(rng.next() * spread);
    times.sort((a, b) => a - b);
    for (let j = 0; j < extra; j++) {
      const at = times[j]!;
      const r = rng.next();
      if (r < 0.15 + 0.45 * lead.intent) {
        const offer = (rng.chance(lead.intent * lead.intent) ? offers.high : offers.low).sample(rng);
        this.touch(j + 1, kinds.ofOffer(offer), at, offer.type === 'webinar' ? rng.int(5, 60) : null);
      } else if (rng.chance(0.6)) {
        const channel = VISIT_CHANNELS.sample(rng);
        const page = Math.floor(rng.next() * PAGES.length);
        this.touch(
          j + 1,
          kinds.ofVisit(channel * PAGES.length + page, PAGES[page]!, VISIT_CHANNEL_NAMES[channel]!),
          at,
          Math.round(rng.logNormal(70, 1)),
        );
      } else {
        this.touch(j + 1, kinds.emailOpen, at, null);
      }
    }
    return extra + 1;
  }

  private touch(i: number, kind: number, at: number, value: number | null): void {
    const t = (this.touches[i] ??= { kind: 0, type: '', at: 0, value: null });
    t.kind = kind;
    t.type = this.kinds.list[kind]!.type;
    t.at = at;
    t.value = value;
  }

  /** Handoff, the rep's decision and what followed, up to the end date. */
  private lifecycle(
    lead: DemoLead,
    mql: { at: number; version: CompiledVersion; score: number; level: string },
    rep: DemoUser,
    rejectFactor: number,
  ): void {
    const { rng, o, cat } = this;
    const event = this.event.bind(this);
    const type = lead.firstOffer.type;
    const v = mql.version;
    const handoffId = this.funnelIds.uuidv7(mql.at);
    const slaDue = mql.at + v.slaHours * HOUR;
    event(this.cur.stage, 'mql', mql.at, null, `Score ${mql.score} reached ${mql.level} (v${v.number})`, handoffId);

    // Decision: the last two days' handoffs are mostly still pending, a few from the past weeks were
    // let slip past their SLA, and nothing older is left: a team works its inbox, so a rep opening the
    // demo sees this week's leads first, not a year-old backlog.
    const age = o.end - mql.at;
    const pendingChance = age < 2 * DAY ? 0.85 : age < 7 * DAY ? 0.3 : age < 21 * DAY ? 0.05 : 0;
    const decidedAt = mql.at + Math.round(rng.logNormal(14 * HOUR, 1.0));
    const decider = rng.chance(0.04) ? cat.salesOwner : rep;
    if (rng.chance(pendingChance) || decidedAt >= o.end) {
      this.handoff(handoffId, lead, mql, rep, slaDue, 'pending', null, null, null, null, null, null, '{}');
      return;
    }

    const outside = !(TERRITORY as readonly string[]).includes(lead.country);
    let accept = ACCEPT[type] + (mql.level === 'MQL-A' ? 0.08 : -0.03);
    if (outside) accept *= 0.3;
    if (lead.employees < 20) accept *= 0.6;
    if (lead.seniority === 'entry') accept *= 0.5;
    const rejectOdds = ((1 - accept) / Math.max(0.01, accept)) * rejectFactor;
    accept = 1 / (1 + rejectOdds);

    if (!rng.chance(accept)) {
      const reason = this.rejectionReason(lead, outside);
      const comment =
        (reason.code === 'other'
          ? rng.pick(OTHER_COMMENTS)
          : reason.code === 'no_response' && rng.chance(0.3)
            ? 'Three calls and two emails, no reply.'
            : null) ?? rejectionComment(reason.code, type, this.talk);
      const reopenAt =
        reason.reopenKind === 'date'
          ? decidedAt + Math.round(rng.logNormal(75 * DAY, 0.4))
          : reason.reopenKind === 'renewal'
            ? decidedAt + rng.int(150, 365) * DAY
            : null;
      this.handoff(handoffId, lead, mql, rep, slaDue, 'rejected', decidedAt, decider, reason, comment, reopenAt, 'mql', '{}');
      event('mql', 'rejected', decidedAt, decider, comment ? `${reason.label}: ${comment}` : reason.label, handoffId);
      const next = decidedAt + 1000;
      if (next >= o.end) return;
      if (reason.action === 'disqualify')
        event('rejected', 'disqualified', next, decider, `Disqualified: ${reason.label}`, handoffId);
      else if (reason.action === 'recycle') {
        event(
          'rejected',
          'recycled',
          next,
          decider,
          reopenAt ? `Back to nurture until ${new Date(reopenAt).toISOString().slice(0, 10)}` : 'Back to nurture',
          handoffId,
        );
        this.recycled = { until: reopenAt ?? decidedAt + NURTURE_MS, handoffId };
      }
      return;
    }

    // The SQL checklist as the rep left it: every item once the lead became an SQL, some before.
    const accepted = (ticked: number) =>
      this.handoff(handoffId, lead, mql, rep, slaDue, 'accepted', decidedAt, decider, null, null, null, 'mql', checklistJson(v.sqlRuleIds, ticked));
    event('mql', 'sal', decidedAt, decider, 'Accepted', handoffId);

    const toSql = TO_SQL[type] + (mql.level === 'MQL-A' ? 0.05 : -0.02);
    if (!rng.chance(toSql)) {
      accepted(this.talk.int(0, Math.max(0, v.sqlRuleIds.length - 1)));
      const at = decidedAt + Math.round(rng.logNormal(21 * DAY, 0.5));
      if (at < o.end && rng.chance(0.65)) {
        event('sal', 'recycled', at, rep, 'No opportunity after the discovery call', null);
        this.recycled = { until: at + NURTURE_MS, handoffId: null };
      }
      return;
    }
    const sqlAt = decidedAt + Math.round(rng.logNormal(6 * DAY, 0.6));
    if (sqlAt >= o.end) {
      accepted(this.talk.int(1, Math.max(1, v.sqlRuleIds.length - 1)));
      return;
    }
    accepted(v.sqlRuleIds.length);
    event('sal', 'sql', sqlAt, rep, 'Qualified: budget, authority, need and timing confirmed', null);
    const openAt = sqlAt + Math.round(rng.logNormal(2 * DAY, 0.7));
    if (openAt >= o.end) return;
    event('sql', 'opportunity', openAt, rep, 'Opportunity opened', null);

    const won = rng.chance(WIN[type] + (lead.employees >= 200 && lead.employees <= 5000 ? 0.03 : -0.02));
    const closeAt = openAt + Math.round(rng.logNormal(45 * DAY, 0.5));
    const amount = Math.round(rng.logNormal(9000 * Math.pow(Math.max(lead.employees, 5) / 200, 0.35), 0.5) / 100) * 100;
    const currency = ['NL', 'BE', 'DE', 'FR', 'ES', 'PL'].includes(lead.country) ? 'EUR' : 'USD';
    const outcomeId = this.funnelIds.uuidv7(openAt);
    const externalId = `OPP-${String(++this.outcomeSeq).padStart(6, '0')}-${o.seed.toString(36)}`;
    if (closeAt >= o.end) {
      this.w.outcomes.add(
        outcomeId,
        lead.id,
        externalId,
        openAt,
        null,
        'open',
        amount,
        currency,
        null,
        null,
        openAt,
        openAt,
      );
      return;
    }
    if (won) {
      this.w.outcomes.add(
        outcomeId,
        lead.id,
        externalId,
        openAt,
        closeAt,
        'won',
        amount,
        currency,
        null,
        null,
        openAt,
        closeAt,
      );
      event('opportunity', 'won', closeAt, rep, 'Closed won', null);
      this.fate.wonAt = closeAt;
      this.fate.revenue = inDemoReporting(amount, currency);
    } else {
      const code = LOSS_WEIGHTS.sample(rng);
      const loss = cat.lossReasons.get(code)!;
      const competitor = code === 'competitor' ? rng.pick(COMPETITORS) : null;
      this.w.outcomes.add(
        outcomeId,
        lead.id,
        externalId,
        openAt,
        closeAt,
        'lost',
        amount,
        currency,
        loss.id,
        competitor,
        openAt,
        closeAt,
      );
      event(
        'opportunity',
        'lost',
        closeAt,
        rep,
        competitor ? `Closed lost to ${competitor}` : `Closed lost: ${code.replace('_', ' ')}`,
        null,
      );
    }
  }

  private rejectionReason(lead: DemoLead, outside: boolean): ReasonRef {
    const weights: [ReasonRef, number][] = [];
    for (const [code, base] of Object.entries(REASON_WEIGHTS)) {
      const reason = this.cat.reasons.get(code);
      if (!reason) continue;
      let w = base;
      if (code === 'unsupported_geography' && outside) w += 80;
      if (
        code === 'outside_icp' &&
        (lead.employees < 50 ||
          !['Software', 'Financial services', 'Healthcare', 'Manufacturing'].includes(lead.industry))
      )
        w *= 2.5;
      if (code === 'no_authority') {
        if (lead.seniority === 'entry' || lead.seniority === 'individual_contributor') w *= 2.5;
        if (lead.firstOffer.type === 'webinar') w *= 3.5;
      }
      if (code === 'no_budget' && lead.budget === null) w *= 1.5;
      weights.push([reason, w]);
    }
    let x = this.rng.next() * weights.reduce((s, [, w]) => s + w, 0);
    for (const [reason, w] of weights) {
      x -= w;
      if (x < 0) return reason;
    }
    return weights[weights.length - 1]![0];
  }

  private handoff(
    id: string,
    lead: DemoLead,
    mql: { at: number; version: CompiledVersion; score: number; level: string },
    rep: DemoUser,
    slaDue: number,
    decision: 'pending' | 'accepted' | 'rejected',
    decidedAt: number | null,
    decider: DemoUser | null,
    reason: ReasonRef | null,
    comment: string | null,
    reopenAt: number | null,
    stageBefore: string | null,
    checklist: string,
  ): void {
    // The first handoff by handed_at is the one a backtest reads (lead_rollup's handoff_id).
    const fate = this.fate;
    if (fate.handedAt === null || mql.at < fate.handedAt) {
      fate.handedAt = mql.at;
      fate.decision = decision;
      fate.reason = reason;
    }
    this.w.handoffs.add(
      id,
      lead.id,
      mql.version.id,
      mql.score,
      mql.level,
      mql.at,
      rep.id,
      slaDue,
      decision,
      decidedAt,
      decider?.id ?? null,
      reason?.id ?? null,
      reason?.action ?? null,
      comment,
      reopenAt,
      stageBefore,
      checklist,
      mql.at,
      decidedAt ?? mql.at,
    );
  }
}

/** The first `ticked` SQL checklist items ticked, as the handoffs.checklist column stores them. */
function checklistJson(ruleIds: readonly string[], ticked: number): string {
  return JSON.stringify(Object.fromEntries(ruleIds.slice(0, ticked).map((id) => [id, true])));
}
