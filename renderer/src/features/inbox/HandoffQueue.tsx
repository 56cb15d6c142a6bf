import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { HandoffRow } from '../../../../shared/contracts/handoffs.js';
import { TypedValues } from '../../components/TypedValues.js';
import { useT } from '../../i18n/index.js';
import { slaState, useSlaWords } from './sla-words.js';

interface Props {
  rows: readonly HandoffRow[];
  activeIndex: number;
  selected: ReadonlySet<string>;
  now: number;
  onActivate: (id: string) => void;
  onToggle: (id: string) => void;
}

/** Height of one queue line (name, company, SLA); measured per item, this is the first guess. */
const ITEM_HEIGHT = 72;

/**
 * The queue, most urgent first: each line says in words how long is left, or how long it is
 * overdue. Virtualised (a rep may have thousands pending): only the lines in view are in the DOM,
 * each with its position in the whole queue (aria-posinset/setsize) for assistive technology.
 */
export const HandoffQueue = memo(function HandoffQueue({
  rows,
  activeIndex,
  selected,
  now,
  onActivate,
  onToggle,
}: Props) {
  const t = useT();
  const sla = useSlaWords();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ITEM_HEIGHT,
    getItemKey: (i) => rows[i]?.id ?? i,
    overscan: 8,
  });

  // Keep the active card in view as j/k move through a long queue.
  useEffect(() => {
    if (activeIndex >= 0) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, virtualizer]);

  return (
    <div className="queue" ref={scrollRef} data-testid="inbox-queue">
      <ol className="queue-list" aria-label={t('inbox.queue.label')} style={{ blockSize: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const h = rows[item.index];
          if (!h) return null;
          const state = slaState(h.slaDueAt, now);
          const active = item.index === activeIndex;
          const isSelected = selected.has(h.id);
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className={`queue-item${active ? ' is-active' : ''}${isSelected ? ' is-selected' : ''}`}
              style={{ transform: `translateY(${item.start}px)` }}
              data-handoff-id={h.id}
              data-sla={state}
              aria-current={active ? 'true' : undefined}
              aria-posinset={item.index + 1}
              aria-setsize={rows.length}
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
                  <TypedValues values={[h.jobTitle, h.company]} />
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
    </div>
  );
});
