import type { Rule } from '../../../../shared/domain/criteria.js';
import { useRuleWords } from './rule-words.js';

export { factOf } from '../../../../shared/i18n/rule-words.js';

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
  const words = useRuleWords();
  const facts = words.facts(rule, changed);
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
