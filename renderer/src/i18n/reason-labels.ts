import { useCallback } from 'react';
import { DEFAULT_LOSS_REASONS, DEFAULT_REJECTION_REASONS } from '../../../shared/domain/default-reasons.js';
import { useT } from './index.js';

/*
 * The default rejection and loss reasons are seeded (migration 0005) with English labels and stored
 * as workspace data the team may rename. A reason whose label is still the shipped English one is
 * shown in the UI language (catalogue id reason.<kind>.<code>); a label someone typed is shown as
 * typed, in every language. CSV exports and the CLI print the stored label: they are data, not UI.
 */
export type ReasonKind = 'rejection' | 'loss';

const DEFAULTS: Record<ReasonKind, ReadonlyMap<string, string>> = {
  rejection: new Map(DEFAULT_REJECTION_REASONS.map((r) => [r.code, r.label])),
  loss: new Map(DEFAULT_LOSS_REASONS.map((r) => [r.code, r.label])),
};
const CODE_BY_LABEL: Record<ReasonKind, ReadonlyMap<string, string>> = {
  rejection: new Map(DEFAULT_REJECTION_REASONS.map((r) => [r.label, r.code])),
  loss: new Map(DEFAULT_LOSS_REASONS.map((r) => [r.label, r.code])),
};

/**
 * The catalogue id for a reason still labelled as shipped, else null (show the stored label).
 * Without a code (a few payloads carry only the label) a label equal to a shipped default counts
 * as that default: it reads the same in English, so translating it shows what the team meant.
 */
export function defaultReasonId(kind: ReasonKind, label: string, code?: string | null): string | null {
  const shipped = code == null ? CODE_BY_LABEL[kind].get(label) : DEFAULTS[kind].get(code) === label ? code : undefined;
  return shipped === undefined ? null : `reason.${kind}.${shipped}`;
}

export type ReasonLabel = (kind: ReasonKind, label: string, code?: string | null) => string;

/** `reasonLabel('rejection', r.label, r.code)`: what the UI shows for a stored reason label. */
export function useReasonLabel(): ReasonLabel {
  const t = useT();
  return useCallback(
    (kind, label, code) => {
      const id = defaultReasonId(kind, label, code);
      return id === null ? label : t(id);
    },
    [t],
  );
}
