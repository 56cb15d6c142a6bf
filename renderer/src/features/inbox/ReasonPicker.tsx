import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { RejectionReason } from '../../../../shared/contracts/reasons.js';
import type { User } from '../../../../shared/contracts/users.js';
import { Dialog } from '../../components/Dialog.js';
import { useT } from '../../i18n/index.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';
import { ACTION_LABEL, BLAME_LABEL } from './reason-labels.js';
import {
  DEFAULT_REOPEN_DAYS,
  fromDateInput,
  needsNothing,
  reasonNeeds,
  resolveDigits,
  toDateInput,
  type RejectDecision,
} from './reason-needs.js';

interface Props {
  open: boolean;
  /** Active reasons in their agreed order; the n-th answers to the number key n. */
  reasons: readonly RejectionReason[];
  /** How many handoffs this rejects (more than one for a bulk rejection). */
  count: number;
  leadName: string | null;
  initialComment: string;
  reps: readonly User[];
  busy: boolean;
  error: string | null;
  onConfirm: (decision: RejectDecision) => void;
  onCancel: () => void;
}

/** How long an ambiguous digit ("1" of 1, 10–13) waits for a second one before it counts alone. */
const DIGIT_WAIT_MS = 600;
const DAY = 86_400_000;

export function ReasonPicker(props: Props) {
  const t = useT();
  const title =
    props.count > 1
      ? t('inbox.picker.titleMany', { count: props.count })
      : t('inbox.picker.title', { name: props.leadName ?? '' });
  return (
    <Dialog open={props.open} title={title} wide testId="reason-picker" onClose={props.onCancel}>
      <PickerBody {...props} />
    </Dialog>
  );
}

