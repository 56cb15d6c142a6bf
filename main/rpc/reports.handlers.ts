import { reports } from '../../shared/contracts/reports.js';
import * as service from '../services/reports/index.js';
import { exportReportCsv } from '../services/reports/export-csv.js';
import { handle } from './handle.js';

export const reportsHandlers = [
  handle(reports.funnel, (input, { db }) => service.funnel(db, input.filters)),
  handle(reports.velocity, (input, { db }) => service.velocity(db, input.filters)),
  handle(reports.offers, (input, { db }) => service.offers(db, input.filters, input.attribution)),
  handle(reports.reasons, (input, { db }) => service.reasons(db, input.filters, input.splitBy)),
  handle(reports.lift, (input, { db }) => service.lift(db, input.filters, input.field)),
  handle(reports.calibration, (input, { db }) => service.calibration(db, input.filters)),
  handle(reports.sla, (input, { db }) => service.sla(db, input.filters, input.asOf)),
  handle(reports.exportCsv, (input, { db, path }) => exportReportCsv(db, path, input)),
];
