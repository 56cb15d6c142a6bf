/*
 * Young-generation sizes of the import's threads (issue 4: an import's peak RSS at most 300 MB).
 * The import's garbage is short-lived (a batch's strings and row arrays); V8's default young
 * generation (up to 48 MB per isolate here) lets it pile up between scavenges and malloc keeps the
 * pages. Measured, 1M touchpoints onto 200k leads, peak RSS of the importing process: default
 * 280-304 MB; writer at 6 MB 254-266 MB and no slower (CPU 27-36 s against 38-40 s); 3 MB 270-275 MB;
 * 12 MB 281 MB.
 */

/** The writer's isolate (the job worker that runs an import). */
export const IMPORT_YOUNG_GENERATION_MB = 6;

/** The CSV parse worker's isolate. */
export const PARSE_YOUNG_GENERATION_MB = 4;

/**
 * The `--max-semi-space-size` (MB) that gives a main thread the same young generation: V8 sizes it
 * as three semi-spaces (two for the scavenger's copy, one for new large objects).
 */
export const semiSpaceMbFor = (youngGenerationMb: number): number => youngGenerationMb / 3;
