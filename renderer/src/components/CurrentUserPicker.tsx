import { useId } from 'react';
import { useCurrentUser, useSetCurrentUser, useUsers } from '../hooks/use-users.js';
import { useT } from '../i18n/index.js';
import { useErrorText } from './States.js';

/** Who is using this laptop: decisions, approvals and audit entries are recorded in their name. */
export function CurrentUserPicker({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const id = useId();
  const errorText = useErrorText();
  const users = useUsers();
  const current = useCurrentUser();
  const setCurrent = useSetCurrentUser();
  const list = users.data ?? [];
  const value = current.data?.id ?? '';

  return (
    <div className={`user-picker${compact ? ' is-compact' : ''}`}>
      <label htmlFor={id} className={compact ? 'visually-hidden' : 'field-label'}>
        {t('user.current')}
      </label>
      <select
        id={id}
        className="select"
        data-testid={compact ? 'header-user-picker' : 'settings-user-picker'}
        value={value}
        disabled={users.isPending || setCurrent.isPending || list.length === 0}
        onChange={(e) => e.target.value && setCurrent.mutate(e.target.value)}
      >
        {value === '' ? <option value="">{list.length === 0 ? t('user.none') : t('user.pick')}</option> : null}
        {list.map((u) => (
          <option key={u.id} value={u.id}>
            {t(u.role === 'owner' ? 'user.optionOwner' : 'user.option', { name: u.name, team: t(`team.${u.team}`) })}
          </option>
        ))}
      </select>
      {setCurrent.isError ? (
        <span className="field-error" role="alert">
          {errorText(setCurrent.error)}
        </span>
      ) : null}
    </div>
  );
}
