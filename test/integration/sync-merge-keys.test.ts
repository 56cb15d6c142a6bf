import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../main/db/ids.js';
import * as reasons from '../../main/services/reasons.js';
import * as outcomes from '../../main/services/outcomes.js';
import { leadIdFor } from '../../main/sync/ids.js';
import { DATASETS, importFile, loadMapping, writeFile } from '../helpers/import.js';
import { tempDir } from '../helpers/test-db.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub, type Laptop } from '../helpers/sync-hub.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

const SALVIRT = join(DATASETS, 'salvirt-b2b-sales/Salvirt_B2B_ML_dataset_HF.csv');
const LEAD_COLS = 'external_id, name, company, job_title, source, attributes, stage, created_at, deleted';

async function settle(laptops: Laptop[]): Promise<void> {
  for (let round = 0; round < 6; round++) {
    let changed = 0;
    for (const l of laptops) {
      const r = await l.sync();
      changed += r.pushed + r.applied;
    }
    if (changed === 0) return;
  }
  throw new Error('laptops did not settle in 6 rounds');
}

const count = (l: Laptop, sql: string, ...params: unknown[]): number => l.db.prepare(sql).pluck().get(...params) as number;
const refused = (l: Laptop) => count(l, 'SELECT count(*) FROM sync_refused');
const rowConflicts = (l: Laptop) => count(l, "SELECT count(*) FROM sync_conflicts WHERE col = '(row)'");
const setLead = (l: Laptop, externalId: string, col: 'job_title' | 'company' | 'name', value: string) =>
  l.db.prepare(`UPDATE leads SET ${col} = ?, updated_at = ? WHERE external_id = ?`).run(value, Date.now(), externalId).changes;
const leadId = (l: Laptop, externalId: string) => l.db.prepare('SELECT id FROM leads WHERE external_id = ?').pluck().get(externalId) as string;

/** A lead as a workspace made before ids came from the CRM id: a random id for the same CRM id. */
function legacyLead(l: Laptop, externalId: string, name: string): string {
  const id = newId();
  l.db.prepare("INSERT INTO leads (id, external_id, name, company, country, created_at, updated_at) VALUES (?, ?, ?, 'Acme', 'SI', 1000, 1000)").run(id, externalId, name);
  return id;
}
function legacyTouch(l: Laptop, lead: string, type: string): string {
  const id = newId();
  l.db.prepare('INSERT INTO touchpoints (id, lead_id, type, occurred_at, created_at, updated_at) VALUES (?, ?, ?, 2000, 2000, 2000)').run(id, lead, type);
  return id;
}

