import { useCallback } from 'react';
import { vocabularyId } from '../../../shared/i18n/message-ids.js';
import { useT } from './index.js';

export { vocabularyId };

/** `word('seniority', 'c_level')` → "C-level" in the UI language; a word it does not know as stored. */
export function useVocabulary(): (field: string, value: string) => string {
  const t = useT();
  return useCallback(
    (field, value) => {
      const id = vocabularyId(field, value);
      return id === null ? value : t(id);
    },
    [t],
  );
}
