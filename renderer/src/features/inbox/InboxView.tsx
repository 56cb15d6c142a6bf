import { useT } from '../../i18n/index.js';
import { AcceptedPage } from './AcceptedPage.js';
import { InboxPage } from './InboxPage.js';
import { ManagerView } from './ManagerView.js';
import { inboxHref, useInboxRoute, type InboxRoute } from './routes.js';
import { useCurrentUser, useUsers } from '../../hooks/use-users.js';
import './inbox.css';

/** The SAL inbox area: my queue, my accepted leads (to qualify as SQL), and the team view for managers. */
export function InboxView() {
  const t = useT();
  const route = useInboxRoute();
  const current = useCurrentUser();
  const users = useUsers();
  const repId = route.page === 'rep' ? route.repId : route.page === 'accepted' ? route.repId : null;
  const rep = repId ? users.data?.find((u) => u.id === repId) : null;
  const tabs: { route: InboxRoute; label: string; id: string }[] = [
    { route: repId ? { page: 'rep', repId } : { page: 'mine' }, label: t('inbox.tab.pending'), id: 'pending' },
    { route: { page: 'accepted', repId }, label: t('inbox.tab.accepted'), id: 'accepted' },
    { route: { page: 'team' }, label: t('inbox.tab.team'), id: 'team' },
  ];
  const activeTab = route.page === 'team' ? 'team' : route.page === 'accepted' ? 'accepted' : 'pending';

  return (
    <div className="inbox-view">
      <div className="view-header">
        <h1 className="view-title">{t('inbox.title')}</h1>
        <span className="view-meta" data-testid="inbox-owner">
          {route.page === 'team'
            ? null
            : rep
              ? t('inbox.ofRep', { name: rep.name })
              : current.data
                ? t('inbox.ofMe', { name: current.data.name })
                : null}
        </span>
        {rep ? (
          <a className="back-link" href={inboxHref({ page: 'mine' })}>
            {t('inbox.backToMine')}
          </a>
        ) : null}
      </div>
      <nav className="subnav" aria-label={t('inbox.tab.label')}>
        {tabs.map((tab) => (
          <a
            key={tab.id}
            href={inboxHref(tab.route)}
            className={`subnav-link${activeTab === tab.id ? ' is-active' : ''}`}
            aria-current={activeTab === tab.id ? 'page' : undefined}
            data-testid={`inbox-tab-${tab.id}`}
          >
            {tab.label}
          </a>
        ))}
      </nav>
      {route.page === 'team' ? (
        <ManagerView />
      ) : route.page === 'accepted' ? (
        <AcceptedPage key={repId ?? 'me'} repId={repId} />
      ) : (
        <InboxPage key={repId ?? current.data?.id ?? 'me'} repId={repId} />
      )}
    </div>
  );
}
