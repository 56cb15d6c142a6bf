import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as criteria from '../../main/services/criteria.js';
import * as users from '../../main/services/users.js';
import { newId } from '../../main/db/ids.js';
import { insertLead } from '../helpers/builders.js';
import { startPostgres, type TestCluster } from '../helpers/postgres.js';
import { TestHub, type Laptop } from '../helpers/sync-hub.js';

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(async () => cluster?.stop(), 30_000);

const lead = (l: Laptop, id: string) =>
  l.db.prepare('SELECT score_total AS total FROM leads WHERE id = ?').get(id) as { total: number };

describe('scores after a pulled offer-type change', () => {
  it('the leads with touchpoints of that offer are scored again (an engagement rule tests offer.type); the others are not', async () => {
    const hub = await TestHub.create(cluster);
    try {
      const m = await hub.member('marketing', true);
      const a = await hub.laptop(m);
      const b = await hub.laptop(m);
      const owner = users.create(a.db, { name: 'Maria', team: 'marketing', role: 'owner' }).id;
      users.setCurrent(a.db, owner);
      const v = criteria.createDraft(a.db, { name: 'Webinars' });
      criteria.saveRule(a.db, v.id, { kind: 'engagement', label: 'Webinar offer', field: 'offer.type', operator: 'equals', value: 'webinar', points: 30 });
      const now = Date.now();
      a.db.prepare("UPDATE criteria_versions SET status = 'active', effective_from = ?, updated_at = ? WHERE id = ?").run(now - 86_400_000, now, v.id);
      const offer = (type: string) => {
        const id = newId();
        a.db.prepare('INSERT INTO offers (id, name, type, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, `Offer ${type}`, type, now, now);
        return id;
      };
      const ebook = offer('ebook');
      const other = offer('ebook');
      const touch = (leadId: string, offerId: string) =>
        a.db
          .prepare("INSERT INTO touchpoints (id, lead_id, type, offer_id, occurred_at, created_at, updated_at) VALUES (?, ?, 'form_submit', ?, ?, ?, ?)")
          .run(newId(), leadId, offerId, now - 3_600_000, now, now);
      const reader = insertLead(a.db, { name: 'Reader', country: 'NL' });
      const bystander = insertLead(a.db, { name: 'Bystander', country: 'NL' });
      touch(reader, ebook);
      touch(bystander, other);
      await a.sync();
      await b.sync();
      expect(lead(b, reader).total).toBe(0);

      // On A the first ebook is recast as a webinar; B pulls only the offer's new type.
      a.db.prepare("UPDATE offers SET type = 'webinar', updated_at = ? WHERE id = ?").run(Date.now(), ebook);
      await a.sync();
      const r = await b.sync();
      expect(r).toMatchObject({ rescored: 1, rescoreAll: null });
      expect(lead(b, reader).total).toBe(30);
      expect(lead(b, bystander).total).toBe(0);
    } finally {
      await hub.close();
    }
  }, 60_000);
});
