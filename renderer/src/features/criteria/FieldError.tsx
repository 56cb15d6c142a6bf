import { useCallback } from 'react';
import { useT } from '../../i18n/index.js';
import type { FormError } from './rule-form.js';

/** A form error in words: the catalogue's when it has one, else the schema's own message. */
export function useErrorMessage(): (e: FormError) => string {
  const t = useT();
  return useCallback((e) => (e.id ? t(e.id) : e.text), [t]);
}

export function FieldError({ id, error, testId }: { id: string; error: FormError | undefined; testId?: string }) {
  const message = useErrorMessage();
  if (!error) return null;
  return (
    <span id={id} className="field-error" data-testid={testId}>
      {message(error)}
    </span>
  );
}
