import { useDeferredValue, useId, useState, type FormEvent } from 'react';
import { OutcomeDraftSchema, type OutcomeDraft, type OutcomeRow } from '../../../../shared/contracts/outcomes.js';
import { Dialog } from '../../components/Dialog.js';
import { useErrorText } from '../../components/States.js';
import { useLeadSuggestions } from '../../hooks/use-leads.js';
import { useCreateOutcome, useLossReasons, useUpdateOutcome } from '../../hooks/use-outcomes.js';
import { useT } from '../../i18n/index.js';
import { useReasonLabel } from '../../i18n/reason-labels.js';
import { dayToMs, msToDay, todayDay } from './dates.js';
import { outcomeFailureText, outcomeIssueText } from './outcome-errors.js';
import './outcomes.css';

type LeadBy = 'email' | 'externalId';

interface Values {
  leadBy: LeadBy;
  lead: string;
  externalId: string;
  result: 'open' | 'won' | 'lost';
  openedAt: string;
  closedAt: string;
  amount: string;
  currency: string;
  lossReasonId: string;
  competitor: string;
}

/** From a rep's card (a known lead) the deal is most likely closing now: the close date starts at today. */
function initial(row: OutcomeRow | null, fromCard = false): Values {
  return {
    leadBy: 'email',
    lead: row?.leadEmail ?? '',
    externalId: row?.externalId ?? '',
    result: row?.result ?? 'won',
    openedAt: msToDay(row?.openedAt ?? null),
    closedAt: row?.closedAt !== null && row?.closedAt !== undefined ? msToDay(row.closedAt) : fromCard ? todayDay() : '',
    amount: row?.amount === null || row?.amount === undefined ? '' : String(row.amount),
    currency: row?.currency ?? 'EUR',
    lossReasonId: row?.lossReasonId ?? '',
    competitor: row?.competitor ?? '',
  };
}

/** A lead the form is opened for (from its handoff card): named, not looked up by email or CRM id. */
export interface KnownLead {
  id: string;
  name: string;
}

/** The form as the contract's draft; the same zod schema the server applies decides what is valid. */
function toDraft(v: Values, row: OutcomeRow | null, known: KnownLead | undefined): OutcomeDraft {
  const lead = row?.leadId
    ? { id: row.leadId }
    : known
      ? { id: known.id }
      : v.leadBy === 'email'
        ? { email: v.lead.trim() }
        : { externalId: v.lead.trim() };
  return {
    lead,
    externalId: v.externalId.trim() || null,
    result: v.result,
    openedAt: dayToMs(v.openedAt),
    closedAt: v.result === 'open' ? null : dayToMs(v.closedAt),
    amount: v.amount.trim() === '' ? null : Number(v.amount.replace(',', '.')),
    currency: v.currency,
    lossReasonId: v.result === 'lost' && v.lossReasonId ? v.lossReasonId : null,
    competitor: v.competitor.trim() || null,
  };
}

/**
 * Record a won, lost or open deal for a lead, or edit one; errors show next to their field. A new one
 * names its lead by email or CRM id, unless opened for a `lead` already known (its id and name).
 */
