import type { Transform } from '../../../../shared/domain/import/mapping.js';
import type { ImportKind } from '../../../../shared/domain/import/targets.js';
import type { Translate } from '../../i18n/index.js';
import { ATTRIBUTE_PREFIX, IGNORE, LEAD_ATTRIBUTE_PREFIX, targetChoice } from './mapping-draft.js';

/** A target as the user reads it: "Email", "Custom attribute: plan", "Ignore". */
export function targetLabel(t: Translate, kind: ImportKind, target: string): string {
  if (target === IGNORE) return t('import.target.ignore');
  const choice = targetChoice(target);
  if (choice === ATTRIBUTE_PREFIX)
    return t('import.target.attributeNamed', { key: target.slice(ATTRIBUTE_PREFIX.length) });
  if (choice === LEAD_ATTRIBUTE_PREFIX)
    return t('import.target.leadAttributeNamed', { key: target.slice(LEAD_ATTRIBUTE_PREFIX.length) });
  return t(`import.field.${kind}.${target}`);
}

/** The select's entry for a choice (an attribute entry without its key). */
export function choiceLabel(t: Translate, kind: ImportKind, choice: string): string {
  if (choice === ATTRIBUTE_PREFIX) return t('import.target.attribute');
  if (choice === LEAD_ATTRIBUTE_PREFIX) return t('import.target.leadAttribute');
  return targetLabel(t, kind, choice);
}

/** Short words for what a transform does, shown as chips in the mapping table. */
export function transformChips(t: Translate, transform: Transform, attribute: boolean): string[] {
  const chips: string[] = [];
  if (attribute && transform.type && transform.type !== 'text') chips.push(t(`import.type.${transform.type}`));
  if (transform.dateFormat) chips.push(t(`import.dateFormat.${transform.dateFormat}`));
  if (transform.timeZone) chips.push(transform.timeZone);
  if (transform.decimal === ',') chips.push(t('import.chip.decimalComma'));
  if (transform.trueValues?.length || transform.falseValues?.length) chips.push(t('import.chip.booleans'));
  if (transform.values && Object.keys(transform.values).length > 0)
    chips.push(t('import.chip.values', { count: Object.keys(transform.values).length }));
  if (transform.missing?.length) chips.push(t('import.chip.missing', { values: transform.missing.join(', ') }));
  if (transform.prefix) chips.push(t('import.chip.prefix', { prefix: transform.prefix }));
  if (transform.trim === false) chips.push(t('import.chip.noTrim'));
  return chips;
}
