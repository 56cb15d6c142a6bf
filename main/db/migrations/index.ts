import type { Database } from 'better-sqlite3';
import * as m0001 from './0001-init.js';
import * as m0002 from './0002-stage-rank.js';
import * as m0003 from './0003-imports.js';
import * as m0004 from './0004-search-prefix4.js';
import * as m0005 from './0005-sal-loop.js';
import * as m0006 from './0006-lead-rollup.js';
import * as m0007 from './0007-report-indexes.js';
import * as m0008 from './0008-sync-outbox.js';
import * as m0009 from './0009-leads-country-created.js';
import * as m0010 from './0010-review-meeting.js';
import * as m0011 from './0011-rollup-upserts.js';
import * as m0012 from './0012-sync-weak-writes.js';
import * as m0013 from './0013-sync-refused.js';
import * as m0014 from './0014-sync-merged-rows.js';
import * as m0015 from './0015-touchpoints-covering.js';
import * as m0016 from './0016-handoffs-sla-covering.js';
import * as m0017 from './0017-report-lookups.js';
import * as m0018 from './0018-rollup-funnel-mql.js';
import * as m0019 from './0019-leads-stage-score.js';
import * as m0020 from './0020-handoff-twins.js';
import * as m0021 from './0021-lift-summary.js';
import * as m0022 from './0022-handoffs-sla-groups.js';
import * as m0023 from './0023-reporting-currency.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

/** Explicit and ordered: the position is the schema version. A shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001-init', up: m0001.up },
  { version: 2, name: '0002-stage-rank', up: m0002.up },
  { version: 3, name: '0003-imports', up: m0003.up },
  { version: 4, name: '0004-search-prefix4', up: m0004.up },
  { version: 5, name: '0005-sal-loop', up: m0005.up },
  { version: 6, name: '0006-lead-rollup', up: m0006.up },
  { version: 7, name: '0007-report-indexes', up: m0007.up },
  { version: 8, name: '0008-sync-outbox', up: m0008.up },
  { version: 9, name: '0009-leads-country-created', up: m0009.up },
  { version: 10, name: '0010-review-meeting', up: m0010.up },
  { version: 11, name: '0011-rollup-upserts', up: m0011.up },
  { version: 12, name: '0012-sync-weak-writes', up: m0012.up },
  { version: 13, name: '0013-sync-refused', up: m0013.up },
  { version: 14, name: '0014-sync-merged-rows', up: m0014.up },
  { version: 15, name: '0015-touchpoints-covering', up: m0015.up },
  { version: 16, name: '0016-handoffs-sla-covering', up: m0016.up },
  { version: 17, name: '0017-report-lookups', up: m0017.up },
  { version: 18, name: '0018-rollup-funnel-mql', up: m0018.up },
  { version: 19, name: '0019-leads-stage-score', up: m0019.up },
  { version: 20, name: '0020-handoff-twins', up: m0020.up },
  { version: 21, name: '0021-lift-summary', up: m0021.up },
  { version: 22, name: '0022-handoffs-sla-groups', up: m0022.up },
  { version: 23, name: '0023-reporting-currency', up: m0023.up },
];
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
