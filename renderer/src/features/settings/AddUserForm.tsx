import { useId, useState, type FormEvent } from 'react';
import { RoleSchema, TeamSchema } from '../../../../shared/contracts/common.js';
import { useCreateUser, useCurrentUser, useUsers } from '../../hooks/use-users.js';
import { useT } from '../../i18n/index.js';
import { rolesLocked, useUserErrorText } from './user-guards.js';
import { EMPTY_USER_FORM, validateUserForm, type FieldErrors, type UserFormValues } from './user-form.js';

export function AddUserForm() {
  const t = useT();
  const errorText = useUserErrorText();
  const create = useCreateUser();
  // Only an owner adds an owner (once there is one): a member's form adds members.
  const locked = rolesLocked(useCurrentUser().data, useUsers().data ?? []);
  const [values, setValues] = useState<UserFormValues>(EMPTY_USER_FORM);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [added, setAdded] = useState<string | null>(null);
  const ids = { name: useId(), email: useId(), team: useId(), role: useId() };

  const set = <K extends keyof UserFormValues>(key: K, v: UserFormValues[K]) => {
    setValues((prev) => ({ ...prev, [key]: v }));
    if (errors[key]) setErrors((prev) => ({ ...prev, [key]: undefined }));
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAdded(null);
    const result = validateUserForm(locked ? { ...values, role: 'member' } : values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    create.mutate(result.draft, {
      onSuccess: (user) => {
        setValues(EMPTY_USER_FORM);
        setAdded(user.name);
      },
    });
  };

  const errorOf = (key: keyof UserFormValues) => {
    const err = errors[key];
    return err ? (err.id ? t(err.id) : err.fallback) : null;
  };

  const fieldError = (key: keyof UserFormValues, id: string) => {
    const msg = errorOf(key);
    return msg ? (
      <span id={`${id}-error`} className="field-error" data-testid={`user-form-error-${key}`}>
        {msg}
      </span>
    ) : null;
  };

  return (
    <form
      className="form-grid"
      onSubmit={onSubmit}
      noValidate
      aria-label={t('users.form.title')}
      data-testid="add-user-form"
    >
      <div className="field">
        <label htmlFor={ids.name} className="field-label">
          {t('users.form.name')}
        </label>
        <input
          id={ids.name}
          className="input"
          value={values.name}
          autoComplete="off"
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? `${ids.name}-error` : undefined}
          data-testid="user-form-name"
          onChange={(e) => set('name', e.target.value)}
        />
        {fieldError('name', ids.name)}
      </div>
      <div className="field">
        <label htmlFor={ids.email} className="field-label">
          {t('users.form.email')} <span className="muted">{t('common.optional')}</span>
        </label>
        <input
          id={ids.email}
          className="input"
          type="email"
          value={values.email}
          autoComplete="off"
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={errors.email ? `${ids.email}-error` : undefined}
          data-testid="user-form-email"
          onChange={(e) => set('email', e.target.value)}
        />
        {fieldError('email', ids.email)}
      </div>
      <div className="field">
        <label htmlFor={ids.team} className="field-label">
          {t('users.form.team')}
        </label>
        <select
          id={ids.team}
          className="select"
          value={values.team}
          data-testid="user-form-team"
          onChange={(e) => set('team', TeamSchema.parse(e.target.value))}
        >
          {TeamSchema.options.map((team) => (
            <option key={team} value={team}>
              {t(`team.${team}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.role} className="field-label">
          {t('users.form.role')}
        </label>
        <select
          id={ids.role}
          className="select"
          value={locked ? 'member' : values.role}
          disabled={locked}
          aria-describedby={locked ? `${ids.role}-hint` : undefined}
          data-testid="user-form-role"
          onChange={(e) => set('role', RoleSchema.parse(e.target.value))}
        >
          {RoleSchema.options.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
        </select>
        {locked ? (
          <span id={`${ids.role}-hint`} className="field-hint muted" data-testid="user-form-role-hint">
            {t('users.ownerOnly.hint')}
          </span>
        ) : null}
      </div>
      <div className="field field-submit">
        <button type="submit" className="btn btn-primary" disabled={create.isPending} data-testid="user-form-submit">
          {create.isPending ? t('users.form.adding') : t('users.form.add')}
        </button>
      </div>
      <div className="form-status" role="status" aria-live="polite">
        {added ? <span className="ok-text">{t('users.form.added', { name: added })}</span> : null}
        {create.isError ? (
          <span className="field-error" role="alert">
            {errorText(create.error)}
          </span>
        ) : null}
      </div>
    </form>
  );
}
