import type { Db } from '../../db/connection.js';
import type { OfferType } from '../../../shared/contracts/common.js';
import { DEFAULT_LOSS_REASONS, DEFAULT_REJECTION_REASONS } from '../../../shared/domain/default-reasons.js';
import type { Rng } from '../../../shared/domain/random.js';
import { V1, V2, type VersionDef } from './criteria.js';
import { compileVersion, type CompiledVersion } from './scoring.js';
import { DAY, type DemoCampaign, type DemoOffer, type DemoUser, type LossReasonRef, type ReasonRef } from './types.js';

/** The small, hand-written part of the demo: people, campaigns, offers, taxonomies and criteria. */

export interface Catalog {
  marketingOwner: DemoUser;
  salesOwner: DemoUser;
  reps: DemoUser[];
  users: DemoUser[];
  campaigns: DemoCampaign[];
  offers: DemoOffer[];
  nurtureCampaign: DemoCampaign;
  reasons: Map<string, ReasonRef>;
  lossReasons: Map<string, LossReasonRef>;
  versions: [CompiledVersion, CompiledVersion];
  counts: Record<string, number>;
}

/** Where a compiled version came from, so another thread can compile the same one. */
export interface VersionRef {
  number: 1 | 2;
  id: string;
  ruleIds: string[];
  effectiveFrom: number;
  effectiveTo: number | null;
}

/** The catalog as plain data (no compiled rules), to hand to a worker thread. */
export type CatalogSnapshot = Omit<Catalog, 'versions'> & { versionRefs: [VersionRef, VersionRef] };

export function snapshotCatalog(c: Catalog & { versionRefs: [VersionRef, VersionRef] }): CatalogSnapshot {
  const { versions: _compiled, ...rest } = c;
  return rest;
}

export function catalogFromSnapshot(s: CatalogSnapshot): Catalog & { versionRefs: [VersionRef, VersionRef] } {
  const compile = (r: VersionRef) =>
    compileVersion(r.number === 1 ? V1 : V2, r.id, r.ruleIds, r.effectiveFrom, r.effectiveTo);
  return { ...s, versions: [compile(s.versionRefs[0]), compile(s.versionRefs[1])] };
}

/** UTC midnight of the first day of the month `months` after the month of `ms`. */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
}

const USERS: { name: string; team: DemoUser['team']; role: DemoUser['role'] }[] = [
  { name: 'Maya van Dijk', team: 'marketing', role: 'owner' },
  { name: 'Jonas Becker', team: 'marketing', role: 'member' },
  { name: 'Rachel Stone', team: 'sales', role: 'owner' },
  { name: 'Sophie Laurent', team: 'sales', role: 'member' },
  { name: 'Daan Visser', team: 'sales', role: 'member' },
  { name: 'Marcus Weber', team: 'sales', role: 'member' },
  { name: 'Priya Nair', team: 'sales', role: 'member' },
  { name: 'Tom Clarke', team: 'sales', role: 'member' },
  { name: 'Elena García', team: 'sales', role: 'member' },
  { name: 'Inès Moreau', team: 'ops', role: 'member' },
];

/** Campaigns; `from`/`to` are month offsets into the 12-month window (null: always on). */
const CAMPAIGNS: { name: string; channel: string; cost: number; from: number | null; to: number | null }[] = [
  { name: 'Google Ads – Lead scoring', channel: 'paid_search', cost: 48_000, from: null, to: null },
  { name: 'Google Ads – Competitor terms', channel: 'paid_search', cost: 26_000, from: null, to: null },
  { name: 'LinkedIn – ABM enterprise', channel: 'paid_social', cost: 52_000, from: null, to: null },
  { name: 'LinkedIn – Webinar promotion', channel: 'paid_social', cost: 18_000, from: null, to: null },
  { name: 'Meta – Retargeting', channel: 'paid_social', cost: 9_000, from: null, to: null },
  { name: 'SEO & blog', channel: 'organic', cost: 12_000, from: null, to: null },
  { name: 'Product Hunt launch', channel: 'organic', cost: 2_000, from: 2, to: 4 },
  { name: 'Monthly newsletter', channel: 'email', cost: 3_000, from: null, to: null },
  { name: 'Nurture sequence', channel: 'email', cost: 2_500, from: null, to: null },
  { name: 'SaaStr Europa booth', channel: 'events', cost: 35_000, from: 4, to: 6 },
  { name: 'Field roadshow Benelux', channel: 'events', cost: 22_000, from: 8, to: 10 },
  { name: 'Partner referrals – CRM agencies', channel: 'partner', cost: 15_000, from: null, to: null },
  { name: 'Direct & word of mouth', channel: 'direct', cost: 0, from: null, to: null },
  { name: 'Q4 pricing promo', channel: 'paid_search', cost: 14_000, from: 9, to: 12 },
];
const NURTURE = 8;