describe('rows with a natural key made on two laptops converge', () => {
  it('one CSV imported on two laptops: one lead per CRM id under one id, both edits kept, nothing refused', async () => {
    const hub = await TestHub.create(cluster);
    const tmp = tempDir();
    try {
      const m = await hub.member('marketing');
      const a = await hub.laptop(m);
      const b = await hub.laptop(m);
      // An activities file for the first 30 deals: offers and campaigns named, as a CRM exports them.
      const rows = Array.from({ length: 30 }, (_, i) =>
        [`salvirt-${i + 1}`, ['webinar', 'email_click', 'form_submit'][i % 3], `Offer ${i % 4}`, `Campaign ${i % 2}`, 'email', `2026-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`, String(i)].join(','),
      );
      const activities = { path: writeFile(tmp.dir, 'activities.csv', ['Record ID,Activity Type,Offer,Campaign,Channel,Timestamp,Value', ...rows].join('\n')) };
      for (const l of [a, b]) {
        const leads = await importFile(l.db, SALVIRT, loadMapping('salvirt-deals-leads.json'));
        expect(leads.counts.inserted).toBe(448);
        const deals = await importFile(l.db, SALVIRT, loadMapping('salvirt-deals-outcomes.json'));
        expect(deals.counts.inserted).toBe(448);
        const touches = await importFile(l.db, activities.path, loadMapping('crm-export-activities.json'));
        expect(touches.counts).toMatchObject({ inserted: 30, rejected: 0 });
      }
      // The same ids on both laptops before any sync: they come from the CRM ids.
      expect(a.rows('leads', 'external_id')).toEqual(b.rows('leads', 'external_id'));
      expect(leadId(a, 'salvirt-7')).toBe(leadIdFor('salvirt-7'));
      expect(a.rows('outcomes', 'external_id')).toEqual(b.rows('outcomes', 'external_id'));
      // Offline, each edits a different field of one lead, and a lead only it changes.
      expect(setLead(a, 'salvirt-1', 'job_title', 'CFO')).toBe(1);
      expect(setLead(b, 'salvirt-1', 'company', 'Salvirt d.o.o.')).toBe(1);
      setLead(a, 'salvirt-2', 'name', 'Edited on A');
      setLead(b, 'salvirt-3', 'name', 'Edited on B');
      await settle([a, b]);

      const leadsA = a.rows('leads', LEAD_COLS);
      expect(leadsA).toHaveLength(448);
      expect(b.rows('leads', LEAD_COLS)).toEqual(leadsA);
      expect(a.rows('outcomes', 'external_id, lead_id, result, deleted')).toEqual(b.rows('outcomes', 'external_id, lead_id, result, deleted'));
      expect(count(a, 'SELECT count(*) FROM outcomes')).toBe(448);
      // The activities too: one touchpoint per line, one offer and campaign per name.
      const TOUCH_COLS = 'lead_id, type, offer_id, campaign_id, occurred_at, value, deleted';
      expect(b.rows('touchpoints', TOUCH_COLS)).toEqual(a.rows('touchpoints', TOUCH_COLS));
      expect(count(a, 'SELECT count(*) FROM touchpoints')).toBe(30);
      expect(a.db.prepare('SELECT name FROM offers ORDER BY name').pluck().all()).toEqual(['Offer 0', 'Offer 1', 'Offer 2', 'Offer 3']);
      expect(a.db.prepare('SELECT name FROM campaigns ORDER BY name').pluck().all()).toEqual(['Campaign 0', 'Campaign 1']);
      expect(b.rows('offers', 'name, campaign_id')).toEqual(a.rows('offers', 'name, campaign_id'));
      // One creation event and one move to won or lost per lead, not one of each per laptop.
      expect(b.rows('stage_events', 'lead_id, from_stage, to_stage, at')).toEqual(a.rows('stage_events', 'lead_id, from_stage, to_stage, at'));
      expect(count(a, "SELECT count(*) FROM stage_events WHERE to_stage = 'lead'")).toBe(448);
      expect(count(a, "SELECT count(*) FROM stage_events WHERE to_stage IN ('won', 'lost')")).toBe(448);
      const one = a.db.prepare('SELECT job_title, company FROM leads WHERE external_id = ?').get('salvirt-1');
      expect(one).toEqual({ job_title: 'CFO', company: 'Salvirt d.o.o.' });
      for (const l of [a, b]) {
        expect(l.db.prepare("SELECT name FROM leads WHERE external_id IN ('salvirt-2', 'salvirt-3') ORDER BY external_id").pluck().all()).toEqual(['Edited on A', 'Edited on B']);
        expect(refused(l)).toBe(0);
        expect(rowConflicts(l)).toBe(0);
        expect(count(l, 'SELECT count(*) FROM sync_merged')).toBe(0); // nothing to merge: one id from the start
      }
      for (const l of [a, b]) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0, pending: 0, refused: 0 });
    } finally {
      await hub.close();
      tmp.cleanup();
    }
  }, 120_000);

  it('workspaces made before: the same CRM ids under random ids merge into the smaller id everywhere, children re-pointed, offline edits of the old id kept', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const m = await hub.member('marketing');
      const [a, b, c] = [await hub.laptop(m), await hub.laptop(m), await hub.laptop(m)] as [Laptop, Laptop, Laptop];
      const ext = Array.from({ length: 40 }, (_, i) => `crm-${i + 1}`);
      // Made in turns, so that A's id is the smaller for some leads and B's for others.
      const idsA: string[] = [];
      const idsB: string[] = [];
      ext.forEach((e, i) => {
        const first = i % 2 === 0 ? ([a, idsA, 'A'] as const) : ([b, idsB, 'B'] as const);
        const second = i % 2 === 0 ? ([b, idsB, 'B'] as const) : ([a, idsA, 'A'] as const);
        for (const [l, ids, name] of [first, second]) ids.push(legacyLead(l, e, `${e} from ${name}`));
      });
      idsA.forEach((id) => legacyTouch(a, id, 'email_open'));
      idsB.forEach((id) => legacyTouch(b, id, 'webinar'));
      // A legacy loss reason with one code on both, and an outcome on A that uses A's.
      const lossA = newId();
      const lossB = newId();
      a.db.prepare("INSERT INTO loss_reasons (id, code, label, position, created_at, updated_at) VALUES (?, 'legacy_price', 'Price (legacy)', 50, 1, 1)").run(lossA);
      b.db.prepare("INSERT INTO loss_reasons (id, code, label, position, created_at, updated_at) VALUES (?, 'legacy_price', 'Price (legacy)', 50, 1, 1)").run(lossB);
      a.db.prepare("INSERT INTO outcomes (id, lead_id, result, loss_reason_id, created_at, updated_at) VALUES (?, ?, 'lost', ?, 3000, 3000)").run(newId(), idsA[0], lossA);

      // A syncs first; C, a third laptop, pulls A's rows and edits a lead offline under A's id,
      // one whose id will be merged away (B's is smaller).
      await a.sync();
      await c.sync();
      const k = ext.findIndex((_, i) => idsB[i]! < idsA[i]!);
      expect(k).toBeGreaterThanOrEqual(0);
      expect(leadId(c, ext[k]!)).toBe(idsA[k]);
      setLead(c, ext[k]!, 'job_title', 'Edited on C under the old id');
      const touchC = legacyTouch(c, idsA[k]!, 'demo_request');
      await settle([b, a, c]);

      const state = a.rows('leads', LEAD_COLS);
      expect(state).toHaveLength(40);
      for (const l of [b, c]) expect(l.rows('leads', LEAD_COLS)).toEqual(state);
      const survivors = ext.map((_, i) => (idsA[i]! < idsB[i]! ? idsA[i]! : idsB[i]!));
      expect(a.rows('leads', 'external_id').map((r) => (r as { id: string }).id).sort()).toEqual([...survivors].sort());
      // Every touchpoint kept (A's, B's and C's), each on its lead's surviving id.
      for (const l of [a, b, c]) {
        expect(l.rows('touchpoints', 'lead_id, type')).toEqual(a.rows('touchpoints', 'lead_id, type'));
        expect(count(l, 'SELECT count(*) FROM touchpoints')).toBe(81);
        expect(count(l, 'SELECT count(*) FROM touchpoints WHERE lead_id NOT IN (SELECT id FROM leads)')).toBe(0);
        expect(l.db.prepare('SELECT lead_id FROM touchpoints WHERE id = ?').pluck().get(touchC)).toBe(survivors[k]);
        expect(l.db.prepare('SELECT job_title FROM leads WHERE external_id = ?').pluck().get(ext[k])).toBe('Edited on C under the old id');
        expect(l.db.prepare("SELECT id FROM loss_reasons WHERE code = 'legacy_price'").pluck().all()).toEqual([lossA < lossB ? lossA : lossB]);
        expect(l.db.prepare('SELECT loss_reason_id FROM outcomes').pluck().all()).toEqual([lossA < lossB ? lossA : lossB]);
        expect(refused(l)).toBe(0);
        expect(rowConflicts(l)).toBe(0);
        expect(l.db.pragma('foreign_key_check')).toEqual([]);
      }
      // The merges are audited (synced: each laptop that found a clash says so) and the names that
      // lost (A's or B's, whichever was written first) are in the conflict log, not dropped.
      expect(count(a, "SELECT count(DISTINCT entity_id) FROM audit WHERE action = 'sync.merged' AND entity = 'lead'")).toBe(40);
      const lostNames = new Set([a, b, c].flatMap((l) => l.conflicts().filter((x) => x.col === 'name').map((x) => JSON.parse(x.lost_value) as string)));
      for (const [i, e] of ext.entries()) {
        const kept = state.find((r) => (r as { external_id: string }).external_id === e) as { name: string };
        const other = kept.name === `${e} from A` ? `${e} from B` : `${e} from A`;
        expect(lostNames.has(other), `${e} (${i})`).toBe(true);
      }
      for (const l of [a, b, c]) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0, pending: 0, refused: 0 });

      // A laptop joining now gets the same state from the hub, which still holds both ids.
      const d = await hub.laptop(m);
      await d.sync();
      expect(d.rows('leads', LEAD_COLS)).toEqual(state);
      expect(d.rows('touchpoints', 'lead_id, type')).toEqual(a.rows('touchpoints', 'lead_id, type'));
    } finally {
      await hub.close();
    }
  }, 120_000);

  it('a rejection reason and a loss reason added with one code on two laptops are one reason each', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const m = await hub.member('marketing');
      const a = await hub.laptop(m);
      const b = await hub.laptop(m);
      const draft = { label: 'Student, not a buyer', blame: 'fit', action: 'disqualify' } as const;
      const ra = reasons.create(a.db, draft);
      const rb = reasons.create(b.db, { ...draft, commentRequired: true });
      expect(ra.id).toBe(rb.id);
      const la = outcomes.createLossReason(a.db, { label: 'Went with a reseller' });
      const lb = outcomes.createLossReason(b.db, { label: 'Went with a reseller' });
      expect(la.id).toBe(lb.id);
      await settle([a, b]);
      for (const l of [a, b]) {
        expect(count(l, "SELECT count(*) FROM rejection_reasons WHERE code = 'student_not_a_buyer'")).toBe(1);
        expect(count(l, "SELECT count(*) FROM loss_reasons WHERE code = 'went_with_a_reseller'")).toBe(1);
        expect(refused(l)).toBe(0);
        expect(rowConflicts(l)).toBe(0);
      }
      expect(a.rows('rejection_reasons', 'code, label, comment_required, position')).toEqual(b.rows('rejection_reasons', 'code, label, comment_required, position'));
      expect(a.rows('loss_reasons', 'code, label, position')).toEqual(b.rows('loss_reasons', 'code, label, position'));
    } finally {
      await hub.close();
    }
  }, 60_000);

  it('a laptop that cannot see the clash (it changed the CRM id meanwhile) merges on the others\' word', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const m = await hub.member('marketing');
      const [a, b, c] = [await hub.laptop(m), await hub.laptop(m), await hub.laptop(m)] as [Laptop, Laptop, Laptop];
      const onA = legacyLead(a, 'crm-x', 'X from A');
      const onB = legacyLead(b, 'crm-x', 'X from B');
      await a.sync();
      await c.sync();
      // C fixes the CRM id of A's row before it ever sees B's: no clash at C.
      c.db.prepare("UPDATE leads SET external_id = 'CRM-X', updated_at = ? WHERE id = ?").run(Date.now(), onA);
      await settle([b, a, c]);
      const state = a.rows('leads', LEAD_COLS);
      expect(state).toHaveLength(1);
      for (const l of [b, c]) expect(l.rows('leads', LEAD_COLS)).toEqual(state);
      expect((state[0] as { id: string }).id).toBe(onA < onB ? onA : onB);
      expect((state[0] as { external_id: string }).external_id).toBe('CRM-X');
      expect(c.db.prepare("SELECT into_id FROM sync_merged WHERE tbl = 'leads'").pluck().all()).toEqual([onA < onB ? onA : onB]);
      for (const l of [a, b, c]) expect(refused(l)).toBe(0);
    } finally {
      await hub.close();
    }
  }, 60_000);

  it('property: leads of shared CRM ids made on random laptops, old or new ids, edited and synced in random orders, converge to one per CRM id', async () => {
    type Op =
      | { kind: 'create'; laptop: number; key: number; legacy: boolean }
      | { kind: 'edit'; laptop: number; key: number; value: number }
      | { kind: 'touch'; laptop: number; key: number }
      | { kind: 'sync'; laptop: number };
    const LAPTOPS = 3;
    const KEYS = 3;
    const arbOp: fc.Arbitrary<Op> = fc.oneof(
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), laptop: fc.nat(LAPTOPS - 1), key: fc.nat(KEYS - 1), legacy: fc.boolean() }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('edit' as const), laptop: fc.nat(LAPTOPS - 1), key: fc.nat(KEYS - 1), value: fc.nat(99) }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('touch' as const), laptop: fc.nat(LAPTOPS - 1), key: fc.nat(KEYS - 1) }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), laptop: fc.nat(LAPTOPS - 1) }) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(arbOp, { minLength: 4, maxLength: 30 }), async (ops) => {
        const hub = await TestHub.create(cluster);
        try {
          const m = await hub.member('marketing');
          const laptops: Laptop[] = [];
          for (let i = 0; i < LAPTOPS; i++) laptops.push(await hub.laptop(m));
          const made = new Set<string>();
          let touches = 0;
          for (const op of ops) {
            const l = laptops[op.laptop]!;
            const ext = op.kind === 'sync' ? '' : `crm-${op.key}`;
            const here = l.db.prepare('SELECT id FROM leads WHERE external_id = ?').pluck().get(ext) as string | undefined;
            if (op.kind === 'create' && !here) {
              const id = op.legacy ? newId() : leadIdFor(ext);
              l.db.prepare("INSERT INTO leads (id, external_id, name, created_at, updated_at) VALUES (?, ?, ?, 1, 1)").run(id, ext, `${ext} by ${op.laptop}`);
              made.add(ext);
            } else if (op.kind === 'edit' && here) {
              l.db.prepare('UPDATE leads SET employees = ?, updated_at = ? WHERE id = ?').run(op.value, Date.now(), here);
            } else if (op.kind === 'touch' && here) {
              legacyTouch(l, here, 'email_open');
              touches++;
            } else if (op.kind === 'sync') {
              await l.sync();
            }
          }
          await settle(laptops);
          const final = laptops[0]!.rows('leads', 'external_id, name, employees, deleted');
          for (const l of laptops) {
            expect(l.rows('leads', 'external_id, name, employees, deleted')).toEqual(final);
            expect(l.rows('touchpoints', 'lead_id, type')).toEqual(laptops[0]!.rows('touchpoints', 'lead_id, type'));
            expect(count(l, 'SELECT count(*) FROM touchpoints')).toBe(touches);
            expect(l.db.pragma('foreign_key_check')).toEqual([]);
            expect(refused(l)).toBe(0);
            expect(rowConflicts(l)).toBe(0);
          }
          expect((final as { external_id: string }[]).map((r) => r.external_id).sort()).toEqual([...made].sort());
          for (const l of laptops) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0, pending: 0 });
        } finally {
          await hub.close();
        }
      }),
      { numRuns: 12 },
    );
  }, 180_000);
});
