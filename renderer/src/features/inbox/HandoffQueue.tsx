import { useEffect, useRef } from 'react';
import type { HandoffRow } from '../../../../shared/contracts/handoffs.js';
import { useT } from '../../i18n/index.js';
import { slaState, useSlaWords } from './sla-words.js';

interface Props {
  rows: readonly HandoffRow[];
  activeId: string | null;
  selected: ReadonlySet<string>;
  now: number;
  onActivate: (id: string) => void;
  onToggle: (id: string) => void;
}

/** The queue, most urgent first: each line says in words how long is left, or how long it is overdue. */
export function HandoffQueue({ rows, activeId, selected, now, onActivate, onToggle }: Props) {
  const t = useT();
  const sla = useSlaWords();
  const listRef = useRef<HTMLOListElement>(null);

  // Keep the active card in view as j/k move through a long queue.
  useEffect(() => {
    if (!activeId) return;
    listRef.current
      ?.querySelector<HTMLElement>(`[data-handoff-id="${CSS.escape(activeId)}"]`)
      ?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  return (
    <ol ref={listRef} className="queue" aria-label={t('inbox.queue.label')} data-testid="inbox-queue">
      {rows.map((h) => {
        const state = slaState(h.slaDueAt, now);
        const active = h.id === activeId;
        const isSelected = selected.has(h.id);
        return (
          <li
            key={h.id}
            className={`queue-item${active ? ' is-active' : ''}${isSelected ? ' is-selected' : ''}`}
            data-handoff-id={h.id}
            data-sla={state}
            aria-current={active ? 'true' : undefined}
            data-testid="queue-item"
          >
            <input
              type="checkbox"
              className="queue-check"
              checked={isSelected}
              onChange={() => onToggle(h.id)}
              aria-label={t('inbox.queue.select', { name: h.leadName })}
              tabIndex={-1}
            />
            <button type="button" className="queue-main" onClick={() => onActivate(h.id)} tabIndex={active ? 0 : -1}>
              <span className="queue-line">
                <span className="queue-name">{h.leadName}</span>
                {h.level ? <span className="level">{h.level}</span> : null}
              </span>
              <span className="queue-company muted">
                {[h.jobTitle, h.company].filter(Boolean).join(' · ')}
              </span>
              <span className={`sla-chip is-${state}`} data-testid="queue-sla">
                {state === 'overdue' ? (
                  <span className="sla-icon" aria-hidden="true">
                    !
                  </span>
                ) : null}
                {sla(h.slaDueAt, now)}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
