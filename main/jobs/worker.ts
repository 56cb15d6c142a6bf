import { parentPort, workerData } from 'node:worker_threads';
import { openWorkspace } from '../db/connection.js';
import { rescore } from '../services/rescore.js';
import { runImportJob } from '../services/import/job.js';
import { runBacktestJob } from './backtest-job.js';
import { runEvidenceJob } from './evidence-job.js';
import { runSuggestJob } from './suggest-job.js';
import { throttledProgress } from './throttle.js';
import { AppError, isAppError } from '../../shared/errors.js';
import type { WorkerInput, WorkerMessage } from './protocol.js';

const { spec, cancelFlag } = workerData as WorkerInput;
const flag = new Int32Array(cancelFlag);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

try {
  const db = openWorkspace(spec.dbPath);
  try {
    const progress = (p: { done: number; total: number; phase: string }) => post({ type: 'progress', ...p });
    const scoring = throttledProgress(progress);
    const result =
      spec.kind === 'import'
        ? await runImportJob(db, spec.params, flag, progress)
        : spec.kind === 'backtest'
          ? await runBacktestJob(db, spec.params, flag, progress)
          : spec.kind === 'evidence'
            ? runEvidenceJob(db, spec.params, flag, progress)
            : spec.kind === 'suggest'
              ? runSuggestJob(db, spec.params, flag, progress)
              : rescore(db, spec.params.versionId, {
                  ...(spec.params.asOf !== undefined ? { asOf: spec.params.asOf } : {}),
                  isCancelled: () => Atomics.load(flag, 0) === 1,
                  onProgress: (done, total) => scoring(done, total, 'scoring'),
                });
    post({ type: 'done', result });
  } finally {
    db.close();
  }
} catch (e) {
  const body = isAppError(e) ? e.toBody() : new AppError('internal', e instanceof Error ? e.message : String(e)).toBody();
  post({ type: 'error', error: body });
}