const OFFERS: { name: string; type: OfferType; campaign: number; page: string | null; cost: number; weight: number }[] =
  [
    {
      name: 'Ebook: The lead scoring playbook',
      type: 'ebook',
      campaign: 5,
      page: '/lp/lead-scoring-playbook',
      cost: 4_000,
      weight: 3,
    },
    {
      name: 'Ebook: SLA templates for SDR teams',
      type: 'ebook',
      campaign: 2,
      page: '/lp/sla-templates',
      cost: 2_500,
      weight: 2,
    },
    {
      name: 'Ebook: MQL benchmark report',
      type: 'ebook',
      campaign: 0,
      page: '/lp/mql-benchmarks',
      cost: 6_000,
      weight: 2,
    },
    {
      name: 'Webinar: Fixing the marketing–sales handoff',
      type: 'webinar',
      campaign: 3,
      page: '/webinars/handoff',
      cost: 2_500,
      weight: 3,
    },
    {
      name: 'Webinar: Scoring with intent data',
      type: 'webinar',
      campaign: 3,
      page: '/webinars/intent',
      cost: 2_000,
      weight: 2,
    },
    { name: 'Webinar: Partner panel', type: 'webinar', campaign: 11, page: null, cost: 1_000, weight: 1 },
    { name: 'Demo request (website)', type: 'demo_request', campaign: 12, page: '/demo', cost: 0, weight: 3 },
    { name: 'Demo request (Google Ads)', type: 'demo_request', campaign: 0, page: '/lp/demo', cost: 500, weight: 2 },
    { name: 'Event demo booking', type: 'demo_request', campaign: 9, page: null, cost: 1_500, weight: 2 },
    { name: 'Free trial sign-up', type: 'free_trial', campaign: 5, page: '/signup', cost: 0, weight: 3 },
    { name: 'Free trial (LinkedIn)', type: 'free_trial', campaign: 2, page: '/lp/trial', cost: 800, weight: 2 },
    {
      name: 'Free trial (Product Hunt)',
      type: 'free_trial',
      campaign: 6,
      page: '/lp/producthunt',
      cost: 300,
      weight: 4,
    },
    { name: 'Pricing page', type: 'pricing_page', campaign: 12, page: '/pricing', cost: 0, weight: 3 },
    {
      name: 'Pricing comparison (competitor ads)',
      type: 'pricing_page',
      campaign: 1,
      page: '/lp/compare',
      cost: 1_200,
      weight: 2,
    },
    { name: 'Q4 pricing offer', type: 'pricing_page', campaign: 13, page: '/lp/q4-pricing', cost: 900, weight: 3 },
    { name: 'Newsletter sign-up', type: 'newsletter', campaign: 7, page: '/newsletter', cost: 0, weight: 3 },
    {
      name: 'Email course: Scoring 101',
      type: 'newsletter',
      campaign: 8,
      page: '/lp/scoring-101',
      cost: 1_500,
      weight: 2,
    },
    { name: 'LinkedIn lead-gen form', type: 'ad', campaign: 2, page: null, cost: 3_000, weight: 3 },
    { name: 'Meta lead ad', type: 'ad', campaign: 4, page: null, cost: 1_500, weight: 2 },
    { name: 'Search ad lead form', type: 'ad', campaign: 1, page: null, cost: 2_000, weight: 2 },
    {
      name: 'Landing page: ROI calculator',
      type: 'landing_page',
      campaign: 0,
      page: '/lp/roi-calculator',
      cost: 3_500,
      weight: 3,
    },
    {
      name: 'Landing page: Benelux roadshow',
      type: 'landing_page',
      campaign: 10,
      page: '/lp/roadshow',
      cost: 1_000,
      weight: 3,
    },
    { name: 'Landing page: SaaStr booth', type: 'landing_page', campaign: 9, page: '/lp/saastr', cost: 800, weight: 3 },
    {
      name: 'Landing page: CRM partner directory',
      type: 'landing_page',
      campaign: 11,
      page: '/partners',
      cost: 0,
      weight: 1,
    },
  ];

const slug = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '.')
    .replace(/^\.|\.$/g, '');

export interface CatalogTimes {
  start: number;
  end: number;
  /** When v2 replaced v1. */
  switchAt: number;
}

export function catalogTimes(start: number, end: number): CatalogTimes {
  return { start, end, switchAt: addMonths(start, 7) + 9 * DAY };
}

