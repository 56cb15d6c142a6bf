/**
 * Hub schema version 3: push_changes, push_fields writing the fields the hub does not hold yet by a
 * plain INSERT (issue 9's 100k-change benchmark, where the push was most of the time). Version 2's
 * functions stay for older clients; pull is unchanged.
 *
 * Same message, rules and result as push_fields: SECURITY INVOKER under the same policies, the
 * same checks in the same order with the same errors, the client's last sequence recorded in the
 * same transaction. What differs, and why:
 * - The message is expanded into fields once (push_fields expands it again for the write), sorted
 *   in memory (work_mem: the 100k-field sort spilled to disk at the default 4 MB).
 * - A field the hub does not hold yet is written by a plain INSERT. INSERT ... ON CONFLICT with
 *   RETURNING, and the anti-join that finds the values that lost, cost more than the plain insert
 *   itself; only fields the hub already holds go through the upsert now, and only they can lose.
 *   Whether a key is held is read in the statement's snapshot; should a concurrent push insert one
 *   of the same keys meanwhile, the plain INSERT meets a unique violation and the statement runs
 *   again with every field through the upsert, which is what push_fields does.
 */
export const HUB_V3 = `
CREATE FUNCTION leadpact.push_changes(p_client uuid, p_node text, p_prev bigint, p_changes jsonb)
RETURNS TABLE (last bigint, xid xid8, held bigint, lost_tbl text[], lost_row text[], lost_col text[])
LANGUAGE plpgsql SECURITY INVOKER
-- JIT off as in push_fields (compiling cost more than the statement); the sort of a large message in memory.
SET jit = off SET work_mem = '64MB' AS $$
DECLARE
  v_last bigint;
  v_new bigint;
  v_clock text;
  v_bad record;
  v_fast boolean := true;
  v_lost_tbl text[];
  v_lost_row text[];
  v_lost_col text[];
BEGIN
  INSERT INTO leadpact.clients (client_id, node) VALUES (p_client, p_node) ON CONFLICT (client_id) DO NOTHING;
  SELECT c.last_seq INTO v_last FROM leadpact.clients c WHERE c.client_id = p_client FOR UPDATE;
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
    RETURN QUERY SELECT v_last, NULL::xid8, v_last, NULL::text[], NULL::text[], NULL::text[]; -- a resend after a lost reply
    RETURN;
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

  LOOP
    BEGIN
      WITH src AS MATERIALIZED (
        SELECT f.*, NOT v_fast OR EXISTS (SELECT 1 FROM leadpact.fields x WHERE x.tbl = f.tbl AND x.row_id = f.row_id AND x.col = f.col) AS held
        FROM (
          SELECT DISTINCT ON (f.tbl, f.row_id, f.col) f.tbl, f.row_id, f.col, f.value, f.clock, f.base, f.row_team
          FROM (
            SELECT ch->>'tbl' AS tbl, ch->>'row' AS row_id, kv.key AS col, kv.value, ch->>'clock' AS clock,
                   ch->'bases'->>kv.key AS base,
                   CASE WHEN ch->>'tbl' = 'approvals' THEN coalesce(ch->'cols'->>'team',
                     (SELECT x.value #>> '{}' FROM leadpact.fields x WHERE x.tbl = 'approvals' AND x.row_id = ch->>'row' AND x.col = 'team')) END AS row_team
            FROM jsonb_array_elements(p_changes) ch, jsonb_each(ch->'cols') kv
            WHERE (ch->>'seq')::bigint > v_last
          ) f
          ORDER BY f.tbl, f.row_id, f.col, f.clock COLLATE "C" DESC
        ) f
      ), fresh AS (
        INSERT INTO leadpact.fields (tbl, row_id, col, value, clock, base, node, row_team)
        SELECT s.tbl, s.row_id, s.col, s.value, s.clock, s.base, p_node, s.row_team FROM src s WHERE NOT s.held
      ), w AS (
        INSERT INTO leadpact.fields AS t (tbl, row_id, col, value, clock, base, node, row_team)
        SELECT s.tbl, s.row_id, s.col, s.value, s.clock, s.base, p_node, s.row_team FROM src s WHERE s.held
        ON CONFLICT (tbl, row_id, col) DO UPDATE
          SET value = excluded.value, clock = excluded.clock, base = excluded.base, node = excluded.node,
              author = current_user, row_team = excluded.row_team, xid = pg_current_xact_id(),
              id = nextval('leadpact.field_seq'), changed_at = now()
          WHERE excluded.clock > t.clock
        RETURNING t.tbl, t.row_id, t.col
      )
      -- What the upsert did not write kept a newer value on the hub (a row another push changed
      -- meanwhile is rechecked, so this is what happened): the laptop must not take it as synced.
      SELECT array_agg(s.tbl), array_agg(s.row_id), array_agg(s.col) INTO v_lost_tbl, v_lost_row, v_lost_col
        FROM src s WHERE s.held AND NOT EXISTS (SELECT 1 FROM w WHERE w.tbl = s.tbl AND w.row_id = s.row_id AND w.col = s.col);
      EXIT;
    EXCEPTION WHEN unique_violation THEN
      -- A key a push that committed after this statement's snapshot inserted: all through the upsert.
      IF NOT v_fast THEN RAISE; END IF;
      v_fast := false;
    END;
  END LOOP;

  UPDATE leadpact.clients SET last_seq = v_new, last_push_at = now() WHERE client_id = p_client;
  RETURN QUERY SELECT v_new, pg_current_xact_id(), v_last, v_lost_tbl, v_lost_row, v_lost_col;
END
$$;
`;
