import type { Database } from 'better-sqlite3';

/**
 * The whole data model of PRODUCT.md. Conventions: ids are app-made UUIDv7 text; every timestamp is
 * integer milliseconds UTC; rows people create carry created_at, updated_at and a soft-delete flag so
 * that laptops can later sync through one server without id remapping.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      email TEXT,
      team TEXT NOT NULL CHECK (team IN ('marketing','sales','ops')),
      role TEXT NOT NULL CHECK (role IN ('member','owner')),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;

    CREATE TABLE campaigns (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      channel TEXT NOT NULL,
      cost REAL NOT NULL DEFAULT 0,
      currency TEXT NOT NULL DEFAULT 'USD',
      starts_at INTEGER,
      ends_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;

    CREATE TABLE offers (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('ebook','webinar','demo_request','free_trial','pricing_page','newsletter','ad','landing_page')),
      campaign_id TEXT REFERENCES campaigns(id),
      channel TEXT,
      landing_page TEXT,
      cost REAL NOT NULL DEFAULT 0,
      currency TEXT NOT NULL DEFAULT 'USD',
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;
    CREATE INDEX offers_campaign ON offers(campaign_id);

    CREATE TABLE criteria_versions (
      id TEXT PRIMARY KEY,
      number INTEGER NOT NULL UNIQUE,
      name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('draft','proposed','approved','active','retired')),
      levels TEXT NOT NULL DEFAULT '[]',
      sla_hours REAL NOT NULL DEFAULT 48,
      sla_business_hours INTEGER NOT NULL DEFAULT 0 CHECK (sla_business_hours IN (0,1)),
      rationale TEXT NOT NULL DEFAULT '',
      effective_from INTEGER,
      effective_to INTEGER,
      parent_id TEXT REFERENCES criteria_versions(id),
      created_by TEXT REFERENCES users(id),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;
    CREATE UNIQUE INDEX criteria_one_active ON criteria_versions(status) WHERE status = 'active' AND deleted = 0;

    CREATE TABLE criteria_rules (
      id TEXT PRIMARY KEY,
      version_id TEXT NOT NULL REFERENCES criteria_versions(id),
      kind TEXT NOT NULL CHECK (kind IN ('fit','engagement','disqualifier','sql')),
      label TEXT NOT NULL,
      field TEXT NOT NULL,
      operator TEXT NOT NULL,
      value TEXT NOT NULL DEFAULT 'null',
      points REAL NOT NULL DEFAULT 0,
      cap REAL,
      decay_half_life_days REAL,
      window_days REAL,
      position INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;
    CREATE INDEX criteria_rules_version ON criteria_rules(version_id, kind, position);

    CREATE TABLE approvals (
      id TEXT PRIMARY KEY,
      version_id TEXT NOT NULL REFERENCES criteria_versions(id),
      user_id TEXT NOT NULL REFERENCES users(id),
      team TEXT NOT NULL CHECK (team IN ('marketing','sales')),
      decision TEXT NOT NULL CHECK (decision IN ('approve','reject')),
      comment TEXT,
      at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;
    CREATE INDEX approvals_version ON approvals(version_id);

    CREATE TABLE leads (
      id TEXT PRIMARY KEY,
      external_id TEXT,
      email TEXT COLLATE NOCASE,
      name TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
      company TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
      domain TEXT,
      country TEXT NOT NULL DEFAULT '',
      industry TEXT,
      employees INTEGER,
      job_title TEXT,
      seniority TEXT,
      budget REAL,
      source TEXT,
      first_offer_id TEXT REFERENCES offers(id),
      first_campaign_id TEXT REFERENCES campaigns(id),
      owner_id TEXT REFERENCES users(id),
      stage TEXT NOT NULL DEFAULT 'lead' CHECK (stage IN ('suspect','lead','mql','sal','rejected','recycled','disqualified','sql','opportunity','won','lost')),
      score_total REAL NOT NULL DEFAULT 0,
      score_level TEXT,
      attributes TEXT NOT NULL DEFAULT '{}',
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;
    CREATE UNIQUE INDEX leads_external_id ON leads(external_id) WHERE external_id IS NOT NULL;
    CREATE INDEX leads_email ON leads(email);
    CREATE INDEX leads_created ON leads(created_at, id);
    CREATE INDEX leads_name ON leads(name, id);
    CREATE INDEX leads_company ON leads(company, id);
    CREATE INDEX leads_country ON leads(country, id);
    CREATE INDEX leads_employees ON leads(coalesce(employees, -1), id);
    CREATE INDEX leads_score ON leads(score_total, id);
    CREATE INDEX leads_stage ON leads(stage, id);
    CREATE INDEX leads_owner ON leads(owner_id, created_at);
    CREATE INDEX leads_offer ON leads(first_offer_id, created_at);
    CREATE INDEX leads_campaign ON leads(first_campaign_id, created_at);

    -- Word-prefix search over who and where; kept in step by triggers so no write path can forget it.
    CREATE VIRTUAL TABLE leads_fts USING fts5(
      name, email, company, job_title,
      content='leads', content_rowid='rowid', tokenize='unicode61', prefix='2 3'
    );
    CREATE TRIGGER leads_fts_ai AFTER INSERT ON leads BEGIN
      INSERT INTO leads_fts(rowid, name, email, company, job_title)
      VALUES (new.rowid, new.name, new.email, new.company, new.job_title);
    END;
    CREATE TRIGGER leads_fts_ad AFTER DELETE ON leads BEGIN
      INSERT INTO leads_fts(leads_fts, rowid, name, email, company, job_title)
      VALUES ('delete', old.rowid, old.name, old.email, old.company, old.job_title);
    END;
    CREATE TRIGGER leads_fts_au AFTER UPDATE OF name, email, company, job_title ON leads BEGIN
      INSERT INTO leads_fts(leads_fts, rowid, name, email, company, job_title)
      VALUES ('delete', old.rowid, old.name, old.email, old.company, old.job_title);
      INSERT INTO leads_fts(rowid, name, email, company, job_title)
      VALUES (new.rowid, new.name, new.email, new.company, new.job_title);
    END;

    CREATE TABLE touchpoints (
      id TEXT PRIMARY KEY,
      lead_id TEXT NOT NULL REFERENCES leads(id),
      type TEXT NOT NULL,
      offer_id TEXT REFERENCES offers(id),
      campaign_id TEXT REFERENCES campaigns(id),
      channel TEXT,
      landing_page TEXT,
      occurred_at INTEGER NOT NULL,
      value REAL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;
    CREATE INDEX touchpoints_lead ON touchpoints(lead_id, occurred_at);

    CREATE TABLE scores (
      id TEXT PRIMARY KEY,
      lead_id TEXT NOT NULL REFERENCES leads(id),
      version_id TEXT NOT NULL REFERENCES criteria_versions(id),
      fit_points REAL NOT NULL,
      engagement_points REAL NOT NULL,
      total REAL NOT NULL,
      level TEXT,
      disqualified_by TEXT,
      contributions TEXT NOT NULL DEFAULT '[]',
      computed_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      UNIQUE (lead_id, version_id)
    ) STRICT;
    CREATE INDEX scores_version ON scores(version_id, total);

    CREATE TABLE rejection_reasons (
      id TEXT PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      label TEXT NOT NULL,
      blame TEXT NOT NULL CHECK (blame IN ('fit','engagement','data','routing')),
      action TEXT NOT NULL CHECK (action IN ('disqualify','recycle','reroute')),
      comment_required INTEGER NOT NULL DEFAULT 0 CHECK (comment_required IN (0,1)),
      reopen_kind TEXT CHECK (reopen_kind IN ('date','renewal')),
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
      position INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;

    CREATE TABLE loss_reasons (
      id TEXT PRIMARY KEY,
      code TEXT NOT NULL UNIQUE,
      label TEXT NOT NULL,
      active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
      position INTEGER NOT NULL DEFAULT 0,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;

    CREATE TABLE handoffs (
      id TEXT PRIMARY KEY,
      lead_id TEXT NOT NULL REFERENCES leads(id),
      version_id TEXT REFERENCES criteria_versions(id),
      score_at_handoff REAL NOT NULL DEFAULT 0,
      level TEXT,
      handed_at INTEGER NOT NULL,
      rep_id TEXT REFERENCES users(id),
      sla_due_at INTEGER,
      decision TEXT NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending','accepted','rejected')),
      decided_at INTEGER,
      decided_by TEXT REFERENCES users(id),
      reason_id TEXT REFERENCES rejection_reasons(id),
      action TEXT CHECK (action IN ('disqualify','recycle','reroute')),
      comment TEXT,
      reopen_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;
    CREATE INDEX handoffs_lead ON handoffs(lead_id, handed_at);
    CREATE INDEX handoffs_rep_pending ON handoffs(rep_id, decision, sla_due_at);
    CREATE INDEX handoffs_reason ON handoffs(reason_id);

    CREATE TABLE stage_events (
      id TEXT PRIMARY KEY,
      lead_id TEXT NOT NULL REFERENCES leads(id),
      from_stage TEXT,
      to_stage TEXT NOT NULL,
      at INTEGER NOT NULL,
      by_user_id TEXT REFERENCES users(id),
      why TEXT,
      handoff_id TEXT REFERENCES handoffs(id),
      created_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX stage_events_lead ON stage_events(lead_id, at);

    CREATE TABLE outcomes (
      id TEXT PRIMARY KEY,
      lead_id TEXT REFERENCES leads(id),
      external_id TEXT,
      opened_at INTEGER,
      closed_at INTEGER,
      result TEXT NOT NULL CHECK (result IN ('open','won','lost')),
      amount REAL,
      currency TEXT NOT NULL DEFAULT 'USD',
      loss_reason_id TEXT REFERENCES loss_reasons(id),
      competitor TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;
    CREATE INDEX outcomes_lead ON outcomes(lead_id);
    CREATE UNIQUE INDEX outcomes_external_id ON outcomes(external_id) WHERE external_id IS NOT NULL;

    CREATE TABLE reviews (
      id TEXT PRIMARY KEY,
      quarter TEXT NOT NULL,
      held_on INTEGER,
      status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','in_progress','closed')),
      attendees TEXT NOT NULL DEFAULT '[]',
      agenda TEXT NOT NULL DEFAULT '[]',
      notes TEXT NOT NULL DEFAULT '',
      decisions TEXT NOT NULL DEFAULT '[]',
      resulting_version_id TEXT REFERENCES criteria_versions(id),
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;

    CREATE TABLE review_proposals (
      id TEXT PRIMARY KEY,
      review_id TEXT NOT NULL REFERENCES reviews(id),
      version_id TEXT NOT NULL REFERENCES criteria_versions(id),
      title TEXT NOT NULL,
      backtest TEXT,
      decision TEXT CHECK (decision IN ('accept','reject','defer')),
      decision_reason TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0,1))
    ) STRICT;

    CREATE TABLE audit (
      id TEXT PRIMARY KEY,
      at INTEGER NOT NULL,
      user_id TEXT REFERENCES users(id),
      entity TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      action TEXT NOT NULL,
      before TEXT,
      after TEXT
    ) STRICT;
    CREATE INDEX audit_entity ON audit(entity, entity_id, at);
  `);
}