function PickerBody({ reasons, initialComment, reps, busy, error, onConfirm, onCancel }: Props) {
  const t = useT();
  const reasonLabel = useReasonLabel();
  const ids = { comment: useId(), date: useId(), rep: useId(), list: useId() };
  const [chosen, setChosen] = useState<number | null>(null);
  const [digits, setDigits] = useState('');
  const digitsRef = useRef('');
  const setBuffer = (v: string) => {
    digitsRef.current = v;
    setDigits(v);
  };
  const [comment, setComment] = useState(initialComment);
  const [date, setDate] = useState(() => toDateInput(Date.now() + DEFAULT_REOPEN_DAYS * DAY));
  const [rep, setRep] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [minDate] = useState(() => toDateInput(Date.now() + DAY));
  const listRef = useRef<HTMLOListElement>(null);
  const fieldsRef = useRef<HTMLDivElement>(null);
  const timer = useRef<number | null>(null);
  // Arrowing through the list must not pull the focus out of it at every reason that asks for more.
  const byArrow = useRef(false);

  const reason = chosen === null ? null : (reasons[chosen] ?? null);
  const needs = reason ? reasonNeeds(reason) : null;

  useEffect(() => {
    listRef.current?.focus();
    return () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    };
  }, []);

  // A reason that asks for more moves focus to the first thing it asks for.
  useEffect(() => {
    const arrowed = byArrow.current;
    byArrow.current = false;
    if (arrowed || !needs || needsNothing(needs)) return;
    const first = fieldsRef.current?.querySelector<HTMLElement>('[data-need]');
    first?.focus();
  }, [chosen]); // eslint-disable-line react-hooks/exhaustive-deps -- only when the choice changes

  const build = (index: number): RejectDecision | string => {
    const r = reasons[index];
    if (!r) return t('inbox.picker.error.noReason');
    const n = reasonNeeds(r);
    const trimmed = comment.trim();
    if (n.comment && !trimmed) return t('inbox.picker.error.comment');
    const out: RejectDecision = { decision: 'reject', reasonId: r.id };
    if (trimmed) out.comment = trimmed;
    if (n.date) {
      const at = fromDateInput(date);
      if (at === null) return t('inbox.picker.error.date');
      if (at < new Date().setHours(0, 0, 0, 0) + DAY) return t('inbox.picker.error.datePast');
      out.reopenAt = at;
    }
    if (n.rep) {
      if (!rep) return t('inbox.picker.error.rep');
      out.rerouteToRepId = rep;
    }
    return out;
  };

  const confirm = (index: number | null = chosen) => {
    if (busy) return;
    if (index === null) {
      setProblem(t('inbox.picker.error.noReason'));
      return;
    }
    const d = build(index);
    if (typeof d === 'string') setProblem(d);
    else onConfirm(d);
  };

  const choose = (index: number, confirmIfDone: boolean) => {
    setChosen(index);
    setProblem(null);
    const r = reasons[index];
    if (confirmIfDone && r && needsNothing(reasonNeeds(r))) confirm(index);
  };

  const onDigit = (digit: string) => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    // A ref, not state: the second digit may arrive before React has rendered the first.
    const buffer = digitsRef.current + digit;
    let res = resolveDigits(buffer, reasons.length);
    let next = buffer;
    if (res.index === null) {
      // "1" then "9" with 13 reasons: start again from the new digit.
      next = digit;
      res = resolveDigits(digit, reasons.length);
    }
    if (res.index === null) {
      setBuffer('');
      return;
    }
    const index = res.index;
    if (res.ambiguous) {
      setBuffer(next);
      setChosen(index);
      timer.current = window.setTimeout(() => {
        setBuffer('');
        choose(index, true);
      }, DIGIT_WAIT_MS);
    } else {
      setBuffer('');
      choose(index, true);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    const el = e.target as HTMLElement;
    const typing = el.closest('input, textarea, select') !== null;
    if (!typing && /^[0-9]$/.test(e.key)) {
      e.preventDefault();
      onDigit(e.key);
    } else if (!typing && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      const from = chosen ?? (step > 0 ? -1 : reasons.length);
      byArrow.current = true;
      choose(Math.max(0, Math.min(reasons.length - 1, from + step)), false);
    } else if (e.key === 'Enter' && el === listRef.current) {
      // Enter on the list takes the highlighted reason: recorded, or on to the first thing it asks for.
      e.preventDefault();
      if (timer.current !== null) window.clearTimeout(timer.current);
      setBuffer('');
      const first = needs && !needsNothing(needs) ? fieldsRef.current?.querySelector<HTMLElement>('[data-need]') : null;
      if (first) first.focus();
      else confirm();
    } else if (e.key === 'Enter' && el.tagName === 'TEXTAREA' && !e.shiftKey) {
      // Enter confirms from the comment too; Shift+Enter is a new line.
      e.preventDefault();
      confirm();
    }
  };

  return (
    <form
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        if (timer.current !== null) window.clearTimeout(timer.current);
        confirm();
      }}
    >
      <p className="dialog-message">{t('inbox.picker.hint')}</p>
      <ol
        ref={listRef}
        id={ids.list}
        className="reason-list"
        role="listbox"
        tabIndex={0}
        aria-label={t('inbox.picker.listLabel')}
        aria-activedescendant={chosen !== null ? `${ids.list}-${chosen}` : undefined}
        data-testid="reason-list"
      >
        {reasons.map((r, i) => {
          const n = reasonNeeds(r);
          return (
            <li
              key={r.id}
              id={`${ids.list}-${i}`}
              role="option"
              aria-selected={chosen === i}
              className={`reason-option${chosen === i ? ' is-chosen' : ''}`}
              data-reason-code={r.code}
              onClick={() => choose(i, false)}
              onDoubleClick={() => choose(i, true)}
            >
              <kbd className="kbd">{i + 1}</kbd>
              <span className="reason-option-label">{reasonLabel('rejection', r.label, r.code)}</span>
              <span className="reason-option-meta muted">
                {t(BLAME_LABEL[r.blame])} · {t(ACTION_LABEL[r.action])}
                {n.comment ? ` · ${t('inbox.picker.needsComment')}` : ''}
                {n.date ? ` · ${t('inbox.picker.needsDate')}` : ''}
                {n.rep ? ` · ${t('inbox.picker.needsRep')}` : ''}
              </span>
            </li>
          );
        })}
      </ol>
      {digits ? (
        <p className="muted" role="status" data-testid="picker-digits">
          {t('inbox.picker.waiting', { digits })}
        </p>
      ) : null}
      <div ref={fieldsRef} className="picker-fields">
        {needs?.date ? (
          <label className="field" htmlFor={ids.date}>
            <span className="field-label">
              {t(reason?.reopenKind === 'renewal' ? 'inbox.picker.renewalDate' : 'inbox.picker.reopenDate')}
            </span>
            <input
              id={ids.date}
              data-need="date"
              type="date"
              className="input input-date"
              value={date}
              min={minDate}
              onChange={(e) => setDate(e.target.value)}
              data-testid="picker-date"
            />
          </label>
        ) : null}
        {needs?.rep ? (
          <label className="field" htmlFor={ids.rep}>
            <span className="field-label">{t('inbox.picker.rerouteTo')}</span>
            <select
              id={ids.rep}
              data-need="rep"
              className="select"
              value={rep}
              onChange={(e) => setRep(e.target.value)}
              data-testid="picker-rep"
            >
              <option value="">{t('inbox.picker.pickRep')}</option>
              {reps.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="field" htmlFor={ids.comment}>
          <span className="field-label">
            {t('inbox.picker.comment')}{' '}
            {needs?.comment ? (
              <span className="field-label-sub">{t('inbox.picker.required')}</span>
            ) : (
              <span className="field-label-sub">{t('common.optional')}</span>
            )}
          </span>
          <textarea
            id={ids.comment}
            {...(needs?.comment ? { 'data-need': 'comment' } : {})}
            className="input textarea"
            rows={2}
            maxLength={4000}
            value={comment}
            aria-invalid={problem !== null && needs?.comment === true && !comment.trim()}
            onChange={(e) => setComment(e.target.value)}
            data-testid="picker-comment"
          />
        </label>
      </div>
      {problem || error ? (
        <p className="field-error" role="alert" data-testid="picker-error">
          {problem ?? error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onCancel}>
          {t('action.cancel')}
        </button>
        <button
          type="submit"
          className="btn btn-danger"
          disabled={busy || chosen === null}
          data-testid="picker-confirm"
        >
          {t('inbox.picker.confirm')}
        </button>
      </div>
    </form>
  );
}
