import type { Db } from '../../db/connection.js';
import * as repo from '../../db/reviews.repo.js';
import type { ActionItem } from '../../../shared/contracts/reviews.js';
import type { Rng } from '../../../shared/domain/random.js';
import { previousQuarter, quarterOf } from '../../../shared/domain/review-agenda.js';
import { draftAgenda } from '../review-agenda.js';
import { gatherEvidence } from '../reviews-proposals.js';
import type { BacktestFeed } from '../backtest.js';
import type { BacktestParams, BacktestResult } from '../../../shared/contracts/backtest.js';

const DAY = 86_400_000;

export interface DemoReviewInput {
  v1Id: string;
  v2Id: string;
  /** When v2 was drafted: the review met five days later, before the owners signed it. */
  v2CreatedAt: number;
  marketingOwnerId: string;
  salesOwnerId: string;
  repId: string;
}

/** The day the review met: five days after v2 was drafted. */
export const reviewHeldOn = (x: Pick<DemoReviewInput, 'v2CreatedAt'>): number => x.v2CreatedAt + 5 * DAY;

/** The backtest the review's proposal carries: v2 against v1, over the leads created before the review met. */
export function reviewBacktestParams(x: DemoReviewInput): BacktestParams {
  return { versionId: x.v2Id, decisionDays: 30, compareToId: x.v1Id, to: reviewHeldOn(x) };
}

/**
 * The demo's one past review: the one that produced v2 (the active version). Held five days after
 * v2 was drafted, on the quarter that had just ended; v2 was its accepted proposal, with its
 * backtest against v1 over the leads created before that day (the owners signed v2 after it). Ids and times come from the demo's seed, so the same seed
 * gives the same review. Inside the generator's transaction, after every other table is written.
 *
 * `feed`: the review's backtest fed during the simulation (review-feed.ts); without it the backtest
 * reads the rows, as a review in the app does.
 */
export function writeDemoReview(
  db: Db,
  rng: Rng,
  x: DemoReviewInput,
  feed?: BacktestFeed,
  mark: (step: string) => void = () => undefined,
): { reviews: number; review_proposals: number } {
  const heldOn = reviewHeldOn(x);
  const quarter = previousQuarter(quarterOf(heldOn));
  const notes: Record<string, string> = {
    rejections: 'Sales keeps sending back webinar MQLs without authority: v1 pays 15 per webinar and nothing for managers.',
    sla: 'Reps breach mostly on Mondays; sales asks for a shorter SLA with a business-hours clock.',
  };
  const agenda = draftAgenda(db, quarter, heldOn).map((item, i) => ({ ...item, id: rng.uuidv7(heldOn + i), note: notes[item.data.kind] ?? '' }));
  mark('past review: draft the agenda');
  const id = rng.uuidv7(heldOn - DAY);
  repo.insertReview(db, { quarter, agenda: JSON.stringify(agenda) }, heldOn - DAY, id);
  const evidence = gatherEvidence(
    db,
    x.v2Id,
    { text: 'Cut webinar points, score managers and director-level titles, shorten the SLA to 24 hours.', candidateKey: '' },
    heldOn,
    {
      compareToId: x.v1Id,
      to: heldOn,
      suggest: false,
      ...(feed ? { backtest: (params: BacktestParams) => fedResult(feed, params) } : {}),
    },
  );
  mark(`past review: ${feed ? 'count the period; the fed backtest' : 'backtest'}`);
  const proposalId = rng.uuidv7(heldOn);
  repo.insertProposal(db, { reviewId: id, versionId: x.v2Id, title: 'v2: fewer webinar points, managers scored, 24-hour SLA', evidence: JSON.stringify(evidence) }, heldOn, proposalId);
  repo.decideProposal(db, proposalId, 'accept', 'Backtest: fewer rejected MQLs for the same won deals; both teams agree.', heldOn + 3_600_000);
  const actions: ActionItem[] = [
    { id: rng.uuidv7(heldOn + 10), text: 'Retrain reps on the no-authority reason vs. bad timing', ownerId: x.salesOwnerId, dueOn: heldOn + 14 * DAY, done: true },
    { id: rng.uuidv7(heldOn + 11), text: 'Re-run the backtest one month after v2 goes live', ownerId: x.marketingOwnerId, dueOn: heldOn + 45 * DAY, done: false },
  ];
  repo.updateReview(
    db,
    id,
    {
      attendees: JSON.stringify([x.marketingOwnerId, x.salesOwnerId, x.repId]),
      decisions: JSON.stringify(actions),
      status: 'closed',
      heldOn,
      resultingVersionId: x.v2Id,
    },
    heldOn + 7_200_000,
  );
  return { reviews: 1, review_proposals: 1 };
}

/** The fed backtest's result, for exactly the params the evidence asks for (anything else would be another backtest). */
function fedResult(feed: BacktestFeed, params: BacktestParams): BacktestResult {
  const fed = feed.params;
  const same =
    params.versionId === fed.versionId &&
    params.compareToId === fed.compareToId &&
    params.decisionDays === fed.decisionDays &&
    (params.from ?? null) === (fed.from ?? null) &&
    (params.to ?? null) === (fed.to ?? null);
  // A plain Error: gatherEvidence would record an AppError as the proposal's backtest message.
  if (!same) throw new Error('The demo review asked for another backtest than the one fed during the simulation.');
  return feed.result();
}
