import type { Db } from '../db/connection.js';
import { getMeta, setMeta } from '../db/meta.repo.js';
import {
  LanguageChoiceSchema,
  ThemeChoiceSchema,
  type UiPreferences,
} from '../../shared/contracts/preferences.js';

const LANGUAGE_KEY = 'ui_language';
const THEME_KEY = 'ui_theme';

/** Stored values are re-validated: a value a newer build wrote (a language this build lacks) reads as the default. */
export function get(db: Db): UiPreferences {
  const language = LanguageChoiceSchema.safeParse(getMeta(db, LANGUAGE_KEY));
  const theme = ThemeChoiceSchema.safeParse(getMeta(db, THEME_KEY));
  return {
    language: language.success ? language.data : 'system',
    theme: theme.success ? theme.data : 'system',
  };
}

export function set(db: Db, patch: Partial<UiPreferences>): UiPreferences {
  db.transaction(() => {
    if (patch.language !== undefined) setMeta(db, LANGUAGE_KEY, patch.language);
    if (patch.theme !== undefined) setMeta(db, THEME_KEY, patch.theme);
  })();
  return get(db);
}
