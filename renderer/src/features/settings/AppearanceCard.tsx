import { useId } from 'react';
import {
  LanguageChoiceSchema,
  ThemeChoiceSchema,
  type ThemeChoice,
} from '../../../../shared/contracts/preferences.js';
import { ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { usePreferences, useSetPreferences } from '../../hooks/use-preferences.js';
import { useT } from '../../i18n/index.js';
import { NATIVE_NAMES, navigatorLanguages, systemLanguage, UI_LANGUAGES } from '../../i18n/languages.js';

const THEMES: readonly ThemeChoice[] = ThemeChoiceSchema.options;

/** Language and theme: per laptop (the workspace's meta table, which does not sync), applied at once. */
export function AppearanceCard() {
  const t = useT();
  const errorText = useErrorText();
  const ids = { language: useId(), theme: useId() };
  const prefs = usePreferences();
  const save = useSetPreferences();
  const system = systemLanguage(navigatorLanguages());

  return (
    <section className="card" aria-labelledby="settings-appearance" data-testid="appearance-card">
      <h2 id="settings-appearance" className="card-title">
        {t('settings.appearance.title')}
      </h2>
      <p className="muted card-hint">{t('settings.appearance.hint')}</p>
      {prefs.isPending ? <LoadingState /> : null}
      {prefs.isError ? <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} /> : null}
      {prefs.data ? (
        <div className="form-grid">
          <label className="field" htmlFor={ids.language}>
            <span className="field-label">{t('settings.language.label')}</span>
            <select
              id={ids.language}
              className="select"
              value={prefs.data.language}
              data-testid="settings-language"
              onChange={(e) => save.mutate({ language: LanguageChoiceSchema.parse(e.target.value) })}
            >
              <option value="system">{t('settings.language.system', { language: NATIVE_NAMES[system] })}</option>
              {UI_LANGUAGES.map((lang) => (
                // Each name is in its own language, so it carries its own lang for screen readers.
                <option key={lang} value={lang} lang={lang}>
                  {NATIVE_NAMES[lang]}
                </option>
              ))}
            </select>
          </label>
          <label className="field" htmlFor={ids.theme}>
            <span className="field-label">{t('settings.theme.label')}</span>
            <select
              id={ids.theme}
              className="select"
              value={prefs.data.theme}
              data-testid="settings-theme"
              onChange={(e) => save.mutate({ theme: ThemeChoiceSchema.parse(e.target.value) })}
            >
              {THEMES.map((theme) => (
                <option key={theme} value={theme}>
                  {t(`settings.theme.${theme}`)}
                </option>
              ))}
            </select>
          </label>
          {save.isError ? (
            <p className="field-error field-wide" role="alert">
              {errorText(save.error)}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
