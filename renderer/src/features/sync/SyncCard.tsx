import { useId, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import { ConnectInputSchema, type SyncStatus } from '../../../../shared/contracts/sync.js';
import { ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { useConnectHub, useDisconnectHub, useSyncNow, useSyncStatus } from '../../hooks/use-sync.js';
import { useT } from '../../i18n/index.js';
import { ConflictsList } from './ConflictsList.js';
import { RefusedList } from './RefusedList.js';
import './sync.css';

/** Settings › Team sync: connect to the team's hub, see the sync status, and the conflicts. */
export function SyncCard() {
  const t = useT();
  const status = useSyncStatus();
  return (
    <section className="card card-wide" aria-labelledby="settings-sync" data-testid="sync-card">
      <h2 id="settings-sync" className="card-title">
        {t('sync.title')}
      </h2>
      <p className="muted card-hint">{t('sync.hint')}</p>
      {status.isPending ? <LoadingState /> : null}
      {status.isError ? <ErrorState error={status.error} onRetry={() => void status.refetch()} /> : null}
      {status.data ? (
        <>
          {status.data.connected ? <Connected status={status.data} /> : <ConnectForm status={status.data} />}
          {status.data.refused > 0 ? <RefusedList total={status.data.refused} /> : null}
          <ConflictsList total={status.data.conflicts} />
        </>
      ) : null}
    </section>
  );
}

function StatusLine({ status }: { status: SyncStatus }) {
  const t = useT();
  const intl = useIntl();
  const last = status.lastSyncAt === null ? t('sync.never') : intl.formatDate(status.lastSyncAt, { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <dl className="sync-status" data-testid="sync-status">
      <div>
        <dt>{t('sync.lastSync')}</dt>
        <dd data-testid="sync-last">{status.running ? t('sync.running') : last}</dd>
      </div>
      <div>
        <dt>{t('sync.pending')}</dt>
        <dd data-testid="sync-pending">{intl.formatNumber(status.pending)}</dd>
      </div>
      <div>
        <dt>{t('sync.conflicts')}</dt>
        <dd data-testid="sync-conflict-count">{intl.formatNumber(status.conflicts)}</dd>
      </div>
      {status.refused > 0 ? (
        <div>
          <dt>{t('sync.refused')}</dt>
          <dd data-testid="sync-refused-count">{intl.formatNumber(status.refused)}</dd>
        </div>
      ) : null}
      {status.autoSyncSeconds !== null ? (
        <div>
          <dt>{t('sync.auto')}</dt>
          <dd>{t('sync.autoEvery', { seconds: status.autoSyncSeconds })}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function Connected({ status }: { status: SyncStatus }) {
  const t = useT();
  const errorText = useErrorText();
  const now = useSyncNow();
  const disconnect = useDisconnectHub();
  return (
    <div className="sync-connected">
      <p data-testid="sync-connected">{t('sync.connectedAs', { user: status.user ?? '', url: status.url ?? '' })}</p>
      <StatusLine status={status} />
      {status.lastError ? (
        <p className="field-error" role="alert" data-testid="sync-error">
          {t('sync.lastError', { message: status.lastError })}
        </p>
      ) : null}
      {now.isError ? (
        <p className="field-error" role="alert">
          {errorText(now.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" onClick={() => now.mutate(undefined)} disabled={now.isPending || status.running} data-testid="sync-now">
          {now.isPending || status.running ? t('sync.running') : t('sync.now')}
        </button>
        <button type="button" className="btn" onClick={() => disconnect.mutate(undefined)} data-testid="sync-disconnect">
          {t('sync.disconnect')}
        </button>
      </div>
    </div>
  );
}

function ConnectForm({ status }: { status: SyncStatus }) {
  const t = useT();
  const errorText = useErrorText();
  const ids = { url: useId(), user: useId(), password: useId() };
  const connect = useConnectHub();
  const [v, setV] = useState({ url: status.url ?? '', user: status.user ?? '', password: '' });
  const [problem, setProblem] = useState<string | null>(null);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = ConnectInputSchema.safeParse(v);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? t('sync.error.form'));
      return;
    }
    setProblem(null);
    connect.mutate(parsed.data, { onSuccess: () => setV((p) => ({ ...p, password: '' })) });
  };

  return (
    <form className="form-grid" onSubmit={onSubmit} noValidate data-testid="sync-connect-form">
      {status.lastSyncAt !== null ? <StatusLine status={status} /> : null}
      <label className="field field-wide" htmlFor={ids.url}>
        <span className="field-label">{t('sync.url')}</span>
        <input id={ids.url} className="input" value={v.url} placeholder="postgres://db.example.com/leadpact" onChange={(e) => setV({ ...v, url: e.target.value })} data-testid="sync-url" />
      </label>
      <label className="field" htmlFor={ids.user}>
        <span className="field-label">{t('sync.user')}</span>
        <input id={ids.user} className="input" value={v.user} autoComplete="username" onChange={(e) => setV({ ...v, user: e.target.value })} data-testid="sync-user" />
      </label>
      <label className="field" htmlFor={ids.password}>
        <span className="field-label">{t('sync.password')}</span>
        <input id={ids.password} className="input" type="password" value={v.password} autoComplete="current-password" onChange={(e) => setV({ ...v, password: e.target.value })} data-testid="sync-password" />
      </label>
      <p className="muted field-wide">{t('sync.passwordNote')}</p>
      {problem ? (
        <p className="field-error field-wide" role="alert">
          {problem}
        </p>
      ) : null}
      {connect.isError ? (
        <p className="field-error field-wide" role="alert" data-testid="sync-connect-error">
          {errorText(connect.error)}
        </p>
      ) : null}
      <div className="form-actions field-wide">
        <button type="submit" className="btn btn-primary" disabled={connect.isPending} data-testid="sync-connect">
          {connect.isPending ? t('sync.connecting') : t('sync.connect')}
        </button>
      </div>
    </form>
  );
}
