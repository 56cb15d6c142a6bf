/**
 * The note of a handoff a rescore makes (the full rescore and the scoring of pulled leads write the
 * same words; the renderer's stage history recognises them, renderer/src/i18n/stage-why.ts).
 */
export const reachedLevelNote = (level: string, total: number, versionNumber: number): string =>
  `Reached ${level} (${total} points) under version ${versionNumber}`;

/** The rep a new handoff goes to: the lead's owner, else the sales reps in turn. */
export const repFor = (ownerId: string | null, reps: readonly string[], created: number): string | null =>
  ownerId ?? (reps.length ? reps[created % reps.length]! : null);
