import { useEffect, useId, useState } from 'react';
import { RoleSchema, TeamSchema } from '../../../../shared/contracts/common.js';
import type { User } from '../../../../shared/contracts/users.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { CurrentUserPicker } from '../../components/CurrentUserPicker.js';
import { EmptyState, ErrorState, LoadingState } from '../../components/States.js';
import { useCurrentUser, useRemoveUser, useUpdateUser, useUsers } from '../../hooks/use-users.js';
import { useT } from '../../i18n/index.js';
import { AddUserForm } from './AddUserForm.js';
import { rolesLocked, useUserErrorText } from './user-guards.js';
import { AppearanceCard } from './AppearanceCard.js';
import { ReasonTaxonomy } from './ReasonTaxonomy.js';
import { SlaSettingsCard } from './SlaSettingsCard.js';
import { CurrencyCard } from './CurrencyCard.js';
import { SyncCard } from '../sync/SyncCard.js';

export function SettingsView() {
  const t = useT();
  const users = useUsers();
  const current = useCurrentUser();
  // The taxonomy, the SLA hours and the reporting currency are owners' decisions (main refuses a member).
  const ownerOnly = rolesLocked(current.data, users.data ?? []);
  return (
    <div className="settings-view">
      <div className="view-header">
        <h1 className="view-title">{t('settings.title')}</h1>
      </div>
      <div className="settings-grid">
        <section className="card" aria-labelledby="settings-current">
          <h2 id="settings-current" className="card-title">
            {t('settings.current.title')}
          </h2>
          <p className="muted card-hint">{t('settings.current.hint')}</p>
          <CurrentUserPicker />
        </section>
        <AppearanceCard />
        <section className="card" aria-labelledby="settings-add">
          <h2 id="settings-add" className="card-title">
            {t('users.form.title')}
          </h2>
          <AddUserForm />
        </section>
        <section className="card card-wide" aria-labelledby="settings-users">
          <h2 id="settings-users" className="card-title">
            {t('users.title')}
          </h2>
          <UsersTable />
        </section>
        {ownerOnly ? (
          <p className="card card-wide muted" role="note" data-testid="settings-owner-only">
            {t('settings.ownerOnly')}
          </p>
        ) : null}
        <fieldset className="owner-only-group" disabled={ownerOnly}>
          <ReasonTaxonomy />
          <SlaSettingsCard />
          <CurrencyCard />
        </fieldset>
        <SyncCard />
      </div>
    </div>
  );
}

function UsersTable() {
  const t = useT();
  const errorText = useUserErrorText();
  const hintId = useId();
  const users = useUsers();
  const current = useCurrentUser();
  const update = useUpdateUser();
  const remove = useRemoveUser();
  const [removing, setRemoving] = useState<User | null>(null);
  // A refusal was about what the previous current user tried; it goes when someone else is picked.
  const resetUpdate = update.reset;
  const currentId = current.data?.id;
  useEffect(() => resetUpdate(), [currentId, resetUpdate]);

  if (users.isPending) return <LoadingState />;
  if (users.isError) return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  if (users.data.length === 0) return <EmptyState title={t('users.empty.title')} hint={t('users.empty.hint')} />;

  const locked = rolesLocked(current.data, users.data);
  const nameOf = (id: string | undefined) => users.data.find((u) => u.id === id)?.name;
  const closeDialog = () => {
    setRemoving(null);
    remove.reset();
  };

  return (
    <>
      {update.isError ? (
        <p className="field-error" role="alert" data-testid="users-error">
          {errorText(update.error, nameOf(update.variables?.id))}
        </p>
      ) : null}
      {locked ? (
        <p id={hintId} className="muted card-hint" data-testid="users-owner-only-hint">
          {t('users.ownerOnly.hint')}
        </p>
      ) : null}
      <table className="simple-table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">{t('users.col.name')}</th>
            <th scope="col">{t('users.col.email')}</th>
            <th scope="col">{t('users.col.team')}</th>
            <th scope="col">{t('users.col.role')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('users.col.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.data.map((u) => {
            const isCurrent = current.data?.id === u.id;
            const ownerOnly = locked && u.role === 'owner';
            return (
              <tr key={u.id} data-user-id={u.id}>
                <td>
                  <span className="strong" data-testid="user-name">
                    {u.name}
                  </span>
                  {isCurrent ? <span className="badge badge-accent">{t('users.you')}</span> : null}
                </td>
                <td className={u.email ? '' : 'muted'}>{u.email ?? '–'}</td>
                <td>
                  <select
                    className="select select-inline"
                    aria-label={t('users.editTeam', { name: u.name })}
                    value={u.team}
                    data-testid="user-team"
                    disabled={locked}
                    aria-describedby={locked ? hintId : undefined}
                    onChange={(e) => update.mutate({ id: u.id, patch: { team: TeamSchema.parse(e.target.value) } })}
                  >
                    {TeamSchema.options.map((team) => (
                      <option key={team} value={team}>
                        {t(`team.${team}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    className="select select-inline"
                    aria-label={t('users.editRole', { name: u.name })}
                    value={u.role}
                    data-testid="user-role"
                    disabled={locked}
                    aria-describedby={locked ? hintId : undefined}
                    onChange={(e) => update.mutate({ id: u.id, patch: { role: RoleSchema.parse(e.target.value) } })}
                  >
                    {RoleSchema.options.map((role) => (
                      <option key={role} value={role}>
                        {t(`role.${role}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="align-end">
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    data-testid="user-remove"
                    onClick={() => setRemoving(u)}
                    disabled={isCurrent || ownerOnly}
                    title={isCurrent ? t('users.remove.currentHint') : ownerOnly ? t('users.ownerOnly.hint') : undefined}
                  >
                    {t('users.remove')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmDialog
        open={removing !== null}
        title={t('users.remove.title', { name: removing?.name ?? '' })}
        message={t('users.remove.message')}
        confirmLabel={t('users.remove.confirm')}
        cancelLabel={t('action.cancel')}
        danger
        busy={remove.isPending}
        error={remove.isError ? errorText(remove.error, removing?.name) : null}
        onCancel={closeDialog}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: closeDialog })}
      />
    </>
  );
}
