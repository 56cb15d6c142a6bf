import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { RoleSchema, STAGES, TeamSchema } from '../../shared/contracts/common.js';

/*
 * The renderer's message ids are strings (the catalogue is JSON that renderer/tsconfig.json does not
 * include), so this checks what the compiler cannot: every id the source names exists in en.json,
 * and every message is valid ICU MessageFormat.
 */
const SRC = 'renderer/src';
const en = JSON.parse(readFileSync(join('shared', 'i18n', 'en.json'), 'utf8')) as Record<string, string>;
const prefixes = new Set(Object.keys(en).map((k) => k.split('.')[0]!));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the English catalogue', () => {
  it('has every message id the renderer and the review pack use', () => {
    const missing: string[] = [];
    for (const file of [...sources(SRC), 'main/services/review-pack.ts', 'shared/i18n/agenda-title.ts']) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/'([a-z][a-zA-Z]*(?:\.[a-zA-Z0-9]+)+)'/g)) {
        const id = m[1]!;
        if (prefixes.has(id.split('.')[0]!) && !(id in en)) missing.push(`${file}: ${id}`);
      }
    }
    // Ids built from a value: `stage.${stage}`, `team.${team}`, `role.${role}`, `nav.${area}`.
    for (const s of STAGES) if (!(`stage.${s}` in en)) missing.push(`stage.${s}`);
    for (const t of TeamSchema.options) if (!(`team.${t}` in en)) missing.push(`team.${t}`);
    for (const r of RoleSchema.options) if (!(`role.${r}` in en)) missing.push(`role.${r}`);
    for (const a of ['criteria', 'leads', 'inbox', 'outcomes', 'insights', 'review', 'import', 'settings']) {
      if (!(`nav.${a}` in en)) missing.push(`nav.${a}`);
    }
    expect(missing).toEqual([]);
  });

  it('holds only valid ICU messages', () => {
    const broken: string[] = [];
    for (const [id, message] of Object.entries(en)) {
      try {
        new IntlMessageFormat(message, 'en');
      } catch (e) {
        broken.push(`${id}: ${(e as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
