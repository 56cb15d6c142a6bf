import { useIntl } from 'react-intl';
import type { ImportResult } from '../../../../shared/contracts/imports.js';
import { useT } from '../../i18n/index.js';

/** How many unrecognised country values are named one by one (the rest are counted). */
const SHOWN_COUNTRIES = 30;

/**
 * What the whole file showed though no row was rejected for it: new leads dated at the import's time
 * (no creation date in their row) and country values that name no country (stored as written), each
 * with its row count. `done`: the import was written (past tense) or is only checked (would).
 */
export function ImportNotes({ result, done }: { result: ImportResult; done: boolean }) {
  const t = useT();
  const intl = useIntl();
  const notes = result.notes;
  if (!notes || (notes.undatedLeads === 0 && notes.unknownCountries.length === 0)) return null;
  const countries = notes.unknownCountries;
  return (
    <ul className="import-notes" data-testid="import-notes">
      {notes.undatedLeads > 0 ? (
        <li data-testid="note-undated">
          {t(done ? 'import.notes.undated' : 'import.notes.undatedWould', {
            count: notes.undatedLeads,
            leads: intl.formatNumber(notes.undatedLeads),
          })}
        </li>
      ) : null}
      {countries.length > 0 ? (
        <li data-testid="note-countries">
          {t(done ? 'import.notes.countries' : 'import.notes.countriesWould', {
            count: countries.length,
            values: intl.formatNumber(countries.length),
          })}{' '}
          <span data-testid="note-country-list">
            {intl.formatList(
              countries.slice(0, SHOWN_COUNTRIES).map((c) => (
                <span key={c.value} data-testid="note-country">
                  {/* The file's own text, isolated so that a Latin value keeps its order in a Persian line. */}
                  <bdi>“{c.value}”</bdi>{' '}
                  {t('import.notes.countryRows', { count: c.count, rows: intl.formatNumber(c.count) })}
                </span>
              )),
              { type: 'conjunction' },
            )}
            {countries.length > SHOWN_COUNTRIES
              ? ` ${t('import.notes.countriesMore', { more: intl.formatNumber(countries.length - SHOWN_COUNTRIES) })}`
              : ''}
          </span>
        </li>
      ) : null}
    </ul>
  );
}
