import type { ScoringTouchpoint } from '../../shared/domain/scoring.js';

/**
 * Every touchpoint of a rescore grouped by lead, filled from ONE sequential scan of the touchpoints
 * table. Reading them lead by lead through the touchpoints_lead index costs a random page read per
 * touchpoint (14 s of CPU for 5M on a 3.5 GB workspace, against 4 s for the scan). The rows are kept
 * in typed arrays (16 bytes each) and the repeated (type, offer, campaign, channel) values once each,
 * so 5M touchpoints take about 100 MB.
 *
 * A lead's touchpoints come back ordered by time, ties in storage order: the order of the
 * (lead_id, occurred_at) index, which the explanation's own read uses, so the sums are the same.
 */
/** One thread's share of the scan (see `part` and `append`). */
export interface TouchpointsPart {
  leads: number;
  n: number;
  lead: Int32Array;
  at: Float64Array;
  kind: Int32Array;
  kinds: Omit<ScoringTouchpoint, 'occurredAt'>[];
}

export class TouchpointsByLead {
  private readonly leadIndex = new Map<string, number>();
  private readonly kinds: Omit<ScoringTouchpoint, 'occurredAt'>[] = [];
  private readonly kindIds = new Map<string, Map<string | null, Map<string | null, Map<string | null, number>>>>();
  private lead: Int32Array;
  private at: Float64Array;
  private kind: Int32Array;
  private n = 0;
  private start: Int32Array | null = null;
  private order: Int32Array | null = null;

  /**
   * `leadIds`: the leads that will be asked for, by position; touchpoints of other leads are dropped.
   * `capacity`: how many touchpoints to expect (a rowid range bounds it), so the arrays are sized once.
   */
  constructor(
    leadIds: readonly string[],
    private readonly offerTypes: ReadonlyMap<string, string>,
    capacity = 1 << 16,
  ) {
    leadIds.forEach((id, i) => this.leadIndex.set(id, i));
    const size = Math.max(1024, capacity);
    this.lead = new Int32Array(size);
    this.at = new Float64Array(size);
    this.kind = new Int32Array(size);
  }

  get size(): number {
    return this.n;
  }

  add(
    leadId: string,
    type: string,
    offerId: string | null,
    campaignId: string | null,
    channel: string | null,
    occurredAt: number,
  ): void {
    const li = this.leadIndex.get(leadId);
    if (li === undefined) return;
    if (this.n === this.lead.length) this.grow();
    this.lead[this.n] = li;
    this.at[this.n] = occurredAt;
    this.kind[this.n] = this.kindOf(type, offerId, campaignId, channel);
    this.n += 1;
  }

  private kindOf(type: string, offerId: string | null, campaignId: string | null, channel: string | null): number {
    let byOffer = this.kindIds.get(type);
    if (!byOffer) this.kindIds.set(type, (byOffer = new Map()));
    let byCampaign = byOffer.get(offerId);
    if (!byCampaign) byOffer.set(offerId, (byCampaign = new Map()));
    let byChannel = byCampaign.get(campaignId);
    if (!byChannel) byCampaign.set(campaignId, (byChannel = new Map()));
    let id = byChannel.get(channel);
    if (id === undefined) {
      id = this.kinds.length;
      byChannel.set(channel, id);
      this.kinds.push({
        type,
        offerId,
        offerType: offerId ? (this.offerTypes.get(offerId) ?? null) : null,
        campaignId,
        channel,
      });
    }
    return id;
  }

  private grow(atLeast = this.lead.length * 2): void {
    const size = Math.max(atLeast, 1024);
    const lead = new Int32Array(size);
    lead.set(this.lead.subarray(0, this.n));
    const at = new Float64Array(size);
    at.set(this.at.subarray(0, this.n));
    const kind = new Int32Array(size);
    kind.set(this.kind.subarray(0, this.n));
    this.lead = lead;
    this.at = at;
    this.kind = kind;
  }

  /**
   * What this scan collected, for another thread's TouchpointsByLead over the same leads to append
   * (the typed arrays move with the message, they are not copied).
   */
  part(): TouchpointsPart {
    return { leads: this.leadIndex.size, n: this.n, lead: this.lead, at: this.at, kind: this.kind, kinds: this.kinds };
  }

  /** Append a part scanned elsewhere over later rowids, so the whole stays in storage order. */
  append(p: TouchpointsPart): void {
    if (p.leads !== this.leadIndex.size) throw new Error('Touchpoint parts of different lead lists');
    const kindIds = p.kinds.map((k) => this.kindOf(k.type, k.offerId ?? null, k.campaignId ?? null, k.channel ?? null));
    if (this.lead.length < this.n + p.n) this.grow(this.n + p.n);
    for (let i = 0; i < p.n; i++) {
      this.lead[this.n] = p.lead[i]!;
      this.at[this.n] = p.at[i]!;
      this.kind[this.n] = kindIds[p.kind[i]!]!;
      this.n += 1;
    }
  }

  /** Group by lead (a counting sort, stable in storage order), then order each lead's by time. */
  finish(): void {
    const leads = this.leadIndex.size;
    const start = new Int32Array(leads + 1);
    for (let i = 0; i < this.n; i++) start[this.lead[i]! + 1]! += 1;
    for (let l = 0; l < leads; l++) start[l + 1]! += start[l]!;
    const next = start.slice(0, leads);
    const order = new Int32Array(this.n);
    for (let i = 0; i < this.n; i++) order[next[this.lead[i]!]!++] = i;
    const at = this.at;
    for (let l = 0; l < leads; l++) {
      const from = start[l]!;
      const to = start[l + 1]!;
      if (to - from > 32) {
        // A long history (an import listing activities newest first, say): a real sort, stable by storage order.
        const sorted = Array.from(order.subarray(from, to)).sort((x, y) => at[x]! - at[y]! || x - y);
        order.set(sorted, from);
        continue;
      }
      // Insertion sort by time: a lead has a handful of touchpoints, mostly stored in time order.
      for (let j = from + 1; j < to; j++) {
        const x = order[j]!;
        const t = at[x]!;
        let k = j - 1;
        while (k >= from && at[order[k]!]! > t) {
          order[k + 1] = order[k]!;
          k -= 1;
        }
        order[k + 1] = x;
      }
    }
    this.start = start;
    this.order = order;
    this.lead = new Int32Array(0); // grouped: the lead of each row is no longer needed
  }

  /** The touchpoints of the lead at `position` in the constructor's list. */
  of(position: number): ScoringTouchpoint[] {
    const start = this.start!;
    const order = this.order!;
    const out: ScoringTouchpoint[] = [];
    for (let j = start[position]!; j < start[position + 1]!; j++) {
      const i = order[j]!;
      const k = this.kinds[this.kind[i]!]!;
      out.push({
        type: k.type,
        offerId: k.offerId,
        offerType: k.offerType,
        campaignId: k.campaignId,
        channel: k.channel,
        occurredAt: this.at[i]!,
      });
    }
    return out;
  }
}
