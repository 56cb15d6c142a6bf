import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STAGES, type Stage } from '../../shared/contracts/common.js';
import { STAGE_MOVES, STAGE_MOVE_NAMES, canMove, moveStage, movesFrom, reachable, type StageMove } from '../../shared/domain/stage-machine.js';
import { AppError } from '../../shared/errors.js';

const stage = fc.constantFrom(...STAGES);
const move = fc.constantFrom(...STAGE_MOVE_NAMES);

describe('stage machine', () => {
  it('walks the ladder: lead → MQL → SAL → SQL → opportunity → won', () => {
    let s: Stage = 'suspect';
    for (const m of ['engage', 'qualify', 'accept', 'qualifySql', 'openOpportunity', 'win'] as StageMove[]) s = moveStage(s, m);
    expect(s).toBe('won');
  });

  it('a rejection is the rejection, then the reason’s action', () => {
    expect(moveStage(moveStage('mql', 'reject'), 'disqualify')).toBe('disqualified');
    expect(moveStage(moveStage('mql', 'reject'), 'recycle')).toBe('recycled');
    expect(moveStage(moveStage('mql', 'reject'), 'reroute')).toBe('mql');
  });

  it('a recycled or lost lead goes back to nurture and can pass the ladder again', () => {
    expect(moveStage(moveStage('recycled', 'reopen'), 'qualify')).toBe('mql');
    expect(moveStage(moveStage('lost', 'nurture'), 'qualify')).toBe('mql');
    expect(moveStage('recycled', 'qualify')).toBe('mql');
  });

  it('refuses illegal moves with a conflict naming the stage and the stages that would do', () => {
    expect(() => moveStage('won', 'qualify')).toThrow(/A lead in stage "won" cannot be handed off as an MQL; only a lead in "suspect" or "lead"/);
    expect(() => moveStage('disqualified', 'accept')).toThrow(AppError);
    try {
      moveStage('lead', 'accept');
    } catch (e) {
      expect((e as AppError).kind).toBe('conflict');
      expect((e as AppError).details).toEqual({ from: 'lead', move: 'accept', allowedFrom: ['mql'] });
    }
  });

  it('property: a move succeeds exactly when the table allows it, and lands on its target', () => {
    fc.assert(
      fc.property(stage, move, (s, m) => {
        const allowed = (STAGE_MOVES[m].from as readonly Stage[]).includes(s);
        expect(canMove(s, m)).toBe(allowed);
        if (allowed) expect(moveStage(s, m)).toBe(STAGE_MOVES[m].to);
        else expect(() => moveStage(s, m)).toThrow(AppError);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: any random walk of allowed moves stays inside the ladder and never leaves won or disqualified', () => {
    fc.assert(
      fc.property(stage, fc.array(fc.nat(), { maxLength: 40 }), (start, picks) => {
        let s = start;
        for (const p of picks) {
          const options = movesFrom(s);
          if (options.length === 0) {
            expect(['won', 'disqualified']).toContain(s);
            break;
          }
          s = moveStage(s, options[p % options.length]!);
          expect(STAGES).toContain(s);
        }
      }),
    );
  });

  it('property: every stage but won and disqualified can come back to MQL (a new pass), and every stage is reachable from a suspect', () => {
    for (const s of STAGES) {
      expect(reachable('suspect', s), s).toBe(true);
      expect(reachable(s, 'mql'), s).toBe(!['won', 'disqualified'].includes(s));
    }
  });

  it('property: only a rejection or a handoff leads into the rejected and MQL stages', () => {
    fc.assert(
      fc.property(stage, move, (s, m) => {
        fc.pre(canMove(s, m));
        const to = moveStage(s, m);
        if (to === 'rejected') expect(m).toBe('reject');
        if (to === 'mql') expect(['qualify', 'reroute']).toContain(m);
        if (to === 'sal') expect(m).toBe('accept');
      }),
    );
  });
});
