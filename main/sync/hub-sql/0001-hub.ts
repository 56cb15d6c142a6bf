/**
 * Hub schema version 1. One table of fields (the current winner of every synced field, per-field
 * last-writer-wins on the clock), the clients' push high-water marks, and the roles and policies.
 *
 * - Every field row carries the xid8 of the transaction that last wrote it and an id from a
 *   sequence; pull reads only rows with xid below the oldest running transaction's, ordered by
 *   (xid, id), so a transaction that commits late is never skipped.
 * - Row-level security is enabled and forced on every table; members write only as themselves,
 *   and leadpact.may_write() is the authorisation rule (approvals by the team approving, handoff
 *   decisions by sales or owners).
 * - push/pull are SECURITY INVOKER: they run as the member calling them, under these policies.
 */
export const HUB_V1 = `
CREATE SCHEMA IF NOT EXISTS leadpact;

DO $roles$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leadpact_member') THEN CREATE ROLE leadpact_member NOLOGIN; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leadpact_marketing') THEN CREATE ROLE leadpact_marketing NOLOGIN IN ROLE leadpact_member; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leadpact_sales') THEN CREATE ROLE leadpact_sales NOLOGIN IN ROLE leadpact_member; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leadpact_owners') THEN CREATE ROLE leadpact_owners NOLOGIN IN ROLE leadpact_member; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'leadpact_admin') THEN CREATE ROLE leadpact_admin NOLOGIN; END IF;
END $roles$;

CREATE TABLE leadpact.schema_version (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE leadpact.hub_meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO leadpact.hub_meta (key, value) VALUES ('hub_id', gen_random_uuid()::text), ('horizon_xid', '0'), ('horizon_id', '0');

CREATE TABLE leadpact.clients (
  client_id uuid PRIMARY KEY,
  node text NOT NULL CHECK (node ~ '^[0-9a-f]{16}$'),
  login name NOT NULL DEFAULT current_user,
  last_seq bigint NOT NULL DEFAULT 0,
  last_push_at timestamptz
);

CREATE SEQUENCE leadpact.field_seq;
CREATE TABLE leadpact.fields (
  tbl text NOT NULL,
  row_id text NOT NULL,
  col text NOT NULL,
  value jsonb,
  clock text COLLATE "C" NOT NULL,
  base text COLLATE "C",
  node text NOT NULL,
  author name NOT NULL DEFAULT current_user,
  row_team text,
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  id bigint NOT NULL DEFAULT nextval('leadpact.field_seq'),
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tbl, row_id, col)
);
CREATE INDEX fields_cursor ON leadpact.fields (xid, id);

CREATE FUNCTION leadpact.my_team() RETURNS text LANGUAGE sql STABLE SECURITY INVOKER AS $$
  SELECT CASE WHEN pg_has_role(current_user, 'leadpact_marketing', 'MEMBER') THEN 'marketing'
              WHEN pg_has_role(current_user, 'leadpact_sales', 'MEMBER') THEN 'sales' END
$$;

CREATE FUNCTION leadpact.may_write(p_tbl text, p_row text, p_col text, p_value jsonb, p_row_team text)
RETURNS boolean LANGUAGE sql STABLE SECURITY INVOKER AS $$
  SELECT CASE
    WHEN p_tbl = 'approvals' THEN
      p_row_team IS NOT NULL
      AND ((p_row_team = 'marketing' AND pg_has_role(current_user, 'leadpact_marketing', 'MEMBER'))
        OR (p_row_team = 'sales' AND pg_has_role(current_user, 'leadpact_sales', 'MEMBER')))
      AND (p_col <> 'team' OR p_value #>> '{}' = p_row_team)
      AND NOT EXISTS (SELECT 1 FROM leadpact.fields f WHERE f.tbl = 'approvals' AND f.row_id = p_row
                      AND f.col = 'team' AND f.value #>> '{}' IS DISTINCT FROM p_row_team)
    WHEN p_tbl = 'handoffs' AND p_col IN ('decision', 'decided_at', 'decided_by', 'reason_id', 'action', 'reopen_at', 'outcome_id')
         AND p_value IS NOT NULL AND p_value <> 'null'::jsonb AND p_value <> '"pending"'::jsonb THEN
      pg_has_role(current_user, 'leadpact_sales', 'MEMBER') OR pg_has_role(current_user, 'leadpact_owners', 'MEMBER')
    ELSE true -- the policies apply to leadpact_member only
  END
$$;

ALTER TABLE leadpact.schema_version ENABLE ROW LEVEL SECURITY;
ALTER TABLE leadpact.schema_version FORCE ROW LEVEL SECURITY;
CREATE POLICY schema_version_read ON leadpact.schema_version FOR SELECT TO leadpact_member USING (true);
CREATE POLICY schema_version_admin ON leadpact.schema_version FOR ALL TO leadpact_admin USING (true) WITH CHECK (true);
ALTER TABLE leadpact.hub_meta ENABLE ROW LEVEL SECURITY;
ALTER TABLE leadpact.hub_meta FORCE ROW LEVEL SECURITY;
ALTER TABLE leadpact.clients ENABLE ROW LEVEL SECURITY;
ALTER TABLE leadpact.clients FORCE ROW LEVEL SECURITY;
ALTER TABLE leadpact.fields ENABLE ROW LEVEL SECURITY;
ALTER TABLE leadpact.fields FORCE ROW LEVEL SECURITY;

CREATE POLICY hub_meta_read ON leadpact.hub_meta FOR SELECT TO leadpact_member USING (true);
CREATE POLICY hub_meta_admin ON leadpact.hub_meta FOR ALL TO leadpact_admin USING (true) WITH CHECK (true);
CREATE POLICY clients_own ON leadpact.clients FOR ALL TO leadpact_member USING (login = current_user) WITH CHECK (login = current_user);
CREATE POLICY clients_admin ON leadpact.clients FOR ALL TO leadpact_admin USING (true) WITH CHECK (true);
CREATE POLICY fields_read ON leadpact.fields FOR SELECT TO leadpact_member USING (true);
CREATE POLICY fields_insert ON leadpact.fields FOR INSERT TO leadpact_member
  WITH CHECK (author = current_user AND CASE WHEN tbl IN ('approvals', 'handoffs') THEN leadpact.may_write(tbl, row_id, col, value, row_team) ELSE true END);
CREATE POLICY fields_update ON leadpact.fields FOR UPDATE TO leadpact_member USING (true)
  WITH CHECK (author = current_user AND CASE WHEN tbl IN ('approvals', 'handoffs') THEN leadpact.may_write(tbl, row_id, col, value, row_team) ELSE true END);
CREATE POLICY fields_admin ON leadpact.fields FOR ALL TO leadpact_admin USING (true) WITH CHECK (true);

CREATE FUNCTION leadpact.push(p_client uuid, p_node text, p_prev bigint, p_changes jsonb) RETURNS bigint
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE
  v_last bigint;
  v_new bigint;
  v_clock text;
  v_bad record;
BEGIN
  INSERT INTO leadpact.clients (client_id, node) VALUES (p_client, p_node) ON CONFLICT (client_id) DO NOTHING;
  SELECT last_seq INTO v_last FROM leadpact.clients WHERE client_id = p_client FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'client % is registered to another user than %', p_client, current_user USING ERRCODE = '42501';
  END IF;
  IF p_prev > v_last THEN
    -- A message that follows one the hub never got (reordered, or the hub was restored): refused, so
    -- nothing past a gap is recorded; the client resends from what the hub says it holds.
    RAISE EXCEPTION 'out of order: the hub holds changes of client % up to %, this message follows %', p_client, v_last, p_prev
      USING ERRCODE = '55000';
  END IF;
  SELECT max((c->>'seq')::bigint) INTO v_new FROM jsonb_array_elements(p_changes) c;
  IF v_new IS NULL OR v_new <= v_last THEN
    RETURN v_last; -- everything in this message is already here: a resend after a lost reply
  END IF;
  SELECT c->>'clock' INTO v_clock FROM jsonb_array_elements(p_changes) c
   WHERE (c->>'seq')::bigint > v_last
     AND left(c->>'clock', 24)::timestamptz > clock_timestamp() + interval '5 minutes'
   ORDER BY c->>'clock' DESC LIMIT 1;
  IF v_clock IS NOT NULL THEN
    RAISE EXCEPTION 'clock of client % (user %) is % ahead of the hub''s time; the cap is 5 minutes: set this computer''s clock right',
      p_client, current_user, date_trunc('second', left(v_clock, 24)::timestamptz - clock_timestamp())
      USING ERRCODE = '22008';
  END IF;
  SELECT c.tbl, c.row_id, c.col INTO v_bad FROM (
    SELECT ch->>'tbl' AS tbl, ch->>'row' AS row_id, kv.key AS col, kv.value,
           CASE WHEN ch->>'tbl' = 'approvals' THEN coalesce(ch->'cols'->>'team',
             (SELECT x.value #>> '{}' FROM leadpact.fields x WHERE x.tbl = 'approvals' AND x.row_id = ch->>'row' AND x.col = 'team')) END AS row_team
    FROM jsonb_array_elements(p_changes) ch, jsonb_each(ch->'cols') kv
    WHERE (ch->>'seq')::bigint > v_last AND ch->>'tbl' IN ('approvals', 'handoffs')) c
  WHERE NOT leadpact.may_write(c.tbl, c.row_id, c.col, c.value, c.row_team) LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'user % (team %) may not write %.% of row %', current_user, coalesce(leadpact.my_team(), 'none'),
      v_bad.tbl, v_bad.col, v_bad.row_id USING ERRCODE = '42501';
  END IF;

  INSERT INTO leadpact.fields AS t (tbl, row_id, col, value, clock, base, node, row_team)
  SELECT DISTINCT ON (f.tbl, f.row_id, f.col) f.tbl, f.row_id, f.col, f.value, f.clock, f.base, p_node, f.row_team
  FROM (
    SELECT ch->>'tbl' AS tbl, ch->>'row' AS row_id, kv.key AS col, kv.value, ch->>'clock' AS clock,
           ch->'bases'->>kv.key AS base,
           CASE WHEN ch->>'tbl' = 'approvals' THEN coalesce(ch->'cols'->>'team',
             (SELECT x.value #>> '{}' FROM leadpact.fields x WHERE x.tbl = 'approvals' AND x.row_id = ch->>'row' AND x.col = 'team')) END AS row_team
    FROM jsonb_array_elements(p_changes) ch, jsonb_each(ch->'cols') kv
    WHERE (ch->>'seq')::bigint > v_last
  ) f
  ORDER BY f.tbl, f.row_id, f.col, f.clock COLLATE "C" DESC
  ON CONFLICT (tbl, row_id, col) DO UPDATE
    SET value = excluded.value, clock = excluded.clock, base = excluded.base, node = excluded.node,
        author = current_user, row_team = excluded.row_team, xid = pg_current_xact_id(),
        id = nextval('leadpact.field_seq'), changed_at = now()
    WHERE excluded.clock > t.clock;

  UPDATE leadpact.clients SET last_seq = v_new, last_push_at = now() WHERE client_id = p_client;
  RETURN v_new;
END
$$;

CREATE FUNCTION leadpact.pull(p_xid xid8, p_id bigint, p_limit int)
RETURNS TABLE (xid xid8, id bigint, tbl text, row_id text, col text, value jsonb, clock text, base text)
LANGUAGE sql STABLE SECURITY INVOKER
-- Keyset paging wants the (xid, id) index walked in order up to the limit; with stale statistics the
-- planner would rather collect every newer row and sort them, for each page.
SET enable_bitmapscan = off SET enable_sort = off AS $$
  SELECT f.xid, f.id, f.tbl, f.row_id, f.col, f.value, f.clock, f.base
  FROM leadpact.fields f
  WHERE (f.xid, f.id) > (p_xid, p_id)
    AND f.xid < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY f.xid, f.id
  LIMIT p_limit
$$;

CREATE FUNCTION leadpact.hub_info() RETURNS TABLE (hub_id text, horizon_xid xid8, horizon_id bigint, version int, now_ms bigint)
LANGUAGE sql STABLE SECURITY INVOKER AS $$
  SELECT (SELECT value FROM leadpact.hub_meta WHERE key = 'hub_id'),
         (SELECT value FROM leadpact.hub_meta WHERE key = 'horizon_xid')::xid8,
         (SELECT value FROM leadpact.hub_meta WHERE key = 'horizon_id')::bigint,
         (SELECT max(version) FROM leadpact.schema_version),
         (extract(epoch FROM clock_timestamp()) * 1000)::bigint
$$;

-- Tombstones: rows soft-deleted longer ago than the retention window are removed; a client whose
-- cursor is older than the newest removed field resyncs in full (it could have missed the delete).
CREATE FUNCTION leadpact.purge_tombstones(p_retention interval) RETURNS bigint
LANGUAGE plpgsql SECURITY INVOKER AS $$
DECLARE v_n bigint; v_xid xid8; v_id bigint;
BEGIN
  WITH dead AS (
    SELECT tbl, row_id FROM leadpact.fields
    WHERE col = 'deleted' AND value = '1'::jsonb AND changed_at < now() - p_retention
  ), gone AS (
    DELETE FROM leadpact.fields f USING dead d WHERE f.tbl = d.tbl AND f.row_id = d.row_id
    RETURNING f.xid, f.id
  )
  SELECT count(*) OVER (), g.xid, g.id INTO v_n, v_xid, v_id FROM gone g ORDER BY g.xid DESC, g.id DESC LIMIT 1;
  IF v_n > 0 THEN
    UPDATE leadpact.hub_meta SET value = v_xid::text WHERE key = 'horizon_xid';
    UPDATE leadpact.hub_meta SET value = v_id::text WHERE key = 'horizon_id';
  END IF;
  RETURN coalesce(v_n, 0);
END
$$;

CREATE FUNCTION leadpact.add_user(p_login text, p_password text, p_team text, p_owner boolean) RETURNS void
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
  IF p_team NOT IN ('marketing', 'sales', 'ops') THEN
    RAISE EXCEPTION 'team must be marketing, sales or ops, not %', p_team USING ERRCODE = '22023';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
    EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', p_login, p_password);
  ELSE
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS', p_login, p_password);
  END IF;
  EXECUTE format('GRANT leadpact_member TO %I', p_login);
  IF p_team = 'marketing' THEN EXECUTE format('GRANT leadpact_marketing TO %I', p_login); END IF;
  IF p_team = 'sales' THEN EXECUTE format('GRANT leadpact_sales TO %I', p_login); END IF;
  IF p_owner THEN EXECUTE format('GRANT leadpact_owners TO %I', p_login); END IF;
END
$$;

GRANT USAGE ON SCHEMA leadpact TO leadpact_member, leadpact_admin;
GRANT SELECT ON leadpact.hub_meta, leadpact.schema_version TO leadpact_member;
GRANT SELECT, INSERT, UPDATE ON leadpact.clients TO leadpact_member;
GRANT SELECT, INSERT, UPDATE ON leadpact.fields TO leadpact_member;
GRANT USAGE ON SEQUENCE leadpact.field_seq TO leadpact_member;
GRANT ALL ON ALL TABLES IN SCHEMA leadpact TO leadpact_admin;
GRANT ALL ON SEQUENCE leadpact.field_seq TO leadpact_admin;
REVOKE ALL ON FUNCTION leadpact.purge_tombstones(interval) FROM PUBLIC;
REVOKE ALL ON FUNCTION leadpact.add_user(text, text, text, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION leadpact.purge_tombstones(interval) TO leadpact_admin;
GRANT EXECUTE ON FUNCTION leadpact.add_user(text, text, text, boolean) TO leadpact_admin;
`;
