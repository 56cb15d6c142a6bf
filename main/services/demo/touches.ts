import { Rng } from '../../../shared/domain/random.js';
import { DAY, type DemoOffer } from './types.js';
import type { BatchInsert } from './writer.js';

/** The distinct (type, offer, campaign, channel, page) combinations touchpoints can have, by index. */
export interface TouchKind {
  type: string;
  offerId: string | null;
  campaignId: string | null;
  channel: string | null;
  landingPage: string | null;
}

export class TouchKinds {
  readonly list: TouchKind[] = [];
  readonly emailOpen: number;
  private readonly offers = new Map<DemoOffer, number>();
  private readonly visits: number[] = [];

  constructor(nurtureCampaignId: string) {
    this.emailOpen = this.add({
      type: 'email_open',
      offerId: null,
      campaignId: nurtureCampaignId,
      channel: 'email',
      landingPage: null,
    });
  }

  private add(kind: TouchKind): number {
    this.list.push(kind);
    return this.list.length - 1;
  }

  ofOffer(o: DemoOffer): number {
    let k = this.offers.get(o);
    if (k === undefined) {
      k = this.add({
        type: o.type,
        offerId: o.id,
        campaignId: o.campaign.id,
        channel: o.campaign.channel,
        landingPage: o.landingPage,
      });
      this.offers.set(o, k);
    }
    return k;
  }

  /** A website visit; `slot` numbers the (page, channel) pair so no string key is built per touch. */
  ofVisit(slot: number, page: string, channel: string): number {
    return (this.visits[slot] ??= this.add({
      type: 'visit',
      offerId: null,
      campaignId: null,
      channel,
      landingPage: page,
    }));
  }
}

/** Where the simulation puts touchpoints: straight into a day queue, or across to the worker thread. */
export interface TouchSink {
  push(leadId: string, kind: number, at: number, value: number | null): void;
  /** Every touchpoint before `day` (days since the start) has now been pushed. */
  flushBefore(day: number): void;
  flushAll(): void;
  readonly rows: number;
}

/** Touchpoint ids are drawn from their own stream, in the order touchpoints are written. */
export const touchIdStream = (seed: number): Rng => new Rng(seed, 'ids:touchpoints');

interface DayBucket {
  lead: string[];
  at: number[];
  kind: number[];
  value: number[];
}

const SLOT = 2 ** 24;

/**
 * Touchpoints wait here until the simulated clock has passed their UTC day; then they are written
 * in time order, with ids drawn at that moment. Rows then reach the table, its time-ordered id
 * index and its time index as appends instead of scattered inserts, which is what keeps millions
 * of touchpoints fast. Only days still ahead are held (weeks, not the year), column-wise so that
 * millions of pending touches are a few arrays rather than millions of small objects.
 */
export class TouchQueue implements TouchSink {
  private readonly days: (DayBucket | undefined)[] = [];
  private next = 0;
  private readonly row: unknown[] = new Array<unknown>(11).fill(null);
  pending = 0;
  rows = 0;

  constructor(
    private readonly start: number,
    private readonly sink: BatchInsert,
    private readonly kinds: TouchKinds,
    private readonly ids: Rng,
  ) {}

  push(leadId: string, kind: number, at: number, value: number | null): void {
    const day = Math.max(this.next, Math.floor((at - this.start) / DAY));
    const b = (this.days[day] ??= { lead: [], at: [], kind: [], value: [] });
    b.lead.push(leadId);
    b.at.push(at);
    b.kind.push(kind);
    b.value.push(value ?? NaN);
    this.pending++;
    this.rows++;
  }

