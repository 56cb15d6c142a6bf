import type { Db } from '../../db/connection.js';
import {
  bypassInsertTriggers,
  dropForBulk,
  hasLiveTouchpoints,
  maxRowid,
  rebuildAfterBulk,
  replayInsertTriggers,
  tableRowCount,
  type BypassedTrigger,
  type DroppedSchema,
} from '../../db/import-bulk.repo.js';
import type { ImportKind } from '../../../shared/domain/import/targets.js';
import type { Phases } from './phases.js';

/** Rough bytes per row of a CRM export, to estimate a file's rows from its size. */
const BYTES_PER_ROW: Partial<Record<ImportKind, number>> = { leads: 150, touchpoints: 80 };
const MIN_BULK_ROWS = 50_000;

/** A file's rows estimated from its size (a CRM export's); 0 for the kinds that take no bulk path. */
export function estimatedRows(kind: ImportKind, fileSize: number): number {
  const perRow = BYTES_PER_ROW[kind];
  return perRow ? fileSize / perRow : 0;
}

/**
 * 'auto' decides by size; 'on' and 'off' force it (tests and the bench compare the two paths).
 * 'set-based-triggers' is 'on' plus the leads' and stage events' sync outbox insert triggers done
 * once at the end instead of row by row: proven to give the same rows (import-bulk-triggers.test.ts)
 * but measured no faster for leads (it reads every new row back through a small cache; see the
 * bench), so it is not the default; the bench keeps comparing the two. A touchpoints bulk load does
 * its outbox set-based in both modes (measured faster, see bulkLoad).
 */
export type BulkMode = 'auto' | 'on' | 'off' | 'set-based-triggers';

export interface BulkLoad {
  readonly active: boolean;
  /** After the last row: the bypassed triggers' work, set-based, and the triggers put back. */
  replay(): void;
  /** Run a set-based insert into stage_events with its outbox trigger replayed the same way. */
  stageEvents(run: () => void): void;
  /** Before commit: rebuild the dropped indexes and the search index. */
  finish(): void;
}

const INACTIVE: BulkLoad = {
  active: false,
  replay: () => undefined,
  stageEvents: (run) => run(),
  finish: () => undefined,
};

/**
 * A big leads import into a smaller table: maintaining the search index, the sort indexes and the
 * lead rollup's nine indexes row by row costs more than building each once at the end. Inside the
 * import's transaction this drops the FTS triggers and the secondary indexes not used for matching,
 * and the rollup's (its rows still come from its triggers), and puts them back before commit; a big
 * touchpoints import does the touchpoints' outbox insert trigger's work set-based, and in mode
 * 'set-based-triggers' the leads' and stage events' too (see import-bulk.repo.ts).
 * A rollback (abort, cancel, crash, kill -9) restores everything.
 */
export function bulkLoad(db: Db, kind: ImportKind, fileSize: number, mode: BulkMode, phases: Phases): BulkLoad {
  if (kind !== 'leads' && kind !== 'touchpoints') return INACTIVE;
  if (mode === 'off') return INACTIVE;
  if (mode === 'auto') {
    const estimated = estimatedRows(kind, fileSize);
    if (estimated < MIN_BULK_ROWS || estimated < 2 * tableRowCount(db, kind)) return INACTIVE;
  }
  const base = maxRowid(db, kind);
  const dropped: DroppedSchema[] = [];
  const bypass = mode === 'set-based-triggers';
  let bypassed: BypassedTrigger[] = [];
  if (kind === 'leads') {
    dropped.push(dropForBulk(db, 'leads', ['leads_external_id', 'leads_email']));
    dropped.push(dropForBulk(db, 'lead_rollup', []));
    // The rollup's insert trigger (an upsert since migration 0011) is cheap and stays row by row.
    if (bypass) bypassed = bypassInsertTriggers(db, 'leads', ['sync_leads_ai']);
  } else {
    // touchpoints_lead is how a row finds the same touchpoint stored before: it stays when there
    // are live ones (see hasLiveTouchpoints).
    if (!hasLiveTouchpoints(db)) dropped.push(dropForBulk(db, 'touchpoints', []));
    // Unlike a lead's, a touchpoint's outbox row is cheaper set-based: its row is small and read back
    // in rowid order. 1M onto 200k leads, two same-lock pairs: insert phase 27.2/27.1 s row by row,
    // 21.3/15.5 s + 2.8/1.6 s replay set-based.
    bypassed = bypassInsertTriggers(db, 'touchpoints', ['sync_touchpoints_ai']);
  }
  // Each trigger timed on its own, so the bench can say what the rollup and the outbox cost.
  const replay = (list: readonly BypassedTrigger[], from: number) => {
    for (const t of list) phases.time(`set-based ${t.name}`, () => replayInsertTriggers(db, [t], from));
  };
  return {
    active: true,
    replay: () => replay(bypassed, base),
    stageEvents(run) {
      const eventsBase = maxRowid(db, 'stage_events');
      const events = bypass ? bypassInsertTriggers(db, 'stage_events', ['sync_stage_events_ai']) : [];
      run();
      replay(events, eventsBase);
    },
    finish: () => phases.time('index and search rebuild', () => dropped.forEach((d) => rebuildAfterBulk(db, d))),
  };
}
