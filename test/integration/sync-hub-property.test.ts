import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as criteria from '../../main/services/criteria.js';
import * as users from '../../main/services/users.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub, type Laptop } from '../helpers/sync-hub.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

const LAPTOPS = 3;
const ROWS = ['r0', 'r1', 'r2'];
type Col = 'name' | 'channel' | 'cost';
type Op =
  | { kind: 'edit'; laptop: number; row: number; col: Col }
  | { kind: 'sync'; laptop: number }
  | { kind: 'create'; laptop: number }
  /** A criteria draft: laptops offline at once number theirs alike, and the sync renumbers. */
  | { kind: 'draft'; laptop: number };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('edit' as const), laptop: fc.nat(LAPTOPS - 1), row: fc.nat(ROWS.length - 1), col: fc.constantFrom<Col>('name', 'channel', 'cost') }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), laptop: fc.nat(LAPTOPS - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('create' as const), laptop: fc.nat(LAPTOPS - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('draft' as const), laptop: fc.nat(LAPTOPS - 1) }) },
);

interface Write {
  id: number;
  laptop: number;
  row: string;
  col: Col;
  value: string | number;
  /** The writes of the same field its laptop knew when it wrote. */
  knew: Set<number>;
}

const state = (l: Laptop) => l.rows('campaigns', 'name, channel, cost, deleted');
const versions = (l: Laptop) => l.rows('criteria_versions', 'number, name, status');

describe('sync property: random offline schedules', () => {
  it('all laptops converge, no acknowledged write is lost, and a second sync changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbOp, { minLength: 5, maxLength: 40 }), async (ops) => {
        const hub = await TestHub.create(cluster);
        try {
          const login = await hub.member('marketing');
          const laptops: Laptop[] = [];
          for (let i = 0; i < LAPTOPS; i++) laptops.push(await hub.laptop(login));
          const ins = (l: Laptop, id: string, name: string) =>
            l.db.prepare("INSERT INTO campaigns (id, name, channel, created_at, updated_at) VALUES (?, ?, 'email', 1, 1)").run(id, name);
          for (const r of ROWS) ins(laptops[0]!, r, `start ${r}`);
          const owner = users.create(laptops[0]!.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
          for (const l of laptops) await l.sync();
          for (const l of laptops) users.setCurrent(l.db, owner);
          const drafts: string[] = [];

          const writes: Write[] = [];
          const known: Set<number>[] = laptops.map(() => new Set());
          const onHub = new Set<number>();
          const rows = [...ROWS];
          let n = 0;
          const record = (laptop: number, row: string, col: Col, value: string | number) => {
            const w: Write = { id: ++n, laptop, row, col, value, knew: new Set([...known[laptop]!].filter((id) => writes[id - 1]!.row === row && writes[id - 1]!.col === col)) };
            writes.push(w);
            known[laptop]!.add(w.id);
          };
          for (const op of ops) {
            const l = laptops[op.laptop]!;
            if (op.kind === 'edit') {
              const row = rows[op.row % rows.length]!;
              const value = op.col === 'cost' ? n + 1 : `${op.col} ${n + 1}`;
              l.db.prepare(`UPDATE campaigns SET ${op.col} = ?, updated_at = ? WHERE id = ?`).run(value, Date.now(), row);
              record(op.laptop, row, op.col, value);
            } else if (op.kind === 'create') {
              const row = `new${n + 1}`;
              ins(l, row, `created ${n + 1}`);
              rows.push(row);
              record(op.laptop, row, 'name', `created ${n + 1}`);
            } else if (op.kind === 'draft') {
              drafts.push(criteria.createDraft(l.db, { name: `draft ${drafts.length + 1}` }).id);
            } else {
              await l.sync();
              for (const w of writes) if (w.laptop === op.laptop) onHub.add(w.id);
              for (const id of onHub) known[op.laptop]!.add(id);
            }
          }
          // Everyone comes online until a full round changes nothing (a renumbered draft is one more
          // write, pushed by the laptop that settled the clash at its next sync).
          for (let round = 0; ; round++) {
            let changed = 0;
            for (const l of laptops) {
              const r = await l.sync();
              changed += r.pushed + r.applied;
            }
            if (changed === 0 && round >= 1) break;
            if (round > 6) throw new Error('laptops did not settle in 8 rounds');
          }

          const final = state(laptops[0]!);
          for (const l of laptops) expect(state(l)).toEqual(final);
          // Every draft survives, numbered alike everywhere (numbers are unique by the schema).
          const finalVersions = versions(laptops[0]!);
          for (const l of laptops) expect(versions(l)).toEqual(finalVersions);
          expect(finalVersions.map((v) => (v as { id: string }).id).sort()).toEqual([...drafts].sort());
          const byId = new Map((final as Record<string, unknown>[]).map((r) => [r.id as string, r]));
          const lostLogged = new Set(
            laptops.flatMap((l) => l.conflicts().map((c) => `${c.row_id}|${c.col}|${c.lost_value}`)),
          );
          for (const w of writes) {
            const kept = byId.get(w.row)?.[w.col] === w.value;
            const overwritten = writes.some((o) => o.knew.has(w.id));
            const logged = lostLogged.has(`${w.row}|${w.col}|${JSON.stringify(w.value)}`);
            expect({ write: w.id, kept, overwritten, logged }).toSatisfy(() => kept || overwritten || logged);
          }
          for (const l of laptops) expect(await l.sync()).toMatchObject({ pushed: 0, applied: 0, conflicts: 0, pending: 0 });
          for (const l of laptops) expect(state(l)).toEqual(final);
          for (const l of laptops) expect(versions(l)).toEqual(finalVersions);
        } finally {
          await hub.close();
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