  /** Write every touchpoint of the days before `day`, each day sorted by time (ties in arrival order). */
  flushBefore(day: number): void {
    for (; this.next < day; this.next++) {
      const b = this.days[this.next];
      this.days[this.next] = undefined;
      if (!b) continue;
      const n = b.at.length;
      if (n >= SLOT) throw new Error('TouchQueue: too many touchpoints for one day');
      const dayStart = this.start + this.next * DAY;
      // Numeric keys (ms into the day, then arrival index) sorted natively, no comparator calls.
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = Math.max(0, b.at[i]! - dayStart) * SLOT + i;
      keys.sort();
      const row = this.row;
      for (let x = 0; x < n; x++) {
        const i = keys[x]! % SLOT;
        const at = b.at[i]!;
        const kind = this.kinds.list[b.kind[i]!]!;
        const value = b.value[i]!;
        row[0] = this.ids.uuidv7(at);
        row[1] = b.lead[i];
        row[2] = kind.type;
        row[3] = kind.offerId;
        row[4] = kind.campaignId;
        row[5] = kind.channel;
        row[6] = kind.landingPage;
        row[7] = at;
        row[8] = Number.isNaN(value) ? null : value;
        row[9] = at;
        row[10] = at;
        this.sink.addRow(row);
      }
      this.pending -= n;
    }
  }

  flushAll(): void {
    this.flushBefore(this.days.length);
  }
}

/** A slice of touchpoints in columns, cheap to post to a worker (typed arrays are transferred, not copied). */
export interface TouchChunk {
  /** Kinds first seen in this chunk, appended in order to the receiver's TouchKinds list. */
  newKinds: TouchKind[];
  leadIds: string[];
  leadRef: Uint32Array;
  kind: Uint16Array;
  at: Float64Array;
  value: Float64Array;
  /** The receiver may write every touchpoint before this day. */
  completeBefore: number;
}

/** The main thread's sink when a worker writes touchpoints: collects columns until `take()`. */
export class TouchForwarder implements TouchSink {
  private leadIds: string[] = [];
  private lastLead = '';
  private leadRef: number[] = [];
  private kind: number[] = [];
  private at: number[] = [];
  private value: number[] = [];
  private sentKinds = 0;
  private completeBefore = 0;
  rows = 0;

  constructor(private readonly kinds: TouchKinds) {
    this.sentKinds = kinds.list.length; // the receiver's TouchKinds starts with the same built-in kinds
  }

  push(leadId: string, kind: number, at: number, value: number | null): void {
    if (leadId !== this.lastLead) {
      this.leadIds.push(leadId);
      this.lastLead = leadId;
    }
    this.leadRef.push(this.leadIds.length - 1);
    this.kind.push(kind);
    this.at.push(at);
    this.value.push(value ?? NaN);
    this.rows++;
  }

  flushBefore(day: number): void {
    this.completeBefore = day;
  }

  flushAll(): void {
    this.completeBefore = Number.MAX_SAFE_INTEGER;
  }

  take(): TouchChunk {
    const chunk: TouchChunk = {
      newKinds: this.kinds.list.slice(this.sentKinds),
      leadIds: this.leadIds,
      leadRef: Uint32Array.from(this.leadRef),
      kind: Uint16Array.from(this.kind),
      at: Float64Array.from(this.at),
      value: Float64Array.from(this.value),
      completeBefore: this.completeBefore,
    };
    this.sentKinds = this.kinds.list.length;
    this.leadIds = [];
    this.lastLead = '';
    this.leadRef = [];
    this.kind = [];
    this.at = [];
    this.value = [];
    return chunk;
  }
}

/** The worker's side: feed a chunk into its queue and write what is complete. */
export function receiveTouches(queue: TouchQueue, kinds: TouchKinds, chunk: TouchChunk): void {
  kinds.list.push(...chunk.newKinds);
  for (let i = 0; i < chunk.at.length; i++) {
    const v = chunk.value[i]!;
    queue.push(chunk.leadIds[chunk.leadRef[i]!]!, chunk.kind[i]!, chunk.at[i]!, Number.isNaN(v) ? null : v);
  }
  if (chunk.completeBefore === Number.MAX_SAFE_INTEGER) queue.flushAll();
  else queue.flushBefore(chunk.completeBefore);
}