export function OutcomeForm({
  row,
  lead: known,
  onClose,
  onRemove,
}: {
  row: OutcomeRow | null;
  lead?: KnownLead | undefined;
  onClose: () => void;
  onRemove?: (() => void) | undefined;
}) {
  const t = useT();
  const errorText = useErrorText();
  const [v, setV] = useState<Values>(() => initial(row, known !== undefined));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useCreateOutcome();
  const update = useUpdateOutcome();
  const lossReasons = useLossReasons();
  const reasonLabel = useReasonLabel();
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setV((p) => ({ ...p, [k]: value }));
  // Typing a name, company or part of the address offers the matching leads' emails (or ids).
  const leadFixed = row ? (row.leadName ?? row.leadEmail ?? '') : (known?.name ?? null);
  const suggestions = useLeadSuggestions(useDeferredValue(leadFixed === null ? v.lead : ''));
  const suggestionsId = useId();
  const options = (suggestions.data?.rows ?? []).flatMap((l) => {
    const value = v.leadBy === 'email' ? l.email : l.externalId;
    return value ? [{ id: l.id, value, label: `${l.name} · ${l.company}` }] : [];
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const draft = toDraft(v, row, known);
    const parsed = OutcomeDraftSchema.safeParse(draft);
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0] ?? 'form')] ??= outcomeIssueText(issue, draft, t);
      setErrors(next);
      return;
    }
    setErrors({});
    const done = { onSuccess: onClose };
    if (row) {
      const { lead: _lead, ...patch } = draft;
      update.mutate({ id: row.id, patch }, done);
    } else create.mutate(draft, done);
  };

  const field = (name: string) => (errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': `outcome-${name}-error` } : {});
  const fieldError = (name: string) =>
    errors[name] ? (
      <span className="field-error" id={`outcome-${name}-error`} data-testid={`outcome-error-${name}`}>
        {errors[name]}
      </span>
    ) : null;

  return (
    <Dialog open title={t(row ? 'outcomes.form.editTitle' : 'outcomes.form.newTitle')} onClose={onClose} testId="outcome-form">
      <form className="form-grid" onSubmit={submit} noValidate>
        {leadFixed !== null ? (
          <p className="muted full" data-testid="outcome-lead-fixed">
            {t('outcomes.form.leadFixed', { lead: leadFixed })}
          </p>
        ) : (
          <label className="field full">
            <span className="field-label">{t('outcomes.form.lead')}</span>
            <div className="inline">
              <select className="input lead-by" value={v.leadBy} onChange={(e) => set('leadBy', e.target.value as LeadBy)} aria-label={t('outcomes.form.leadBy')} data-testid="outcome-lead-by">
                <option value="email">{t('outcomes.form.byEmail')}</option>
                <option value="externalId">{t('outcomes.form.byExternalId')}</option>
              </select>
              <input className="input" value={v.lead} onChange={(e) => set('lead', e.target.value)} list={suggestionsId} autoComplete="off" data-testid="outcome-lead" {...field('lead')} />
              <datalist id={suggestionsId} data-testid="outcome-lead-suggestions">
                {options.map((o) => (
                  <option key={o.id} value={o.value} label={o.label} />
                ))}
              </datalist>
            </div>
            {fieldError('lead')}
          </label>
        )}
        <label className="field">
          <span className="field-label">{t('outcomes.form.result')}</span>
          <select className="input" value={v.result} onChange={(e) => set('result', e.target.value as Values['result'])} data-testid="outcome-result">
            {(['won', 'lost', 'open'] as const).map((r) => (
              <option key={r} value={r}>
                {t(`outcomes.result.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('outcomes.form.openedAt')}</span>
          <input className="input" type="date" value={v.openedAt} onChange={(e) => set('openedAt', e.target.value)} data-testid="outcome-opened" {...field('openedAt')} />
          {fieldError('openedAt')}
        </label>
        {v.result !== 'open' ? (
          <label className="field">
            <span className="field-label">{t('outcomes.form.closedAt')}</span>
            <input className="input" type="date" value={v.closedAt} onChange={(e) => set('closedAt', e.target.value)} data-testid="outcome-closed" {...field('closedAt')} />
            {fieldError('closedAt')}
          </label>
        ) : null}
        <label className="field">
          <span className="field-label">{t('outcomes.form.amount')}</span>
          <div className="inline">
            <input className="input" inputMode="decimal" value={v.amount} onChange={(e) => set('amount', e.target.value)} data-testid="outcome-amount" {...field('amount')} />
            <input className="input narrow" value={v.currency} maxLength={3} onChange={(e) => set('currency', e.target.value.toUpperCase())} aria-label={t('outcomes.form.currency')} data-testid="outcome-currency" {...field('currency')} />
          </div>
          {fieldError('amount')}
          {fieldError('currency')}
        </label>
        {v.result === 'lost' ? (
          <label className="field">
            <span className="field-label">{t('outcomes.form.lossReason')}</span>
            <select className="input" value={v.lossReasonId} onChange={(e) => set('lossReasonId', e.target.value)} data-testid="outcome-loss-reason">
              <option value="">{t('outcomes.form.noReason')}</option>
              {(lossReasons.data ?? [])
                .filter((r) => r.active || r.id === v.lossReasonId)
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {reasonLabel('loss', r.label, r.code)}
                  </option>
                ))}
            </select>
          </label>
        ) : null}
        <label className="field">
          <span className="field-label">{t('outcomes.form.competitor')}</span>
          <input className="input" value={v.competitor} onChange={(e) => set('competitor', e.target.value)} data-testid="outcome-competitor" />
        </label>
        <label className="field">
          <span className="field-label">{t('outcomes.form.externalId')}</span>
          <input className="input" value={v.externalId} onChange={(e) => set('externalId', e.target.value)} data-testid="outcome-external-id" />
        </label>
        {failure ? (
          <p className="field-error full" role="alert" data-testid="outcome-form-error">
            {outcomeFailureText(failure, t) ?? errorText(failure)}
          </p>
        ) : null}
        <div className="dialog-actions full">
          {onRemove ? (
            <button type="button" className="btn btn-danger" onClick={onRemove} data-testid="outcome-remove">
              {t('outcomes.remove')}
            </button>
          ) : null}
          <button type="button" className="btn" onClick={onClose}>
            {t('outcomes.form.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={saving} data-testid="outcome-save">
            {t(saving ? 'outcomes.form.saving' : 'outcomes.form.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
