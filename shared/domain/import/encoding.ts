import type { EncodingWhy } from './reasons.js';

/**
 * Which text encoding a CSV file is in, from its first bytes, and a streaming decoder for it.
 * Pure: works on Uint8Array and the standard TextDecoder (Node and browsers both have it).
 */

export const TEXT_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

export interface EncodingGuess {
  encoding: TextEncodingName;
  /** Bytes of byte-order mark to skip (0 when none). */
  bomLength: number;
  /** Why: shown in the wizard next to the choice, so a wrong guess is easy to spot and override. */
  reason: string;
  /** The same as a code and its values, for the UI's language (shared/domain/import/reasons.ts). */
  why: EncodingWhy;
}

export class BinaryFileError extends Error {
  constructor(readonly offset: number) {
    super(
      `This does not look like a text (CSV) file: byte ${offset} is a control character that text files do not contain.`,
    );
    this.name = 'BinaryFileError';
  }
}

/**
 * The offset of the first byte that breaks UTF-8, or -1. A sequence cut off by the end of the
 * sample is not an error when `partialEnd` is set (the sample is only the head of the file).
 */
export function firstInvalidUtf8(bytes: Uint8Array, partialEnd = false): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) {
      // The sequence runs past the end: fine for a head sample if what is there fits.
      if (!partialEnd) return i;
      for (let k = i + 1; k < n; k++) if ((bytes[k]! & 0xc0) !== 0x80) return i;
      return -1;
    }
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Control bytes that never appear in a text file (NUL, and C0 controls other than tab, LF, FF, CR, ESC). */
function isBinaryByte(b: number): boolean {
  return b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b;
}

/**
 * Guess the encoding from the head of a file: a BOM decides; else a NUL in every other byte means
 * UTF-16 without BOM; else valid UTF-8 is UTF-8; else Windows-1252 (what Excel on Windows writes).
 * Throws BinaryFileError for something that is not text at all. `complete` says whether `head` is
 * the whole file (else a multi-byte character cut off at its end is not held against UTF-8).
 */
export function detectEncoding(head: Uint8Array, complete = true): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return {
      encoding: 'utf-8',
      bomLength: 3,
      reason: 'UTF-8 byte-order mark',
      why: { code: 'bom', values: { encoding: 'utf-8' } },
    };
  if (head[0] === 0xff && head[1] === 0xfe)
    return {
      encoding: 'utf-16le',
      bomLength: 2,
      reason: 'UTF-16 little-endian byte-order mark',
      why: { code: 'bom', values: { encoding: 'utf-16le' } },
    };
  if (head[0] === 0xfe && head[1] === 0xff)
    return {
      encoding: 'utf-16be',
      bomLength: 2,
      reason: 'UTF-16 big-endian byte-order mark',
      why: { code: 'bom', values: { encoding: 'utf-16be' } },
    };

  const sample = head.subarray(0, Math.min(head.length, 64 * 1024));
  // ASCII text in UTF-16: most code units are one printable byte and one zero byte, on the same side.
  let le = 0;
  let be = 0;
  const pairs = Math.floor(sample.length / 2);
  const printable = (b: number) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f);
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i + 1] === 0 && printable(sample[i]!)) le++;
    if (sample[i] === 0 && printable(sample[i + 1]!)) be++;
  }
  if (pairs >= 4 && (le >= pairs * 0.7 || be >= pairs * 0.7)) {
    const encoding = le >= be ? 'utf-16le' : 'utf-16be';
    for (let i = 0; i + 1 < sample.length; i += 2) {
      const unit = encoding === 'utf-16le' ? sample[i]! | (sample[i + 1]! << 8) : (sample[i]! << 8) | sample[i + 1]!;
      if (unit < 0x20 && isBinaryByte(unit)) throw new BinaryFileError(i);
    }
    return {
      encoding,
      bomLength: 0,
      reason: `a zero byte ${encoding === 'utf-16le' ? 'after' : 'before'} each character (UTF-16 ${encoding === 'utf-16le' ? 'LE' : 'BE'} without BOM)`,
      why: { code: 'utf16-no-bom', values: { encoding, side: encoding === 'utf-16le' ? 'after' : 'before' } },
    };
  }

  for (let i = 0; i < sample.length; i++) if (isBinaryByte(sample[i]!)) throw new BinaryFileError(i);

  const bad = firstInvalidUtf8(sample, !complete || sample.length < head.length);
  if (bad < 0) return { encoding: 'utf-8', bomLength: 0, reason: 'valid UTF-8', why: { code: 'valid-utf8', values: {} } };
  const byte = `0x${sample[bad]!.toString(16)}`;
  return {
    encoding: 'windows-1252',
    bomLength: 0,
    reason: `not valid UTF-8 (byte ${bad} is ${byte}); read as Windows-1252`,
    why: { code: 'not-utf8', values: { offset: bad, byte } },
  };
}

interface TextDecoderLike {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
type TextDecoderCtor = new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoderLike;

/** The platform TextDecoder, typed here so shared/ needs neither DOM nor Node typings. */
function decoderCtor(): TextDecoderCtor {
  const ctor = (globalThis as unknown as { TextDecoder?: TextDecoderCtor }).TextDecoder;
  if (!ctor) throw new Error('TextDecoder is not available on this platform');
  return ctor;
}

/**
 * A streaming decoder: feed chunks in order, then `end()`. `fatal` makes malformed input throw
 * (used for UTF-8 and UTF-16, where a bad byte means the guess or the file is wrong).
 * The BOM is kept out of the text (ignoreBOM false strips it).
 */
export function createDecoder(
  encoding: TextEncodingName,
  fatal = encoding !== 'windows-1252',
): {
  write(chunk: Uint8Array): string;
  end(): string;
} {
  const Ctor = decoderCtor();
  const d = new Ctor(encoding, { fatal, ignoreBOM: false });
  return { write: (chunk) => d.decode(chunk, { stream: true }), end: () => d.decode() };
}

/** Decode a whole (small) buffer, e.g. the preview head. */
export function decodeAll(bytes: Uint8Array, encoding: TextEncodingName, fatal?: boolean): string {
  const d = createDecoder(encoding, fatal);
  return d.write(bytes) + d.end();
}