/** Insert users, campaigns, offers, reason taxonomies and the two criteria versions; return what the simulation needs. */
export function writeCatalog(
  db: Db,
  rng: Rng,
  times: CatalogTimes,
): Catalog & { versionRefs: [VersionRef, VersionRef] } {
  const { start, end, switchAt } = times;
  const counts: Record<string, number> = {};
  const bump = (t: string, n = 1) => (counts[t] = (counts[t] ?? 0) + n);

  // Users
  const userAt = start - 120 * DAY;
  const insUser = db.prepare(
    'INSERT INTO users (id, name, email, team, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const users: DemoUser[] = USERS.map((u, i) => {
    const at = userAt + i * 3_600_000;
    const user: DemoUser = {
      id: rng.uuidv7(at),
      name: u.name,
      email: `${slug(u.name)}@leadpact-demo.example`,
      team: u.team,
      role: u.role,
    };
    insUser.run(user.id, user.name, user.email, user.team, user.role, at, at);
    bump('users');
    return user;
  });
  const marketingOwner = users.find((u) => u.team === 'marketing' && u.role === 'owner')!;
  const salesOwner = users.find((u) => u.team === 'sales' && u.role === 'owner')!;
  const reps = users.filter((u) => u.team === 'sales' && u.role === 'member');

  // Campaigns and offers
  const insCampaign = db.prepare(
    'INSERT INTO campaigns (id, name, channel, cost, currency, starts_at, ends_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const campaigns: DemoCampaign[] = CAMPAIGNS.map((c, i) => {
    const startsAt = c.from === null ? start - 30 * DAY : addMonths(start, c.from);
    const endsAt = c.to === null ? null : Math.min(addMonths(start, c.to), end);
    const createdAt = startsAt - 14 * DAY + i * 60_000;
    const campaign: DemoCampaign = {
      id: rng.uuidv7(createdAt),
      name: c.name,
      channel: c.channel,
      cost: c.cost,
      startsAt,
      endsAt,
    };
    insCampaign.run(campaign.id, c.name, c.channel, c.cost, 'USD', startsAt, endsAt, createdAt, createdAt);
    bump('campaigns');
    return campaign;
  });
  const insOffer = db.prepare(
    'INSERT INTO offers (id, name, type, campaign_id, channel, landing_page, cost, currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const offers: DemoOffer[] = OFFERS.map((o, i) => {
    const campaign = campaigns[o.campaign]!;
    const createdAt = (campaign.startsAt ?? start) - 7 * DAY + i * 60_000;
    const offer: DemoOffer = {
      id: rng.uuidv7(createdAt),
      name: o.name,
      type: o.type,
      campaign,
      landingPage: o.page,
      cost: o.cost,
      weight: o.weight,
    };
    insOffer.run(offer.id, o.name, o.type, campaign.id, campaign.channel, o.page, o.cost, 'USD', createdAt, createdAt);
    bump('offers');
    return offer;
  });

  // Taxonomies: keep rows a workspace may already have (same code), add the missing defaults.
  const taxAt = start - 100 * DAY;
  const insReason = db.prepare(
    `INSERT INTO rejection_reasons (id, code, label, blame, action, comment_required, reopen_kind, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING`,
  );
  DEFAULT_REJECTION_REASONS.forEach((r, i) => {
    const at = taxAt + i;
    bump(
      'rejection_reasons',
      insReason.run(
        rng.uuidv7(at),
        r.code,
        r.label,
        r.blame,
        r.action,
        r.commentRequired ? 1 : 0,
        r.reopenKind,
        i,
        at,
        at,
      ).changes,
    );
  });
  const reasons = new Map<string, ReasonRef>();
  for (const r of db.prepare('SELECT id, code, label, action, reopen_kind FROM rejection_reasons').all() as {
    id: string;
    code: string;
    label: string;
    action: ReasonRef['action'];
    reopen_kind: ReasonRef['reopenKind'];
  }[]) {
    reasons.set(r.code, { id: r.id, code: r.code, label: r.label, action: r.action, reopenKind: r.reopen_kind });
  }
  const insLoss = db.prepare(
    'INSERT INTO loss_reasons (id, code, label, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(code) DO NOTHING',
  );
  DEFAULT_LOSS_REASONS.forEach((r, i) => {
    const at = taxAt + 1000 + i;
    bump('loss_reasons', insLoss.run(rng.uuidv7(at), r.code, r.label, i, at, at).changes);
  });
  const lossReasons = new Map<string, LossReasonRef>();
  for (const r of db.prepare('SELECT id, code FROM loss_reasons').all() as LossReasonRef[]) lossReasons.set(r.code, r);

  // Criteria: v1 active from before the window until the review, v2 active since.
  const v1From = start - 60 * DAY;
  const v1 = writeVersion(
    db,
    rng,
    V1,
    { createdAt: v1From - 15 * DAY, from: v1From, to: switchAt, parentId: null },
    marketingOwner,
    salesOwner,
    bump,
  );
  const v2 = writeVersion(
    db,
    rng,
    V2,
    { createdAt: switchAt - 20 * DAY, from: switchAt, to: null, parentId: v1.ref.id },
    marketingOwner,
    salesOwner,
    bump,
  );
  const audit = db.prepare(
    'INSERT INTO audit (id, at, user_id, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  audit.run(
    rng.uuidv7(switchAt),
    switchAt,
    marketingOwner.id,
    'criteria_version',
    v1.ref.id,
    'retire',
    '{"status":"active"}',
    '{"status":"retired"}',
  );
  bump('audit');

  return {
    marketingOwner,
    salesOwner,
    reps,
    users,
    campaigns,
    offers,
    nurtureCampaign: campaigns[NURTURE]!,
    reasons,
    lossReasons,
    versions: [v1.compiled, v2.compiled],
    versionRefs: [v1.ref, v2.ref],
    counts,
  };
}

