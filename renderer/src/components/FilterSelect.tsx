/**
 * One labelled filter drop-down of a filter bar. With `anyLabel` it starts with an empty "any" choice
 * and is marked while a value is chosen, so a user sees at a glance which filters narrow the view.
 */
export function FilterSelect({
  id,
  label,
  value,
  onChange,
  options,
  anyLabel,
  testId,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly (readonly [value: string, label: string])[];
  anyLabel?: string;
  testId: string;
}) {
  const marked = anyLabel !== undefined && value !== '';
  return (
    <label className="filter" htmlFor={id}>
      <span className="filter-label">{label}</span>
      <select
        id={id}
        className={`select${marked ? ' has-value' : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      >
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </label>
  );
}
