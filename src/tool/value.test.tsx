import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toCopyText } from './describe';
import { hostileValues } from './fixtures';
import { ToolPanel } from './panel';
import { ToolValue, ToolValueCopyButton } from './value';
import { axeViolations } from './test-utils';

const node = (key: string) => screen.getByText(`${key}:`).closest('[data-se-part="tool-value-node"]') as HTMLElement;
const valueText = (key: string) => node(key).querySelector(':scope > [data-se-part="tool-value-text"]');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ToolValue — hostile values', () => {
  it('given cycles, BigInt, Date, Map, Set, functions, symbols, instances and throwing getters, should render each safely', async () => {
    const { container } = render(<ToolValue value={hostileValues()} expandDepth={1} />);
    const user = userEvent.setup();
    expect(valueText('bigint')).toHaveTextContent('12345678901234567890n');
    expect(valueText('date')).toHaveTextContent('2026-01-02T03:04:05.000Z');
    expect(valueText('invalidDate')).toHaveTextContent('Invalid Date');
    expect(valueText('map')).toHaveTextContent('Map(2)');
    expect(valueText('set')).toHaveTextContent('Set(3)');
    expect(valueText('fn')).toHaveTextContent('ƒ namedFunction()');
    expect(valueText('symbol')).toHaveTextContent('Symbol(secret)');
    expect(valueText('instance')).toHaveTextContent('Point {…}');
    expect(valueText('revoked')).toHaveTextContent(/unreadable/);
    expect(valueText('nullProto')).toHaveTextContent('Object: null prototype {}');

    await user.click(within(node('circular')).getByRole('button', { name: 'Expand circular' }));
    expect(within(node('self')).getByText('[Circular]')).toBeInTheDocument();

    await user.click(within(node('throwing')).getByRole('button', { name: 'Expand throwing' }));
    expect(valueText('boom')).toHaveTextContent('unreadable (getter exploded)');

    await user.click(within(node('map')).getByRole('button', { name: 'Expand map' }));
    expect(valueText('"a"')).toHaveTextContent('1');
    expect(valueText('{…}')).toHaveTextContent('"object key"');
    expect(await axeViolations(container)).toEqual([]);
  });

  it('given a Promise, a WeakMap and a WeakRef, should show each as its class with no keys', () => {
    render(<ToolValue value={{ promise: Promise.resolve(1), weak: new WeakMap(), ref: new WeakRef({}) }} />);
    expect(valueText('promise')).toHaveTextContent('Promise {}');
    expect(valueText('weak')).toHaveTextContent('WeakMap {}');
    expect(valueText('ref')).toHaveTextContent('WeakRef {}');
    expect(toCopyText(Promise.resolve(1))).toBe('{}');
  });

  it('given an HTML string, should show it as text, never markup', () => {
    const { container } = render(<ToolValue value={{ html: '<img src=x onerror="window.__pwned=1">' }} />);
    expect(container.querySelector('img')).toBeNull();
    expect(valueText('html')).toHaveTextContent('"<img src=x onerror="window.__pwned=1">"');
  });

  it('given 5,000 levels of nesting, should open only to the depth cap and expand on demand', async () => {
    const user = userEvent.setup();
    render(<ToolValue value={hostileValues().deep} expandDepth={3} />);
    const toggles = () => screen.getAllByRole('button', { name: /^(Expand|Collapse) / });
    expect(toggles()).toHaveLength(4);
    expect(toggles()[3]).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggles()[3]!);
    expect(toggles()[3]).toHaveAttribute('aria-expanded', 'true');
    expect(toggles()).toHaveLength(5);
  });

  it('given a 10 MB string, should render fast, truncated, with "show more"', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const t0 = performance.now();
    render(<ToolValue value={huge} maxStringLength={1000} />);
    expect(performance.now() - t0).toBeLessThan(1000);
    const text = document.querySelector('[data-se-part="tool-value-text"]')!;
    expect(text.textContent!.length).toBeLessThan(1010);
    const more = screen.getByRole('button', { name: /Show more \(10,484,760 more characters\)/ });
    await userEvent.setup().click(more);
    expect(text.textContent!.length).toBeGreaterThan(10_000);
  });

  it('given a 100k-element array, should render one page fast and add pages on demand', async () => {
    const big = Array.from({ length: 100_000 }, (_, i) => i);
    const t0 = performance.now();
    render(<ToolValue value={big} maxItems={100} />);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(document.querySelectorAll('[data-se-part="tool-value-text"][data-type="number"]')).toHaveLength(100);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show more (99,900 more items)' }));
    expect(document.querySelectorAll('[data-se-part="tool-value-text"][data-type="number"]')).toHaveLength(200);
    expect(screen.getByRole('button', { name: 'Show more (99,800 more items)' })).toBeInTheDocument();
  });
});

