import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffRow } from '../../shared/contracts/handoffs.js';
import { loopWorld, tablesDigest, type LoopWorld } from './handoff-fixtures.js';
import { openWorkspace } from '../../main/db/connection.js';

const bin = join(process.cwd(), 'bin', 'leadpact.mjs');
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('leadpact handoffs (CLI as a subprocess)', () => {
  let w: LoopWorld;
  let file: string;
  beforeAll(() => {
    w = loopWorld({ perRep: 2 });
    w.as(w.rita);
    file = w.t.path;
    w.db.close(); // the CLI opens the file itself
  });
  afterAll(() => w.t.cleanup());

  const digest = () => {
    const db = openWorkspace(file);
    try {
      return tablesDigest(db);
    } finally {
      db.close();
    }
  };

  it('lists a rep’s pending handoffs by SLA as JSON, by name, email or id, and as text', () => {
    const byName = cli('handoffs', 'list', file, '--rep', 'rita rep', '--status', 'pending', '--json');
    expect(byName.code).toBe(0);
    const rows = JSON.parse(byName.out) as HandoffRow[];
    expect(rows.map((r) => r.id)).toEqual(w.handoffs.rita);
    expect(rows.every((r) => r.repName === 'Rita Rep' && r.decision === 'pending')).toBe(true);
    expect(JSON.parse(cli('handoffs', 'list', file, '--rep', 'ravi@example.com', '--json').out)).toHaveLength(2);
    expect(JSON.parse(cli('handoffs', 'list', file, '--rep', w.ravi, '--json').out)).toHaveLength(2);
    const text = cli('handoffs', 'list', file);
    expect(text.out).toContain('Rita lead 0 (Rita Co 0)');
    expect(text.out).toMatch(/4 of 4 handoffs\./);
  });

  it('accepts and rejects by reason code, as the current user or --as another', () => {
    const accept = cli('handoffs', 'decide', file, '--id', w.handoffs.rita[0]!, '--accept');
    expect(accept).toMatchObject({ code: 0 });
    expect(accept.out).toMatch(/Accepted the handoff of Rita lead 0 .*now an SAL/);
    const reject = cli('handoffs', 'decide', file, '--id', w.handoffs.ravi[0]!, '--reject', 'bad_timing', '--reopen', '2099-01-15', '--comment', 'Budget next year', '--as', 'Ravi Rep', '--json');
    expect(reject.code).toBe(0);
    const row = JSON.parse(reject.out) as HandoffRow;
    expect(row).toMatchObject({ decision: 'rejected', action: 'recycle', comment: 'Budget next year', decidedByName: 'Ravi Rep', leadStage: 'recycled' });
    expect(row.reopenAt).toBe(Date.UTC(2099, 0, 14, 23)); // midnight in Amsterdam
    const decided = JSON.parse(cli('handoffs', 'list', file, '--status', 'decided', '--json').out) as HandoffRow[];
    expect(decided.map((r) => r.id).sort()).toEqual([w.handoffs.rita[0]!, w.handoffs.ravi[0]!].sort());
  });

  it('refuses bad input in one line with exit 1 (refused) or 2 (usage), and writes nothing', () => {
    const before = digest();
    const cases: [string[], number, RegExp][] = [
      [['--id', w.handoffs.rita[1]!, '--reject', 'other'], 1, /^leadpact handoffs decide: "Other" needs a comment saying why\.\n$/],
      [['--id', w.handoffs.rita[1]!, '--reject', 'nonsense'], 1, /no rejection reason "nonsense"/],
      [['--id', w.handoffs.rita[1]!, '--reject', 'bad_timing', '--reopen', '2020-01-01'], 1, /is in the past/],
      [['--id', w.handoffs.rita[1]!, '--reject', 'bad_timing', '--reopen', '2099-02-30'], 1, /2099-02-30 is not a date/],
      [['--id', w.handoffs.rita[0]!, '--accept'], 1, /already accepted by Rita Rep/],
      [['--id', w.handoffs.ravi[1]!, '--accept'], 1, /belongs to Ravi Rep; only they or a sales owner/],
      [['--id', w.handoffs.rita[1]!, '--accept', '--as', 'nobody'], 1, /--as: no user "nobody"/],
      [['--id', w.handoffs.rita[1]!], 1, /Give either --accept or --reject REASON/],
      [['--id', 'x', '--accept'], 1, /--id needs a handoff id/],
      [['--id', w.handoffs.rita[1]!, '--accept', '--bogus'], 2, /Unknown option '--bogus'/],
      [['--id', w.handoffs.rita[1]!, '--reject'], 2, /--reject/],
    ];
    for (const [args, code, message] of cases) {
      const r = cli('handoffs', 'decide', file, ...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err, args.join(' ')).toMatch(message);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(cli('handoffs', 'list', file, '--status', 'open').err).toMatch(/--status must be one of pending/);
    expect(cli('handoffs', 'list').code).toBe(2);
    expect(digest()).toBe(before);
  });

  it('has help for both commands and lists them in the main help', () => {
    expect(cli('--help').out).toMatch(/handoffs list[\s\S]*handoffs decide/);
    const help = cli('handoffs', 'decide', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('--reopen <value>');
    expect(cli('handoffs', 'list', '--help').out).toContain('--rep <value>');
  });
});
