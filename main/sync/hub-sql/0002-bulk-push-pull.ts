/**
 * Hub schema version 2: push and pull without sending a laptop its own values back (issue 9's
 * 100k-change benchmark: the pushing laptop pulled all 100k fields it had just pushed, and merged
 * each one, to learn that the hub held them). Version 1's functions stay for older clients.
 *
 * - push_fields is push, with the same checks in the same order, SECURITY INVOKER under the same
 *   policies, the client's last sequence recorded in the same transaction, and JIT off (a large
 *   message's estimate crossed the JIT threshold; compiling cost more than the statement). It also
 *   returns its transaction's xid8, the sequence the hub held before (changes up to it were not
 *   written by this call), and the fields whose pushed value lost to a newer one the hub holds.
 *   The laptop marks the others as synced, as pulling them back would have.
 * - pull_page is pull without the caller's own push transactions (p_skip: the xids push_fields
 *   returned to it): every row in them was written by that push, so they hold values the laptop has
 *   and has marked. The page is cut by the limit before the skip, and a last row with tbl NULL
 *   carries the position of the last row scanned and, as value, how many were scanned, so the cursor
 *   passes skipped rows and a short page still means the end. The xmin rule is unchanged: nothing at
 *   or past the oldest running transaction is read or passed.
 *
 * Tried and left: the changes as parallel arrays (unnest) with a plain INSERT for new keys and an
 * UPDATE for existing ones (INSERT ... ON CONFLICT costs ~1.5x a plain insert per row here); on this
 * machine under load it was no faster end to end than the jsonb message.
 */
export const HUB_V2 = `
CREATE FUNCTION leadpact.push_fields(p_client uuid, p_node text, p_prev bigint, p_changes jsonb)
RETURNS TABLE (last bigint, xid xid8, held bigint, lost_tbl text[], lost_row text[], lost_col text[])
LANGUAGE plpgsql SECURITY INVOKER
-- A large message's estimate crosses the JIT threshold, and compiling cost more than the statement.
SET jit = off AS $$
DECLARE
  v_last bigint;
  v_new bigint;
  v_clock text;
  v_bad record;
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

  WITH src AS MATERIALIZED (
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
  ), w AS (
    INSERT INTO leadpact.fields AS t (tbl, row_id, col, value, clock, base, node, row_team)
    SELECT s.tbl, s.row_id, s.col, s.value, s.clock, s.base, p_node, s.row_team FROM src s
  ON CONFLICT (tbl, row_id, col) DO UPDATE
    SET value = excluded.value, clock = excluded.clock, base = excluded.base, node = excluded.node,
        author = current_user, row_team = excluded.row_team, xid = pg_current_xact_id(),
        id = nextval('leadpact.field_seq'), changed_at = now()
    WHERE excluded.clock > t.clock
    RETURNING t.tbl, t.row_id, t.col
  )
  -- What the upsert did not write kept a newer value on the hub (a row another push changed meanwhile
  -- is rechecked, so this is what happened): the laptop must not take it as synced.
  SELECT array_agg(s.tbl), array_agg(s.row_id), array_agg(s.col) INTO v_lost_tbl, v_lost_row, v_lost_col
    FROM src s WHERE NOT EXISTS (SELECT 1 FROM w WHERE w.tbl = s.tbl AND w.row_id = s.row_id AND w.col = s.col);

  UPDATE leadpact.clients SET last_seq = v_new, last_push_at = now() WHERE client_id = p_client;
  RETURN QUERY SELECT v_new, pg_current_xact_id(), v_last, v_lost_tbl, v_lost_row, v_lost_col;
END
$$;

CREATE FUNCTION leadpact.pull_page(p_xid xid8, p_id bigint, p_limit int, p_skip xid8[])
RETURNS TABLE (xid xid8, id bigint, tbl text, row_id text, col text, value jsonb, clock text, base text)
LANGUAGE sql STABLE SECURITY INVOKER
-- As pull: the index walked in order up to the limit. enable_sort = off inflates the estimate past
-- the JIT threshold, and compiling cost more than the page.
SET enable_bitmapscan = off SET enable_sort = off SET jit = off AS $$
  WITH page AS MATERIALIZED (
    SELECT f.xid, f.id, f.tbl, f.row_id, f.col, f.value, f.clock, f.base
    FROM leadpact.fields f
    WHERE (f.xid, f.id) > (p_xid, p_id)
      AND f.xid < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY f.xid, f.id
    LIMIT p_limit
  )
  SELECT * FROM (
    SELECT p.xid, p.id, p.tbl, p.row_id, p.col, p.value, p.clock, p.base FROM page p WHERE p.xid <> ALL (p_skip)
    UNION ALL
    (SELECT p.xid, p.id, NULL, NULL, NULL, to_jsonb((SELECT count(*) FROM page)), NULL, NULL FROM page p ORDER BY p.xid DESC, p.id DESC LIMIT 1)
  ) u
  ORDER BY u.xid, u.id, u.tbl IS NULL
$$;
`;
