import type { Rule } from '../../../../shared/domain/criteria.js';
import { useT } from '../../i18n/index.js';
import { useRuleWords } from './rule-words.js';

/** Which fact of a rule a diff's changed property belongs to. */
const FACT_OF: Record<string, string> = {
  field: 'condition',
  operator: 'condition',
  value: 'condition',
  points: 'points',
  cap: 'cap',
  decayHalfLifeDays: 'halfLife',
  windowDays: 'window',
  label: 'label',
};
export const factOf = (prop: string): string => FACT_OF[prop] ?? prop;

/** A rule as a short list of facts (condition, points, cap, half-life, window); changed ones marked. */
export function RuleFacts({
  rule,
  changed,
  side,
}: {
  rule: Rule;
  changed?: ReadonlySet<string>;
  side?: 'from' | 'to';
}) {
  const t = useT();
  const words = useRuleWords();
  const facts: { key: string; text: string }[] = [
    { key: 'condition', text: rule.kind === 'sql' ? words.field(rule.field) : words.condition(rule) },
  ];
  if (rule.kind === 'fit')
    facts.push({ key: 'points', text: t('criteria.facts.points', { points: words.points(rule.points) }) });
  if (rule.kind === 'disqualifier') facts.push({ key: 'points', text: t('criteria.facts.veto') });
  if (rule.kind === 'engagement') {
    facts.push({ key: 'points', text: t('criteria.facts.perTouch', { points: words.points(rule.points) }) });
    facts.push({
      key: 'cap',
      text: rule.cap === null ? t('criteria.facts.noCap') : t('criteria.facts.cap', { cap: words.value(rule.cap) }),
    });
    if (rule.decayHalfLifeDays !== null)
      facts.push({ key: 'halfLife', text: t('criteria.facts.halfLife', { days: words.days(rule.decayHalfLifeDays) }) });
    else if (changed?.has('halfLife')) facts.push({ key: 'halfLife', text: t('criteria.facts.noDecay') });
    if (rule.windowDays !== null)
      facts.push({ key: 'window', text: t('criteria.facts.window', { days: words.days(rule.windowDays) }) });
    else if (changed?.has('window')) facts.push({ key: 'window', text: t('criteria.facts.noWindow') });
  }
  return (
    <ul className="facts">
      {facts.map((f) => {
        const isChanged = changed?.has(f.key) ?? false;
        return (
          <li
            key={f.key}
            className={`fact${isChanged ? ` is-changed is-${side ?? 'to'}` : ''}`}
            data-fact={f.key}
            data-changed={isChanged || undefined}
          >
            {f.text}
          </li>
        );
      })}
    </ul>
  );
}
