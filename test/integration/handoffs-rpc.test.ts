import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistry } from '../../main/rpc/registry.js';
import type { Registry } from '../../main/rpc/handle.js';
import { handoffs } from '../../shared/contracts/handoffs.js';
import { reasons } from '../../shared/contracts/reasons.js';
import { loopWorld, reasonId, type LoopWorld } from './handoff-fixtures.js';

/** Every handoffs and reasons channel answers valid input through the registry, its output passing its schema. */
describe('handoffs and reasons over the registry', () => {
  let w: LoopWorld;
  let reg: Registry;
  beforeAll(() => {
    w = loopWorld({ perRep: 2 });
    w.as(w.rita);
    reg = createRegistry();
  });
  afterAll(() => w.t.cleanup());

  const call = async (channel: string, input: unknown) => {
    const res = await reg.invoke(channel, input, w.t.ctx);
    if (!res.ok) throw new Error(`${channel}: ${res.error.kind}: ${res.error.message}`);
    return res.value as Record<string, unknown> & unknown[];
  };

  it('serves every channel of both domains', async () => {
    const [a, b] = w.handoffs.rita as [string, string];
    const seen = new Set<string>();
    const run = async (channel: string, input: unknown) => {
      seen.add(channel);
      return call(channel, input);
    };
    expect((await run('handoffs:inbox', {})).pending).toHaveLength(2);
    expect((await run('handoffs:list', {})).total).toBe(4);
    expect((await run('handoffs:get', { id: a })).id).toBe(a);
    expect((await run('handoffs:decide', { id: a, decision: { decision: 'accept' } })).decision).toBe('accepted');
    expect((await run('handoffs:undo', { id: a })).decision).toBe('pending');
    expect(await run('handoffs:decideMany', { ids: [a], decision: { decision: 'accept' } })).toEqual({ decided: 1 });
    expect(await run('handoffs:undoMany', { ids: [a] })).toEqual({ undone: 1 });
    await run('handoffs:decideMany', { ids: [a], decision: { decision: 'accept' } });
    const ticks = Object.fromEntries(w.sqlRuleIds.map((id) => [id, true]));
    expect((await run('handoffs:setChecklist', { id: a, checklist: ticks })).leadStage).toBe('sql');
    expect((await run('handoffs:openOpportunity', { id: a })).leadStage).toBe('opportunity');
    await run('handoffs:decide', { id: b, decision: { decision: 'reject', reasonId: reasonId(w.db, 'other'), comment: 'Agency' } });
    expect((await run('handoffs:slaByRep', {})).length).toBeGreaterThanOrEqual(3);
    expect((await run('handoffs:pareto', { splitBy: 'rep' })).rejected).toBe(1);
    expect(await run('handoffs:drill', { reasonId: reasonId(w.db, 'other') })).toHaveLength(1);
    expect((await run('handoffs:acceptanceTrend', {})).length).toBe(1);
    expect(await run('handoffs:slaSettings', {})).toEqual({ timeZone: 'Europe/Amsterdam', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00' });
    const s = { timeZone: 'America/New_York', workingDays: [5, 1, 2], dayStart: '08:30', dayEnd: '24:00' };
    // The hours reps are measured against are an owner's to set, not a rep's.
    const asRep = await reg.invoke('handoffs:setSlaSettings', s, w.t.ctx);
    expect(asRep).toMatchObject({ ok: false, error: { kind: 'forbidden', details: { code: 'owner_only' } } });
    w.as(w.manager);
    expect(await run('handoffs:setSlaSettings', s)).toEqual({ ...s, workingDays: [1, 2, 5] });
    const bad = await reg.invoke('handoffs:setSlaSettings', { ...s, timeZone: 'Nowhere/Land' }, w.t.ctx);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation', message: 'Unknown time zone "Nowhere/Land".' } });

    const list = await run('reasons:list', {});
    expect(list).toHaveLength(13);
    const created = await run('reasons:create', { label: 'Test reason', blame: 'data', action: 'disqualify' });
    await run('reasons:update', { id: created.id, patch: { active: false } });
    await run('reasons:reorder', { ids: [created.id as string, ...list.map((r) => (r as { id: string }).id)] });
    expect(await run('reasons:remove', { id: created.id })).toEqual({ ok: true });
    expect((await run('reasons:lossList', {})).length).toBe(6);

    const all = [...Object.values(handoffs), ...Object.values(reasons)].map((m) => m.channel);
    expect(all.filter((c) => !seen.has(c))).toEqual([]);
    expect(w.t.events.filter((e) => e.event === 'data:changed').length).toBeGreaterThan(5);
  });
});
