import type { ImportKind } from '../../../../shared/domain/import/targets.js';
import { useFormatList, useT } from '../../i18n/index.js';
import { choiceLabel, targetLabel, transformChips } from './labels.js';
import {
  ATTRIBUTE_PREFIX,
  chooseTarget,
  IGNORE,
  LEAD_ATTRIBUTE_PREFIX,
  needsDayMonthAnswer,
  targetChoice,
  targetOptions,
  targetType,
  type ColumnDraft,
  type DraftProblem,
  type MappingDraft,
  type PreviewColumn,
} from './mapping-draft.js';

interface Props {
  draft: MappingDraft;
  columns: readonly PreviewColumn[];
  problems: readonly DraftProblem[];
  templateUse: ReadonlyMap<string, string[]>;
  onChange: (index: number, next: ColumnDraft) => void;
  onOptions: (index: number) => void;
}

/** One row per column of the file: its samples, where it goes, how its values are read, and what is wrong. */
export function MappingTable({ draft, columns, problems, templateUse, onChange, onOptions }: Props) {
  const t = useT();
  const list = useFormatList();
  const quoted = (values: readonly string[]) => list(values.slice(0, 3).map((v) => `“${v}”`));
  const kind = draft.kind;
  const options = targetOptions(kind);
  return (
    <div className="table-scroll">
      <table className="simple-table mapping-table" data-testid="mapping-table">
        <thead>
          <tr>
            <th scope="col">{t('import.mapping.col.column')}</th>
            <th scope="col">{t('import.mapping.col.samples')}</th>
            <th scope="col">{t('import.mapping.col.target')}</th>
            <th scope="col">{t('import.mapping.col.values')}</th>
          </tr>
        </thead>
        <tbody>
          {draft.columns.map((c, i) => {
            const col = columns.find((x) => x.name === c.column);
            const mine = problems.filter((p) => 'column' in p && p.column === c.column);
            return (
              <tr
                key={c.column}
                data-testid="mapping-row"
                data-column={c.column}
                data-target={c.target}
                className={c.target === IGNORE ? 'is-ignored' : undefined}
                aria-invalid={mine.length > 0 ? true : undefined}
              >
                <th scope="row" className="mapping-column">
                  {c.column}
                </th>
                <td className="mapping-samples muted">
                  {col && col.samples.length > 0 ? col.samples.slice(0, 3).join(' · ') : t('import.mapping.noSamples')}
                </td>
                <td className="mapping-target">
                  <TargetCell
                    kind={kind}
                    column={c}
                    options={options}
                    suggestion={col?.suggestion}
                    onChange={(n) => onChange(i, n)}
                    templateUse={templateUse.get(c.column)}
                  />
                  {mine.map((p) =>
                    p.code === 'dayMonth' ? null : (
                      <p key={p.code} className="field-error" data-testid="mapping-error">
                        {p.code === 'duplicate'
                          ? t('import.problem.duplicate', { target: targetLabel(t, kind, p.target) })
                          : p.code === 'attributeKey'
                            ? t('import.problem.attributeKey', { message: p.message })
                            : col?.date?.unparsed.length
                              ? t('import.problem.noDateFormatExamples', { values: quoted(col.date.unparsed) })
                              : t('import.problem.noDateFormat')}
                      </p>
                    ),
                  )}
                  {c.target !== IGNORE &&
                  targetType(kind, c.target, c.transform) === 'date' &&
                  col?.date?.unparsed.length &&
                  (c.transform.dateFormat || col.date.candidates.length > 0) ? (
                    <p className="field-warning" data-testid="mapping-not-dates">
                      {t('import.mapping.someNotDates', { values: quoted(col.date.unparsed) })}
                    </p>
                  ) : null}
                  {kind === 'leads' && c.target === 'country' && col?.country ? <CountryNote country={col.country} /> : null}
                </td>
                <td className="mapping-values">
                  {needsDayMonthAnswer(kind, c, col) ? (
                    <DayMonthQuestion column={c} samples={col?.samples ?? []} onChange={(n) => onChange(i, n)} />
                  ) : null}
                  {c.target !== IGNORE ? (
                    <div className="chips">
                      {transformChips(t, c.transform, c.target.startsWith(ATTRIBUTE_PREFIX)).map((chip) => (
                        <span key={chip} className="badge chip">
                          {chip}
                        </span>
                      ))}
                      <button
                        type="button"
                        className="btn btn-ghost btn-small"
                        onClick={() => onOptions(i)}
                        data-testid="mapping-options"
                        aria-label={t('import.mapping.optionsFor', { column: c.column })}
                      >
                        {t('import.mapping.options')}
                      </button>
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function TargetCell(props: {
  kind: ImportKind;
  column: ColumnDraft;
  options: string[];
  suggestion: PreviewColumn['suggestion'] | undefined;
  templateUse: string[] | undefined;
  onChange: (next: ColumnDraft) => void;
}) {
  const t = useT();
  const list = useFormatList();
  const { kind, column: c, onChange } = props;
  const choice = targetChoice(c.target);
  const isAttribute = choice === ATTRIBUTE_PREFIX || choice === LEAD_ATTRIBUTE_PREFIX;
  const suggestion = props.suggestion;
  return (
    <div className="target-cell">
      <select
        className={`select${c.target !== IGNORE ? ' has-value' : ''}`}
        value={choice}
        onChange={(e) => onChange(chooseTarget(c, e.target.value))}
        aria-label={t('import.mapping.targetFor', { column: c.column })}
        data-testid="mapping-target"
      >
        {props.options.map((o) => (
          <option key={o} value={o}>
            {choiceLabel(t, kind, o)}
          </option>
        ))}
      </select>
      {isAttribute ? (
        <input
          className="input attribute-key"
          value={c.target.slice(choice.length)}
          onChange={(e) => onChange({ ...c, target: choice + e.target.value })}
          aria-label={t('import.mapping.attributeKeyFor', { column: c.column })}
          maxLength={63}
          data-testid="mapping-attribute-key"
        />
      ) : null}
      {c.target !== IGNORE && props.templateUse?.length ? (
        <span className="muted">
          {t('import.mapping.alsoTo', { targets: list(props.templateUse.map((x) => targetLabel(t, kind, x))) })}
        </span>
      ) : null}
      {c.target === IGNORE && props.templateUse?.length ? (
        <span className="muted">
          {t('import.mapping.usedIn', { targets: list(props.templateUse.map((x) => targetLabel(t, kind, x))) })}
        </span>
      ) : suggestion &&
        !props.templateUse?.includes(suggestion.target) &&
        suggestion.target !== c.target &&
        suggestion.target !== IGNORE &&
        // Another attribute name for a column already kept as an attribute is no news.
        !(targetChoice(suggestion.target) === ATTRIBUTE_PREFIX && targetChoice(c.target) === ATTRIBUTE_PREFIX) &&
        targetType(kind, suggestion.target, {}) ? (
        <button
          type="button"
          className="link-btn"
          onClick={() =>
            onChange({ column: c.column, target: suggestion.target, transform: suggestion.transform ?? {} })
          }
          data-testid="mapping-suggestion"
        >
          {t('import.mapping.suggested', { target: targetLabel(t, kind, suggestion.target) })}
        </button>
      ) : null}
    </div>
  );
}

/** Day and month cannot be told apart in this column's values: the user says which comes first. */
function DayMonthQuestion({
  column,
  samples,
  onChange,
}: {
  column: ColumnDraft;
  samples: readonly string[];
  onChange: (next: ColumnDraft) => void;
}) {
  const t = useT();
  const name = `daymonth-${column.column}`;
  return (
    <fieldset className="day-month" data-testid="date-question">
      <legend className="field-error">
        {t('import.mapping.dayMonthQuestion', { examples: samples.slice(0, 2).join(', ') })}
      </legend>
      {(['mdy', 'dmy'] as const).map((f) => (
        <label key={f} className="radio-inline">
          <input
            type="radio"
            name={name}
            onChange={() => onChange({ ...column, transform: { ...column.transform, dateFormat: f } })}
            data-testid={`date-answer-${f}`}
          />
          {t(`import.dateFormat.${f}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** What the import will store for the country column's samples: codes for names, the rest as written. */
function CountryNote({ country }: { country: NonNullable<PreviewColumn['country']> }) {
  const t = useT();
  const list = useFormatList();
  return (
    <>
      {country.read.length > 0 ? (
        <p className="field-hint muted" data-testid="mapping-country-codes">
          {t('import.mapping.countryCodes', { values: list(country.read.slice(0, 3).map((r) => `“${r.value}” → ${r.code}`)) })}
        </p>
      ) : null}
      {country.unknown.length > 0 ? (
        <p className="field-warning" data-testid="mapping-not-countries">
          {t('import.mapping.notCountries', { values: list(country.unknown.slice(0, 3).map((v) => `“${v}”`)) })}
        </p>
      ) : null}
    </>
  );
}
