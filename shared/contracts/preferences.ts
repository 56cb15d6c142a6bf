import { z } from 'zod';
import { method } from './method.js';
import { EmptySchema } from './common.js';

/** The UI languages with a catalogue; `system` follows the OS (the renderer's navigator.languages). */
export const UI_LANGUAGES = ['en', 'pl', 'fa', 'nl', 'da', 'cs'] as const;
export const UiLanguageSchema = z.enum(UI_LANGUAGES);
export type UiLanguage = z.infer<typeof UiLanguageSchema>;
/** A reader's BCP 47 locale ("cs", "nl-BE"), for text the main process writes in the UI's language. */
export const LocaleSchema = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "cs" or "nl-BE"');

export const LanguageChoiceSchema = z.union([z.literal('system'), UiLanguageSchema]);
export type LanguageChoice = z.infer<typeof LanguageChoiceSchema>;

export const ThemeChoiceSchema = z.enum(['system', 'light', 'dark']);
export type ThemeChoice = z.infer<typeof ThemeChoiceSchema>;

/**
 * Per-laptop UI preferences. They live in the workspace's meta table, which does not sync: one
 * colleague's Persian UI is not pushed to the whole team.
 */
export const UiPreferencesSchema = z.object({
  language: LanguageChoiceSchema,
  theme: ThemeChoiceSchema,
});
export type UiPreferences = z.infer<typeof UiPreferencesSchema>;

export const UiPreferencesPatchSchema = UiPreferencesSchema.partial().strict();

export const preferences = {
  get: method('preferences:get', EmptySchema, UiPreferencesSchema),
  /** Changes only the fields given; returns the preferences as stored. */
  set: method('preferences:set', UiPreferencesPatchSchema, UiPreferencesSchema),
};
