import { useState } from 'react';
import type { JobProgress } from '../../../../shared/contracts/events.js';
import type { ImportResult } from '../../../../shared/contracts/imports.js';
import type { Mapping } from '../../../../shared/domain/import/mapping.js';
import type { ImportKind } from '../../../../shared/domain/import/targets.js';
import { useErrorText } from '../../components/States.js';
import {
  fetchImportResult,
  useRefreshAfterImport,
  useStartImport,
  type UploadedFile,
} from '../../hooks/use-imports.js';
import { useCurrentJob } from '../../hooks/use-jobs.js';
import { useT } from '../../i18n/index.js';
import { ImportProgress } from './ImportProgress.js';
import { MappingStep } from './MappingStep.js';
import { AUTO_PRESET } from './PresetPicker.js';
import { ResultStep } from './ResultStep.js';
import { ReviewStep } from './ReviewStep.js';
import { SourceStep } from './SourceStep.js';

type Notice = { text: string; error: boolean };
type OnError = 'abort' | 'skip';
type Stage =
  | { step: 'source' }
  | { step: 'mapping'; upload: UploadedFile; notice: Notice | null }
  | { step: 'running'; upload: UploadedFile; mapping: Mapping; jobId: string; onError: OnError }
  | { step: 'review'; upload: UploadedFile; mapping: Mapping; result: ImportResult }
  | { step: 'done'; upload: UploadedFile; mapping: Mapping; result: ImportResult | null };

const STEPS = ['source', 'mapping', 'run', 'result'] as const;
const stepIndex = (s: Stage['step']): number =>
  s === 'source' ? 0 : s === 'mapping' ? 1 : s === 'running' || s === 'review' ? 2 : 3;

/**
 * The import wizard: choose kind and file → check detection and mapping on a preview → run. The
 * first run writes only when every row passes ("abort" on error); when some are rejected the user
 * sees them and chooses to import nothing or only the valid rows (a second run that skips them).
 */
export function ImportWizard() {
  const t = useT();
  const errorText = useErrorText();
  const [kind, setKind] = useState<ImportKind>('leads');
  const [presetId, setPresetId] = useState(AUTO_PRESET);
  const [stage, setStage] = useState<Stage>({ step: 'source' });
  const starter = useStartImport();
  const refresh = useRefreshAfterImport();
  const current = useCurrentJob('import');
  const otherRunning =
    current !== null && !current.finished && (stage.step !== 'running' || current.jobId !== stage.jobId);

  const run = (upload: UploadedFile, mapping: Mapping, onError: OnError) =>
    starter.mutate(
      { source: { uploadId: upload.uploadId }, mapping, onError },
      { onSuccess: ({ jobId }) => setStage({ step: 'running', upload, mapping, jobId, onError }) },
    );

  const onFinished = (job: JobProgress) => {
    if (stage.step !== 'running' || stage.jobId !== job.jobId) return;
    const { upload, mapping } = stage;
    if (job.phase !== 'done') {
      const text =
        job.phase === 'cancelled'
          ? t('import.run.cancelled')
          : t('import.run.failed', { error: job.error ?? t('error.unknown') });
      setStage({ step: 'mapping', upload, notice: { text, error: job.phase !== 'cancelled' } });
      return;
    }
    fetchImportResult(job.jobId)
      .then((result) => {
        if (!result) throw new Error(t('import.run.noResult'));
        if (result.status === 'imported') refresh();
        setStage(
          result.status === 'aborted'
            ? { step: 'review', upload, mapping, result }
            : { step: 'done', upload, mapping, result },
        );
      })
      .catch((e: unknown) => setStage({ step: 'mapping', upload, notice: { text: errorText(e), error: true } }));
  };

  const startError = starter.isError ? errorText(starter.error) : null;
  const upload = stage.step === 'source' ? null : stage.upload;
  return (
    <div className="import-wizard" data-testid="import-wizard" data-step={stage.step}>
      <ol className="stepper" aria-label={t('import.steps.label')}>
        {STEPS.map((s, i) => (
          <li
            key={s}
            className={`stepper-item${i === stepIndex(stage.step) ? ' is-current' : i < stepIndex(stage.step) ? ' is-done' : ''}`}
            aria-current={i === stepIndex(stage.step) ? 'step' : undefined}
          >
            <span className="stepper-number">{i + 1}</span>
            {t(`import.steps.${s}`)}
          </li>
        ))}
      </ol>
      {upload && stage.step !== 'done' ? (
        // Mounted through the run and the review, so going back finds the mapping as the user left it.
        <div hidden={stage.step !== 'mapping'}>
          <MappingStep
            key={upload.uploadId}
            upload={upload}
            kind={kind}
            presetId={presetId}
            notice={stage.step === 'mapping' ? stage.notice : null}
            starting={starter.isPending}
            startError={stage.step === 'mapping' ? startError : null}
            onBack={() => setStage({ step: 'source' })}
            onStart={(mapping) => run(upload, mapping, 'abort')}
          />
        </div>
      ) : null}
      {stage.step === 'source' ? (
        <SourceStep
          kind={kind}
          presetId={presetId}
          busy={otherRunning}
          onKind={(k) => {
            setKind(k);
            setPresetId(AUTO_PRESET);
          }}
          onPreset={setPresetId}
          onUploaded={(upload) => {
            starter.reset();
            setStage({ step: 'mapping', upload, notice: null });
          }}
        />
      ) : stage.step === 'mapping' ? null : stage.step === 'running' ? (
        <ImportProgress
          jobId={stage.jobId}
          fileName={stage.upload.fileName}
          mode={stage.onError}
          onFinished={onFinished}
        />
      ) : stage.step === 'review' ? (
        <ReviewStep
          result={stage.result}
          starting={starter.isPending}
          startError={startError}
          onBack={() => setStage({ step: 'mapping', upload: stage.upload, notice: null })}
          onImportNothing={() => setStage({ ...stage, step: 'done', result: stage.result })}
          onImportValid={() => run(stage.upload, stage.mapping, 'skip')}
        />
      ) : (
        <ResultStep
          result={stage.result}
          onAgain={() => {
            starter.reset();
            setStage({ step: 'source' });
          }}
        />
      )}
    </div>
  );
}
