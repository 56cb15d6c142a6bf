import type { Stage } from '../contracts/common.js';
import { AppError } from '../errors.js';

/**
 * The lifecycle ladder as a state machine: which move takes a lead from which stages to which stage.
 * Services move leads only through `moveStage`, so an illegal move is refused in one place with one
 * wording, and every move that happens is one the history (stage_events) can explain.
 *
 * A rejection is two moves: `reject` (mql → rejected) and then the reason's action (disqualify,
 * recycle, or reroute back to mql with a new handoff), so the history shows the rejection itself.
 * A lead may pass the ladder several times: a recycled or lost lead goes back to nurture (lead) and
 * can qualify again; each pass is its own handoff.
 */
export const STAGE_MOVES = {
  /** Raised a hand: a suspect becomes a lead (inquiry). */
  engage: { from: ['suspect'], to: 'lead' },
  /** Reached an MQL level and was handed to sales (a new handoff). */
  qualify: { from: ['suspect', 'lead', 'mql', 'recycled', 'rejected', 'lost'], to: 'mql' },
  /** A rep accepted the handoff. */
  accept: { from: ['mql'], to: 'sal' },
  /** A rep rejected the handoff; the reason's action follows. */
  reject: { from: ['mql'], to: 'rejected' },
  disqualify: { from: ['suspect', 'lead', 'mql', 'rejected', 'sal', 'sql'], to: 'disqualified' },
  /** Back to marketing's nurture until a re-open date. */
  recycle: { from: ['rejected', 'sal', 'sql', 'lost'], to: 'recycled' },
  /** Handed to another rep: a new handoff for the same MQL. */
  reroute: { from: ['rejected'], to: 'mql' },
  /** The re-open date came: back in nurture, free to qualify again. */
  reopen: { from: ['recycled'], to: 'lead' },
  /** The SQL checklist (BANT) was completed. */
  qualifySql: { from: ['sal'], to: 'sql' },
  openOpportunity: { from: ['sql'], to: 'opportunity' },
  win: { from: ['sql', 'opportunity'], to: 'won' },
  lose: { from: ['sql', 'opportunity'], to: 'lost' },
  /** A lost deal or a rejection goes back to nurture without a re-open date. */
  nurture: { from: ['rejected', 'lost'], to: 'lead' },
} as const satisfies Record<string, { from: readonly Stage[]; to: Stage }>;

export type StageMove = keyof typeof STAGE_MOVES;
export const STAGE_MOVE_NAMES = Object.keys(STAGE_MOVES) as StageMove[];

/** Default nurture period of a recycle whose reason asks for no date: the lead comes back after it. */
export const DEFAULT_NURTURE_DAYS = 90;

const WORDS: Record<StageMove, string> = {
  engage: 'become a lead',
  qualify: 'be handed off as an MQL',
  accept: 'be accepted',
  reject: 'be rejected',
  disqualify: 'be disqualified',
  recycle: 'be recycled to nurture',
  reroute: 'be rerouted to another rep',
  reopen: 'be re-opened',
  qualifySql: 'become an SQL',
  openOpportunity: 'get an opportunity',
  win: 'be won',
  lose: 'be lost',
  nurture: 'go back to nurture',
};

export function canMove(from: Stage, move: StageMove): boolean {
  return (STAGE_MOVES[move].from as readonly Stage[]).includes(from);
}

/** The stage after `move`, or a conflict error naming the stage the lead is in and the stages it would need. */
export function moveStage(from: Stage, move: StageMove): Stage {
  const m = STAGE_MOVES[move];
  if (!(m.from as readonly Stage[]).includes(from)) {
    throw new AppError(
      'conflict',
      `A lead in stage "${from}" cannot ${WORDS[move]}; only a lead in ${m.from.map((s) => `"${s}"`).join(' or ')} can.`,
      { from, move, allowedFrom: m.from },
    );
  }
  return m.to;
}

/** The moves that can be made from a stage (what a UI may offer). */
export function movesFrom(from: Stage): StageMove[] {
  return STAGE_MOVE_NAMES.filter((m) => canMove(from, m));
}

/** Whether some sequence of moves leads from `from` to `to` (used by the property tests and for sanity checks). */
export function reachable(from: Stage, to: Stage): boolean {
  const seen = new Set<Stage>([from]);
  const queue: Stage[] = [from];
  while (queue.length) {
    const s = queue.shift()!;
    if (s === to) return true;
    for (const m of movesFrom(s)) {
      const next = STAGE_MOVES[m].to;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}

/** Stages in which a lead's accepted handoff is still being worked by sales (the handoff is "open"). */
export const SALES_LADDER: readonly Stage[] = ['sal', 'sql', 'opportunity'];
