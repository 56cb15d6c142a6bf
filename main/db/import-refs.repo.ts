import type { Db } from './connection.js';
import { bulkId as newId } from './bulk-ids.js';
import { lossReasonIdFor, nameBasedId } from '../sync/ids.js';
import type { OfferType } from '../../shared/contracts/common.js';

/**
 * Name lookups an import needs for every row (users, offers, campaigns, reasons), loaded once into
 * maps (these tables are small), plus find-or-create for offers, campaigns and loss reasons named by
 * a file. Everything created is reported through `created` so the import journal can undo it.
 */

export type Created = (entity: string, id: string) => void;

const key = (s: string) => s.trim().toLowerCase();

/** An offer type from words in its name or a touchpoint type ("Webinar: MQL to SQL" → webinar). */
export function guessOfferType(...hints: (string | undefined)[]): OfferType {
  const s = hints.filter(Boolean).join(' ').toLowerCase();
  if (/webinar|event|booth|conference/.test(s)) return 'webinar';
  if (/demo/.test(s)) return 'demo_request';
  if (/trial/.test(s)) return 'free_trial';
  if (/pricing|price/.test(s)) return 'pricing_page';
  if (/newsletter|subscri/.test(s)) return 'newsletter';
  if (/ebook|e-book|whitepaper|content|download|guide|report/.test(s)) return 'ebook';
  if (/\bad\b|ads|advert|paid/.test(s)) return 'ad';
  return 'landing_page';
}

export class Refs {
  private users: Map<string, string | null> | null = null;
  private offers: Map<string, { id: string; campaignId: string | null }> | null = null;
  private campaigns: Map<string, string> | null = null;
  private rejection: Map<string, { id: string; action: string }> | null = null;
  private loss: Map<string, string> | null = null;
  readonly unknownUsers = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly at: number,
    private readonly created: Created,
  ) {}

  /**
   * The id of a campaign or offer an import makes from a name: derived from the name, so the same
   * file imported on two laptops makes one campaign or offer when they sync (and touchpoints naming
   * it stay one, see the touchpoints writer); a fresh id when a deleted row has that name's id.
   */
  namedId(table: 'campaigns' | 'offers', name: string): string {
    const id = nameBasedId(table === 'campaigns' ? 'import-campaign' : 'import-offer', name);
    return this.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) === undefined ? id : newId();
  }

  /** A user by email or name (case-insensitive); null when unknown or when two users share the name. */
  user(nameOrEmail: string): string | null {
    if (!this.users) {
      this.users = new Map();
      const rows = this.db.prepare('SELECT id, name, email FROM users WHERE deleted = 0').all() as {
        id: string;
        name: string;
        email: string | null;
      }[];
      for (const r of rows) {
        for (const k of [r.email, r.name]) {
          if (!k) continue;
          const kk = key(k);
          this.users.set(kk, this.users.has(kk) && this.users.get(kk) !== r.id ? null : r.id);
        }
      }
    }
    const id = this.users.get(key(nameOrEmail)) ?? null;
    if (!id && this.unknownUsers.size < 1000) this.unknownUsers.add(nameOrEmail.trim());
    return id;
  }

  campaign(name: string, channel: string | undefined): string {
    if (!this.campaigns) {
      this.campaigns = new Map();
      for (const r of this.db.prepare('SELECT id, name FROM campaigns WHERE deleted = 0 ORDER BY created_at').all() as {
        id: string;
        name: string;
      }[]) {
        if (!this.campaigns.has(key(r.name))) this.campaigns.set(key(r.name), r.id);
      }
    }
    const found = this.campaigns.get(key(name));
    if (found) return found;
    const id = this.namedId('campaigns', key(name));
    this.db
      .prepare('INSERT INTO campaigns (id, name, channel, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, name.trim(), channel?.trim() ?? '', this.at, this.at);
    this.campaigns.set(key(name), id);
    this.created('campaigns', id);
    return id;
  }

  private loadOffers(): Map<string, { id: string; campaignId: string | null }> {
    if (!this.offers) {
      this.offers = new Map();
      const rows = this.db
        .prepare('SELECT id, name, campaign_id FROM offers WHERE deleted = 0 ORDER BY created_at')
        .all() as { id: string; name: string; campaign_id: string | null }[];
      for (const r of rows)
        if (!this.offers.has(key(r.name))) this.offers.set(key(r.name), { id: r.id, campaignId: r.campaign_id });
    }
    return this.offers;
  }

  findOffer(name: string): { id: string; campaignId: string | null } | undefined {
    return this.loadOffers().get(key(name));
  }

  /** Find an offer by name, or create it (type guessed from its name and the touchpoint type). */
  offer(
    name: string,
    hints: { type?: string; campaignId?: string | null; channel?: string },
  ): { id: string; campaignId: string | null } {
    const found = this.findOffer(name);
    if (found) return found;
    const id = this.namedId('offers', key(name));
    const campaignId = hints.campaignId ?? null;
    this.db
      .prepare(
        'INSERT INTO offers (id, name, type, campaign_id, channel, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        name.trim(),
        guessOfferType(name, hints.type),
        campaignId,
        hints.channel?.trim() ?? null,
        this.at,
        this.at,
      );
    const o = { id, campaignId };
    this.loadOffers().set(key(name), o);
    this.created('offers', id);
    return o;
  }

  /** Remember an offer the offers import just inserted, so later rows of the same file find it. */
  rememberOffer(name: string, o: { id: string; campaignId: string | null }): void {
    this.loadOffers().set(key(name), o);
  }

  rejectionReason(codeOrLabel: string): { id: string; action: string } | null {
    if (!this.rejection) {
      this.rejection = new Map();
      const rows = this.db.prepare('SELECT id, code, label, action FROM rejection_reasons WHERE deleted = 0').all() as {
        id: string;
        code: string;
        label: string;
        action: string;
      }[];
      for (const r of rows) {
        this.rejection.set(key(r.code), { id: r.id, action: r.action });
        if (!this.rejection.has(key(r.label))) this.rejection.set(key(r.label), { id: r.id, action: r.action });
      }
    }
    return this.rejection.get(key(codeOrLabel)) ?? null;
  }

  /** A loss reason by code or label, created when the file names a new one (loss reasons are a free list). */
  lossReason(codeOrLabel: string): string {
    if (!this.loss) {
      this.loss = new Map();
      const rows = this.db.prepare('SELECT id, code, label FROM loss_reasons WHERE deleted = 0').all() as {
        id: string;
        code: string;
        label: string;
      }[];
      for (const r of rows) {
        this.loss.set(key(r.code), r.id);
        if (!this.loss.has(key(r.label))) this.loss.set(key(r.label), r.id);
      }
    }
    const found = this.loss.get(key(codeOrLabel));
    if (found) return found;
    const base =
      key(codeOrLabel)
        .replace(/[^a-z0-9]+/g, '_')
        .replace(/^_|_$/g, '') || 'reason';
    let code = base;
    for (let i = 2; this.db.prepare('SELECT 1 FROM loss_reasons WHERE code = ?').get(code); i++) code = `${base}_${i}`;
    const id = lossReasonIdFor(code); // as every way of adding a loss reason: from its code
    const { n } = this.db.prepare('SELECT count(*) AS n FROM loss_reasons').get() as { n: number };
    this.db
      .prepare('INSERT INTO loss_reasons (id, code, label, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, code, codeOrLabel.trim(), n, this.at, this.at);
    this.loss.set(key(codeOrLabel), id);
    this.loss.set(code, id);
    this.created('loss_reasons', id);
    return id;
  }
}
