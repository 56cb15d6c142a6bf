import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { UNDO_WINDOW_MS, type Decision, type HandoffRow } from '../../../../shared/contracts/handoffs.js';
import { EmptyState, ErrorState, LoadingState, useErrorText } from '../../components/States.js';
import { useDecide, useDecideMany, useInbox, useUndoDecision } from '../../hooks/use-handoffs.js';
import { useReasons } from '../../hooks/use-reasons.js';
import { useCurrentUser, useUsers } from '../../hooks/use-users.js';
import { useT } from '../../i18n/index.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';
import { CommentDialog } from './CommentDialog.js';
import { HandoffCard } from './HandoffCard.js';
import { HandoffQueue } from './HandoffQueue.js';
import { KeysDialog } from './KeysDialog.js';
import { ReasonPicker } from './ReasonPicker.js';
import type { RejectDecision } from './reason-needs.js';
import { useNow } from './sla-words.js';
import { inboxHref } from './routes.js';
import { UndoToast, type LastDecision } from './UndoToast.js';
import { useInboxKeys } from './use-inbox-keys.js';

type Picker = { ids: string[] } | null;

/** The card the rep chose, and the queue's order then: when it leaves the queue, the one now at its place is active. */
interface Anchor {
  id: string | null;
  order: readonly string[];
}

/**
 * One card is always active: the chosen one while it is pending, else the first one after it that
 * still is (as in a mail client: decide, and the next card is in front of you).
 */
function activeIndexOf(rows: readonly HandoffRow[], anchor: Anchor): number {
  if (rows.length === 0) return -1;
  const at = new Map(rows.map((r, i) => [r.id, i]));
  const found = anchor.id === null ? undefined : at.get(anchor.id);
  if (found !== undefined) return found;
  const pos = anchor.id === null ? -1 : anchor.order.indexOf(anchor.id);
  const after = anchor.order.slice(pos + 1).find((id) => at.has(id));
  const before = [...anchor.order.slice(0, Math.max(0, pos))].reverse().find((id) => at.has(id));
  return at.get(after ?? before ?? '') ?? 0;
}

