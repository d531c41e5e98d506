import * as React from 'react';
import type { ComputerAction } from '../transport/types';
import type { ComputerUseHistoryEntry } from './context';
import type { Size } from './geometry';

/**
 * What happened recently, drawn in sandbox coordinates over the desktop: a
 * ripple per click, a line per drag, a chevron per scroll. After
 * assistant-ui's computer-use replay, but live.
 */
export function ActionTrail({ history, who, overlayMs, size }: { history: readonly ComputerUseHistoryEntry[]; who: 'all' | 'agent'; overlayMs: number; size: Size }) {
  const [now, setNow] = React.useState(() => Date.now());
  const recent = history.filter(
    (e) => e.status === 'done' && (who === 'all' || e.source === 'agent') && (e.settledAt ?? e.time) > now - overlayMs && isPointerAction(e.action),
  );
  // Re-render once when the oldest mark expires, not on a fixed tick.
  const oldest = recent[0];
  const newest = history[history.length - 1];
  React.useEffect(() => {
    setNow(Date.now());
  }, [newest?.id, newest?.status]);
  React.useEffect(() => {
    if (!oldest) return;
    const wait = (oldest.settledAt ?? oldest.time) + overlayMs - Date.now();
    const timer = setTimeout(() => setNow(Date.now()), Math.max(16, wait));
    return () => clearTimeout(timer);
  }, [oldest, overlayMs]);
  const r = Math.max(8, Math.round(Math.min(size.width, size.height) / 60));
  return (
    <g data-se-part="computer-use-trail">
      {recent.map((e) => {
        const a = e.action;
        const common = { 'data-source': e.source, 'data-action': a.type } as const;
        if (a.type === 'click') {
          return (
            <g key={e.id} {...common} data-se-part="computer-use-ripple" data-button={a.button ?? 'left'} data-double={a.double ? '' : undefined}>
              <circle cx={a.x} cy={a.y} r={r} fill="none" stroke="currentColor" strokeWidth={3} />
              {a.double ? <circle cx={a.x} cy={a.y} r={r * 1.6} fill="none" stroke="currentColor" strokeWidth={2} /> : null}
            </g>
          );
        }
        if (a.type === 'drag') {
          return (
            <g key={e.id} {...common} data-se-part="computer-use-drag-trail">
              <line x1={a.from.x} y1={a.from.y} x2={a.to.x} y2={a.to.y} stroke="currentColor" strokeWidth={3} />
              <circle cx={a.from.x} cy={a.from.y} r={r / 2} fill="currentColor" />
              <circle cx={a.to.x} cy={a.to.y} r={r} fill="none" stroke="currentColor" strokeWidth={3} />
            </g>
          );
        }
        if (a.type === 'scroll') {
          const d = a.direction === 'down' ? 1 : -1;
          return (
            <g key={e.id} {...common} data-se-part="computer-use-scroll-mark" data-direction={a.direction}>
              <path d={`M${a.x - r} ${a.y} l${r} ${d * r} l${r} ${-d * r}`} fill="none" stroke="currentColor" strokeWidth={3} />
            </g>
          );
        }
        return null;
      })}
    </g>
  );
}

function isPointerAction(action: ComputerAction): boolean {
  return action.type === 'click' || action.type === 'drag' || action.type === 'scroll';
}