describe('ToolValue — copy', () => {
  it('given the Clipboard API works, should copy the value as JSON and confirm', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(() => Promise.resolve());
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard);
    render(<ToolValue value={{ a: 1, n: 2n }} actions={ToolValueCopyButton} />);
    await user.click(screen.getByRole('button', { name: 'Copy value' }));
    expect(writeText).toHaveBeenCalledWith('{\n  "a": 1,\n  "n": 2\n}');
    expect(await screen.findByRole('button', { name: 'Copy value' })).toHaveTextContent('Copied');
  });

  it('given the Clipboard API is refused, should fall back to a selectable text box', async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) } as unknown as Clipboard);
    render(<ToolValue value={{ path: 'a.txt' }} actions={ToolValueCopyButton} />);
    await user.click(screen.getByRole('button', { name: 'Copy path' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Copying was blocked');
    expect(screen.getByRole('textbox', { name: 'Text of path' })).toHaveValue('a.txt');
  });

  it('given the copy button on its own (no ToolValue), should copy in English', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(() => Promise.resolve());
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard);
    render(<ToolValueCopyButton value={[1]} name="list" />);
    await user.click(screen.getByRole('button', { name: 'Copy list' }));
    expect(writeText).toHaveBeenCalledWith('[\n  1\n]');
    expect(await screen.findByRole('button', { name: 'Copy list' })).toHaveTextContent('Copied');
  });

  it('given no actions (the default), should render no copy button', () => {
    render(<ToolValue value={{ a: 1 }} />);
    expect(screen.getByRole('list', { name: 'Value' })).toHaveTextContent('a: 1');
    expect(screen.queryByRole('button', { name: /^Copy/ })).toBeNull();
  });

  it('toCopyText survives cycles and marks what JSON would drop', () => {
    const v: Record<string, unknown> = { u: undefined, f() {}, s: Symbol('q'), d: new Date(0) };
    v.me = v;
    expect(JSON.parse(toCopyText(v))).toEqual({ u: '[undefined]', f: 'ƒ f()', s: 'Symbol(q)', d: '1970-01-01T00:00:00.000Z', me: '[Circular]' });
  });
});

describe('ToolValue — labels', () => {
  const german = {
    value: 'Wert',
    expand: (name?: string) => `${name ?? 'Wert'} aufklappen`,
    collapse: (name?: string) => `${name ?? 'Wert'} zuklappen`,
    childCount: (n: number, keys: boolean) => `${n} ${keys ? 'Schlüssel' : 'Einträge'}`,
    showMoreItems: (n: number) => `${n} weitere anzeigen`,
    showMoreCharacters: (n: number) => `${n} weitere Zeichen`,
    circular: '[Zirkulär]',
    copy: 'Kopieren',
    copied: 'Kopiert',
    copyValue: (name?: string) => `${name ?? 'Wert'} kopieren`,
    copyBlocked: 'Kopieren blockiert',
    copyText: (name?: string) => `Text von ${name ?? 'Wert'}`,
  };

  it('given labels, should show and name every control in their words', async () => {
    const user = userEvent.setup();
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText: () => Promise.reject(new Error('no')) } as unknown as Clipboard);
    const self: Record<string, unknown> = { list: [1, 2, 3, 4], text: 'x'.repeat(20) };
    self.self = self;
    render(<ToolValue value={self} expandDepth={1} maxItems={3} maxStringLength={5} labels={german} actions={ToolValueCopyButton} />);
    expect(screen.getByRole('list', { name: 'Wert' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Wert zuklappen' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'list aufklappen' })).toBeInTheDocument();
    expect(node('list')).toHaveTextContent('4 Einträge');
    expect(screen.getByRole('button', { name: '15 weitere Zeichen' })).toBeInTheDocument();
    expect(node('self')).toHaveTextContent('[Zirkulär]');
    await user.click(screen.getByRole('button', { name: 'list aufklappen' }));
    expect(screen.getByRole('button', { name: '1 weitere anzeigen' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'text kopieren' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Kopieren blockiert');
    expect(screen.getByRole('textbox', { name: 'Text von text' })).toHaveValue('x'.repeat(20));
    expect(screen.getByRole('button', { name: 'Wert kopieren' })).toHaveTextContent('Kopieren');
  });

  it('given a ToolPanel with labels, should use the panel’s words', () => {
    render(
      <ToolPanel
        tool={{ id: 'a', name: 'x', status: 'completed', args: { n: 1 }, result: 2 }}
        defaultOpen
        labels={{ copyValue: (name) => `${name ?? 'Wert'} kopieren` }}
        renderArgs={(args) => <ToolValue value={args} actions={ToolValueCopyButton} />}
      />,
    );
    expect(screen.getByRole('button', { name: 'n kopieren' })).toBeInTheDocument();
  });
});