function writeVersion(
  db: Db,
  rng: Rng,
  def: VersionDef,
  t: { createdAt: number; from: number; to: number | null; parentId: string | null },
  marketingOwner: DemoUser,
  salesOwner: DemoUser,
  bump: (table: string, n?: number) => void,
): { compiled: CompiledVersion; ref: VersionRef } {
  const id = rng.uuidv7(t.createdAt);
  const status = t.to === null ? 'active' : 'retired';
  db.prepare(
    `INSERT INTO criteria_versions (id, number, name, status, levels, sla_hours, rationale, effective_from, effective_to, parent_id, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    def.number,
    def.name,
    status,
    JSON.stringify(def.levels),
    def.slaHours,
    def.rationale,
    t.from,
    t.to,
    t.parentId,
    marketingOwner.id,
    t.createdAt,
    t.to ?? t.from,
  );
  bump('criteria_versions');
  const insRule = db.prepare(
    `INSERT INTO criteria_rules (id, version_id, kind, label, field, operator, value, points, cap, decay_half_life_days, window_days, position, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const ruleIds = def.rules.map((r, i) => {
    const at = t.createdAt + 1 + i;
    const ruleId = rng.uuidv7(at);
    insRule.run(
      ruleId,
      id,
      r.kind,
      r.label,
      r.field,
      r.operator,
      JSON.stringify(r.value ?? null),
      r.points,
      r.cap ?? null,
      r.halfLifeDays ?? null,
      r.windowDays ?? null,
      i,
      at,
      at,
    );
    return ruleId;
  });
  bump('criteria_rules', ruleIds.length);
  const insApproval = db.prepare(
    'INSERT INTO approvals (id, version_id, user_id, team, decision, comment, at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const audit = db.prepare(
    'INSERT INTO audit (id, at, user_id, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  audit.run(
    rng.uuidv7(t.createdAt),
    t.createdAt,
    marketingOwner.id,
    'criteria_version',
    id,
    'create',
    null,
    JSON.stringify({ number: def.number, status: 'draft' }),
  );
  const approvals: [DemoUser, 'marketing' | 'sales', number, string][] = [
    [marketingOwner, 'marketing', t.from - 3 * DAY, 'Matches what marketing can deliver.'],
    [salesOwner, 'sales', t.from - 1 * DAY, 'Reps agree to the SLA.'],
  ];
  for (const [user, team, at, comment] of approvals) {
    insApproval.run(rng.uuidv7(at), id, user.id, team, 'approve', comment, at, at, at);
    audit.run(
      rng.uuidv7(at),
      at,
      user.id,
      'criteria_version',
      id,
      'approve',
      null,
      JSON.stringify({ team, decision: 'approve' }),
    );
  }
  bump('approvals', 2);
  audit.run(
    rng.uuidv7(t.from),
    t.from,
    marketingOwner.id,
    'criteria_version',
    id,
    'activate',
    '{"status":"approved"}',
    '{"status":"active"}',
  );
  bump('audit', 4);
  const ref: VersionRef = { number: def.number === 1 ? 1 : 2, id, ruleIds, effectiveFrom: t.from, effectiveTo: t.to };
  return { compiled: compileVersion(def, id, ruleIds, t.from, t.to), ref };
}
