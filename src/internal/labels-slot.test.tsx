import { render, renderHook, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { formatLabel, mergeLabels, useMergedLabels } from './labels';
import { slotChildren, slotOr, type AsChildProps } from './slot';

interface DemoLabels {
  retry: string;
  attempt: string | ((n: number) => string);
}
const defaults: DemoLabels = { retry: 'Retry', attempt: (n) => `Attempt ${n}` };

describe('mergeLabels', () => {
  it('given no labels, should return the defaults themselves', () => {
    expect(mergeLabels(defaults, undefined)).toBe(defaults);
    expect(mergeLabels(defaults, {})).toBe(defaults);
  });

  it('given some labels, should lay them over the defaults and skip undefined values', () => {
    const merged = mergeLabels(defaults, { retry: 'Erneut versuchen', attempt: undefined });
    expect(merged.retry).toBe('Erneut versuchen');
    expect(formatLabel(merged.attempt, 2)).toBe('Attempt 2');
    expect(defaults.retry).toBe('Retry');
  });

  it('given a function label, should format it with the state', () => {
    const merged = mergeLabels(defaults, { attempt: (n: number) => `Versuch ${n}` });
    expect(formatLabel(merged.attempt, 3)).toBe('Versuch 3');
    expect(formatLabel('plain')).toBe('plain');
  });

  it('given a group of labels, should merge it key by key and keep keys the defaults leave out', () => {
    const base = { title: 'Tool', status: { running: 'Running', error: 'Error' } };
    const merged = mergeLabels(base, { status: { error: 'Fehler', running: undefined }, editArgs: 'Argumente' });
    expect(merged).toEqual({ title: 'Tool', status: { running: 'Running', error: 'Fehler' }, editArgs: 'Argumente' });
    expect(base.status.error).toBe('Error');
    // A group the defaults do not have is taken as given.
    expect(mergeLabels(base, { summaryStatus: { error: 'Fehlgeschlagen' } })).toMatchObject({ summaryStatus: { error: 'Fehlgeschlagen' } });
  });
});

describe('useMergedLabels', () => {
  it('given an inline labels object with the same values, should keep the merged set stable', () => {
    const { result, rerender } = renderHook(({ labels }: { labels?: Partial<DemoLabels> }) => useMergedLabels(defaults, labels), {
      initialProps: { labels: { retry: 'Nochmal' } } as { labels?: Partial<DemoLabels> },
    });
    const first = result.current;
    rerender({ labels: { retry: 'Nochmal' } });
    expect(result.current).toBe(first);
    rerender({ labels: { retry: 'Erneut' } });
    expect(result.current.retry).toBe('Erneut');
    rerender({ labels: undefined });
    expect(result.current).toBe(defaults);
  });
});

const Demo = React.forwardRef<HTMLButtonElement, React.ComponentPropsWithoutRef<'button'> & AsChildProps>(function Demo(
  { asChild, children, onClick, ...rest },
  ref,
) {
  const Comp = slotOr(asChild, 'button');
  return (
    <Comp type="button" data-se-part="demo" data-state="on" aria-label="Demo" {...rest} ref={ref} onClick={(e: React.MouseEvent<HTMLButtonElement>) => { onClick?.(e); }}>
      {slotChildren(asChild, children, <span aria-hidden="true">↻</span>)}
    </Comp>
  );
});

describe('slotOr (asChild)', () => {
  it('given asChild and a link, should render the link with the part attributes, handlers and ref', async () => {
    const onClick = vi.fn();
    const ref = React.createRef<HTMLButtonElement>();
    render(
      <Demo asChild onClick={onClick} ref={ref}>
        <a href="#x" className="mine">
          Go
        </a>
      </Demo>,
    );
    const link = screen.getByRole('link', { name: 'Demo' });
    expect(link).toHaveAttribute('data-se-part', 'demo');
    expect(link).toHaveAttribute('data-state', 'on');
    expect(link).toHaveClass('mine');
    expect(link).toHaveTextContent('Go');
    expect(link).not.toHaveTextContent('↻');
    expect(ref.current).toBe(link);
    await userEvent.click(link);
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('given no asChild, should render its own button with the default content', () => {
    render(<Demo />);
    expect(screen.getByRole('button', { name: 'Demo' })).toHaveTextContent('↻');
  });
});