/** One rep's queue (the current user's when `repId` is null): keyboard first, two keystrokes a decision. */
export function InboxPage({ repId }: { repId: string | null }) {
  const t = useT();
  const errorText = useErrorText();
  const now = useNow();
  const current = useCurrentUser();
  const users = useUsers();
  const inbox = useInbox(repId);
  const reasons = useReasons(false);
  const decide = useDecide();
  const decideMany = useDecideMany();
  const undo = useUndoDecision();

  const rows = useMemo(() => inbox.data?.pending ?? [], [inbox.data]);
  const [anchor, setAnchor] = useState<Anchor>({ id: null, order: [] });
  const [chosen, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [picker, setPicker] = useState<Picker>(null);
  const [commentFor, setCommentFor] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [drafts, setDrafts] = useState<ReadonlyMap<string, string>>(new Map());
  const [last, setLastState] = useState<LastDecision | null>(null);
  /** The latest confirmed decision, and the one still on its way to the server: u undoes the newest. */
  const lastRef = useRef<LastDecision | null>(null);
  const sent = useRef<Promise<unknown> | null>(null);
  const setLast = useCallback((l: LastDecision | null) => {
    lastRef.current = l;
    setLastState(l);
  }, []);
  const [problem, setProblem] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  const activeReasons = useMemo(
    () => [...(reasons.data ?? [])].filter((r) => r.active).sort((a, b) => a.position - b.position),
    [reasons.data],
  );
  const reps = useMemo(
    () => (users.data ?? []).filter((u) => u.team === 'sales' && u.id !== (repId ?? current.data?.id)),
    [users.data, repId, current.data],
  );

  const index = useMemo(() => activeIndexOf(rows, anchor), [rows, anchor]);
  const active: HandoffRow | null = index >= 0 ? rows[index]! : null;

  // A selection counts pending handoffs only (a decided one leaves it by itself).
  const selected = useMemo(() => new Set(rows.filter((r) => chosen.has(r.id)).map((r) => r.id)), [rows, chosen]);

  const focusRoot = () => rootRef.current?.focus({ preventScroll: true });
  // Stable, so the (memoised) queue re-renders only when its rows, selection or active card change.
  const rowsRef = useRef(rows);
  /**
   * Keys can arrive faster than React renders (a quick typist, a loaded machine). The key handlers
   * read and write these refs, which change the moment a key acts, so "x j x Shift+A" acts on the
   * two cards it meant and "a a" decides two cards, never one twice. `deciding` holds decisions sent
   * but not yet out of the queue on screen.
   */
  const anchorRef = useRef(anchor);
  const chosenRef = useRef(chosen);
  const deciding = useRef(new Set<string>());
  useEffect(() => {
    rowsRef.current = rows;
    const present = new Set(rows.map((r) => r.id));
    for (const id of deciding.current) if (!present.has(id)) deciding.current.delete(id);
  });
  const placeAnchor = useCallback((a: Anchor) => {
    anchorRef.current = a;
    setAnchor(a);
  }, []);
  const choose = useCallback((change: (s: ReadonlySet<string>) => ReadonlySet<string>) => {
    chosenRef.current = change(chosenRef.current);
    setSelected(chosenRef.current);
  }, []);
  const liveRows = () => rowsRef.current.filter((r) => !deciding.current.has(r.id));
  const liveActive = (): HandoffRow | null => {
    const live = liveRows();
    const i = activeIndexOf(live, anchorRef.current);
    return i >= 0 ? live[i]! : null;
  };
  const onActivate = useCallback(
    (id: string) => {
      placeAnchor({ id, order: rowsRef.current.map((r) => r.id) });
      rootRef.current?.focus({ preventScroll: true });
    },
    [placeAnchor],
  );
  const onToggle = useCallback(
    (id: string) =>
      choose((s) => {
        const copy = new Set(s);
        if (copy.has(id)) copy.delete(id);
        else copy.add(id);
        return copy;
      }),
    [choose],
  );

  const move = (step: number) => {
    const live = liveRows();
    if (live.length === 0) return;
    const from = Math.max(0, activeIndexOf(live, anchorRef.current));
    const next = live[Math.max(0, Math.min(live.length - 1, from + step))];
    if (next) placeAnchor({ id: next.id, order: live.map((r) => r.id) });
  };

  const shownLabel = useReasonLabel();
  const reasonLabel = (id: string) => {
    const r = activeReasons.find((x) => x.id === id);
    return r ? shownLabel('rejection', r.label, r.code) : '';
  };
  const nameOf = (id: string) => rows.find((r) => r.id === id)?.leadName ?? '';

  const describe = (ids: string[], d: Decision): string => {
    const who = ids.length === 1 ? nameOf(ids[0]!) : '';
    if (d.decision === 'accept') {
      return ids.length === 1
        ? t('inbox.done.accepted', { name: who })
        : t('inbox.done.acceptedMany', { count: ids.length });
    }
    const reason = reasonLabel(d.reasonId);
    return ids.length === 1
      ? t('inbox.done.rejected', { name: who, reason })
      : t('inbox.done.rejectedMany', { count: ids.length, reason });
  };

  const run = (ids: string[], d: Decision) => {
    if (ids.length === 0) return;
    for (const id of ids) deciding.current.add(id);
    setProblem(null);
    // The picker closes at once: the next card is already in front of the rep (the decision is
    // taken out of the queue optimistically) while the server records this one.
    setPicker(null);
    focusRoot();
    const text = describe(ids, d);
    const onDone = (decidedAt: number) => {
      setLast({ ids, text, until: decidedAt + UNDO_WINDOW_MS });
      setDrafts((m) => {
        const copy = new Map(m);
        for (const id of ids) copy.delete(id);
        return copy;
      });
    };
    const onError = (e: unknown) => {
      for (const id of ids) deciding.current.delete(id);
      setProblem(errorText(e));
    };
    // mutateAsync, so that two quick decisions on two cards both report back.
    const confirmed: Promise<unknown> =
      ids.length === 1
        ? decide.mutateAsync({ id: ids[0]!, decision: d }).then((row) => onDone(row.decidedAt ?? Date.now()))
        : decideMany.mutateAsync({ ids, decision: d }).then(() => {
            choose((s) => new Set([...s].filter((id) => !ids.includes(id))));
            onDone(Date.now());
          });
    sent.current = confirmed;
    void confirmed.catch(onError).finally(() => {
      if (sent.current === confirmed) sent.current = null;
    });
  };

  const withComment = (id: string, d: Decision): Decision => {
    const c = drafts.get(id);
    return c && d.decision === 'accept' ? { ...d, comment: c } : d;
  };

  const selectionIds = () => rows.filter((r) => selected.has(r.id)).map((r) => r.id);
  const liveSelection = () =>
    liveRows()
      .filter((r) => chosenRef.current.has(r.id))
      .map((r) => r.id);
  // Bulk buttons wait for a bulk decision; single decisions may overlap (different cards).
  const busy = decideMany.isPending;

  // A decision made before this page mounted (another tab of the inbox, a reload) is still undoable
  // for its window: the server says which, and the toast offers it.
  const serverUndo = inbox.data?.undoable ?? null;
  const offered = useMemo<LastDecision | null>(
    () =>
      last ??
      (serverUndo && serverUndo.until > now
        ? { ids: serverUndo.handoffIds, text: t('inbox.undo.earlier'), until: serverUndo.until }
        : null),
    [last, serverUndo, t, now],
  );
  const [dismissed, setDismissed] = useState<number | null>(null);
  const toastDecision = offered && offered.until !== dismissed ? offered : null;

  const undoRef = useRef<() => void>(() => undefined);
  const doUndo = useCallback(() => {
    const inFlight = sent.current;
    if (inFlight) {
      // u pressed before the server confirmed the decision just made undoes that one, once it is
      // confirmed, not the one before it.
      inFlight.then(
        () => {
          if (sent.current === inFlight) sent.current = null;
          undoRef.current();
        },
        () => undefined,
      );
      return;
    }
    const last = lastRef.current ?? toastDecision;
    if (!last || undo.isPending) return;
    setProblem(null);
    const ids = last.ids;
    void undo
      .mutateAsync(ids)
      .then(() => {
        setLast(null);
        setDismissed(last.until);
        const first = ids[0];
        // The undone handoff is active again once it is back in the queue.
        if (first) placeAnchor({ id: first, order: anchorRef.current.order });
      })
      .catch((e: unknown) => {
        setLast(null);
        setDismissed(last.until);
        setProblem(errorText(e));
      });
  }, [toastDecision, undo, errorText, placeAnchor, setLast]);
  useEffect(() => {
    undoRef.current = doUndo;
  });

  const keysOn = picker === null && commentFor === null && !help;
  useInboxKeys(
    {
      next: () => move(1),
      previous: () => move(-1),
      accept: () => {
        const card = liveActive();
        if (card) run([card.id], withComment(card.id, { decision: 'accept' }));
      },
      reject: () => {
        const card = liveActive();
        if (card) setPicker({ ids: [card.id] });
      },
      acceptSelection: () => {
        const ids = liveSelection();
        if (ids.length) run(ids, { decision: 'accept' });
      },
      rejectSelection: () => {
        const ids = liveSelection();
        if (ids.length) setPicker({ ids });
      },
      toggleSelect: () => {
        const card = liveActive();
        if (card) onToggle(card.id);
      },
      comment: () => {
        const card = liveActive();
        if (card) setCommentFor(card.id);
      },
      undo: doUndo,
      help: () => setHelp(true),
    },
    keysOn,
  );

  useEffect(() => {
    focusRoot();
  }, []);

  const expiring = toastDecision?.until ?? null;
  const onExpire = useCallback(() => {
    setLast(null);
    setDismissed(expiring);
  }, [expiring, setLast]);

  if (inbox.isPending || current.isPending) return <LoadingState />;
  // A failed refresh keeps the queue on screen (with a banner); only a first load that fails replaces it.
  if (inbox.isError && !inbox.data) return <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />;
  if (repId === null && !current.data) {
    return <EmptyState title={t('inbox.noUser.title')} hint={t('inbox.noUser.hint')} />;
  }

  const data = inbox.data;
  const repName = repId ? (users.data?.find((u) => u.id === repId)?.name ?? '') : (current.data?.name ?? '');
  const pickerIds = picker?.ids ?? [];
  const selCount = selectionIds().length;

  return (
    <div className="inbox" ref={rootRef} tabIndex={-1} data-testid="inbox" aria-keyshortcuts="j k a r c u x ?">
      <div className="inbox-bar">
        <p className="inbox-counts" data-testid="inbox-counts">
          <span className="strong">{t('inbox.counts.pending', { count: data.pendingCount })}</span>
          {data.breachedCount > 0 ? (
            <span className="overdue-count" data-testid="inbox-breached">
              <span className="sla-icon" aria-hidden="true">
                !
              </span>
              {t('inbox.counts.breached', { count: data.breachedCount })}
            </span>
          ) : null}
          {repId ? <span className="muted">{t('inbox.counts.of', { name: repName })}</span> : null}
          {data.pendingCount > rows.length ? (
            <span className="muted" data-testid="inbox-window">
              {t('inbox.counts.window', { shown: rows.length, count: data.pendingCount })}
            </span>
          ) : null}
        </p>
        <div className="inbox-bulk" aria-live="polite">
          {selCount > 0 ? (
            <>
              <span data-testid="selection-count">{t('inbox.bulk.selected', { count: selCount })}</span>
              <button
                type="button"
                className="btn btn-small btn-primary"
                disabled={busy}
                onClick={() => run(selectionIds(), { decision: 'accept' })}
                data-testid="bulk-accept"
              >
                {t('inbox.bulk.accept')}
              </button>
              <button
                type="button"
                className="btn btn-small"
                disabled={busy}
                onClick={() => setPicker({ ids: selectionIds() })}
                data-testid="bulk-reject"
              >
                {t('inbox.bulk.reject')}
              </button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => choose(() => new Set())}>
                {t('inbox.bulk.clear')}
              </button>
            </>
          ) : (
            <span className="muted">{t('inbox.bulk.hint')}</span>
          )}
        </div>
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setHelp(true)} data-testid="keys-open">
          {t('inbox.keys.open')} <kbd className="kbd">?</kbd>
        </button>
      </div>
      {inbox.isError ? (
        <p className="banner banner-error" role="alert" data-testid="inbox-refresh-error">
          {errorText(inbox.error)}
        </p>
      ) : null}
      {problem && !picker ? (
        <p className="banner banner-error" role="alert" data-testid="inbox-error">
          {problem}
        </p>
      ) : null}
      {rows.length === 0 ? (
        repId === null && current.data && current.data.team !== 'sales' ? (
          // Marketing and ops users get no handoffs of their own: point them at the reps' queues instead.
          <EmptyState
            title={t('inbox.notRep.title')}
            hint={t('inbox.notRep.hint', { team: t(`team.${current.data.team}`) })}
            action={
              <a className="btn btn-primary" href={inboxHref({ page: 'team' })} data-testid="inbox-open-team">
                {t('inbox.notRep.openTeam')}
              </a>
            }
          />
        ) : (
          <EmptyState title={t('inbox.empty.title')} hint={t('inbox.empty.hint')} />
        )
      ) : (
        <div className="inbox-body">
          <HandoffQueue
            rows={rows}
            activeIndex={index}
            selected={selected}
            now={now}
            onActivate={onActivate}
            onToggle={onToggle}
          />
          <div className="inbox-detail">
            {active ? (
              <HandoffCard
                key={active.id}
                handoff={active}
                now={now}
                draftComment={drafts.get(active.id) ?? ''}
                busy={busy}
                onAccept={() => run([active.id], withComment(active.id, { decision: 'accept' }))}
                onReject={() => setPicker({ ids: [active.id] })}
                onComment={() => setCommentFor(active.id)}
              />
            ) : null}
          </div>
        </div>
      )}
      <UndoToast
        key={toastDecision?.until ?? 0}
        last={toastDecision}
        busy={undo.isPending}
        error={null}
        onUndo={doUndo}
        onExpire={onExpire}
      />
      <ReasonPicker
        open={picker !== null}
        reasons={activeReasons}
        count={pickerIds.length}
        leadName={pickerIds.length === 1 ? nameOf(pickerIds[0]!) : null}
        initialComment={pickerIds.length === 1 ? (drafts.get(pickerIds[0]!) ?? '') : ''}
        reps={reps}
        // A decision on these cards may go while an earlier bulk one is still saving (other cards);
        // blocking it dropped the rep's number key without a word.
        busy={false}
        error={picker ? problem : null}
        onConfirm={(d: RejectDecision) => run(pickerIds, d)}
        onCancel={() => {
          setPicker(null);
          focusRoot();
        }}
      />
      <CommentDialog
        open={commentFor !== null}
        leadName={commentFor ? nameOf(commentFor) : ''}
        initial={commentFor ? (drafts.get(commentFor) ?? '') : ''}
        onSave={(text) => {
          const id = commentFor;
          if (id) setDrafts((m) => new Map(m).set(id, text));
          setCommentFor(null);
          focusRoot();
        }}
        onClose={() => {
          setCommentFor(null);
          focusRoot();
        }}
      />
      <KeysDialog
        open={help}
        onClose={() => {
          setHelp(false);
          focusRoot();
        }}
      />
    </div>
  );
}
