import * as React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aiPart, manyTools, seedCalls } from './fixtures';
import { ToolList, ToolListSummary, type ToolRendererProps } from './list';
import type { ToolCall, ToolInput } from './normalize';
import { ToolPanel } from './panel';
import { axeViolations } from './test-utils';

const summary = () => screen.getByRole('status');
const triggers = () => Array.from(document.querySelectorAll<HTMLElement>('[data-se-part="tool-list-items"] > [data-se-part="tool-list-item"] [data-se-part="tool-panel-trigger"]'));
const rows = () => Array.from(document.querySelectorAll<HTMLElement>('[data-se-part="tool-list-item"]'));

/** Settled (non-ticking) items, so only real updates cause commits. */
function settled(n: number): ToolCall[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `t${i}`,
    name: i % 3 ? 'read_file' : 'write_file',
    status: i % 5 === 0 ? 'error' : 'completed',
    args: { i },
    result: i,
    ...(i % 5 === 0 ? { error: `bad ${i}` } : {}),
  }));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ToolList — summary', () => {
  it('given mixed shapes, should count each status in a polite live region and update it', () => {
    const tools: ToolInput[] = [...seedCalls, aiPart('approval-requested'), aiPart('output-available', { id: 'x' })];
    const { rerender } = render(<ToolList tools={tools} />);
    expect(summary()).toHaveTextContent('6 tool calls: 1 pending, 1 running, 1 awaiting approval, 2 completed, 1 error');
    expect(summary()).toHaveAttribute('aria-atomic', 'true');
    const next = tools.slice();
    next[1] = { ...seedCalls[1]!, status: 'completed', result: 0 };
    rerender(<ToolList tools={next} />);
    expect(summary()).toHaveTextContent('6 tool calls: 1 pending, 1 awaiting approval, 3 completed, 1 error');
  });

  it('given items replaced by other ids, appended and removed, should keep counts and rows in step', () => {
    const tools: ToolInput[] = settled(4);
    const { rerender } = render(<ToolList tools={tools} />);
    expect(summary()).toHaveTextContent('4 tool calls: 3 completed, 1 error');
    const swapped = [tools[0]!, { id: 'new', name: 'x', status: 'running' as const }, tools[2]!, tools[3]!];
    rerender(<ToolList tools={swapped} />);
    expect(summary()).toHaveTextContent('4 tool calls: 1 running, 2 completed, 1 error');
    expect(rows()[1]).toHaveAttribute('data-key', 'new');
    rerender(<ToolList tools={[...swapped, aiPart('approval-requested')]} />);
    expect(summary()).toHaveTextContent('5 tool calls: 1 running, 1 awaiting approval, 2 completed, 1 error');
    rerender(<ToolList tools={swapped.slice(1)} />);
    expect(summary()).toHaveTextContent('3 tool calls: 1 running, 2 completed');
    expect(rows().map((r) => r.dataset.key)).toEqual(['new', 't2', 't3']);
  });

  it('given labels, should word the summary, the list and a nested list in them (ToolListSummary too)', () => {
    const german = {
      summaryTotal: (n: number) => `${n} Aufrufe`,
      summaryStatus: { completed: 'fertig' },
      list: 'Werkzeuge',
      childCalls: (tool: string) => `Aufrufe von ${tool}`,
      invalidList: (got: string) => `Keine Liste (${got})`,
    };
    const parent: ToolCall = { id: 'agent', name: 'sub_agent', status: 'running', args: {}, children: [seedCalls[2]!] };
    const { rerender } = render(<ToolList tools={[parent, seedCalls[2]!]} labels={german} />);
    expect(summary()).toHaveTextContent('2 Aufrufe: 1 running, 1 fertig');
    expect(screen.getByRole('list', { name: 'Werkzeuge' })).toBeInTheDocument();
    fireEvent.click(triggers()[0]!);
    expect(screen.getByRole('list', { name: 'Aufrufe von sub_agent' })).toBeInTheDocument();
    rerender(<ToolList tools={null as unknown as ToolInput[]} labels={german} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Keine Liste (null)');
    rerender(<ToolListSummary tools={[seedCalls[2]!]} labels={{ summaryStatus: { completed: 'fertig' } }} />);
    expect(summary()).toHaveTextContent('1 tool call: 1 fertig');
  });

  it('given no tools, should say so and mark the list empty', async () => {
    const { container } = render(<ToolList tools={[]} />);
    expect(summary()).toHaveTextContent('0 tool calls');
    expect(container.firstElementChild).toHaveAttribute('data-empty', '');
    expect(await axeViolations(container)).toEqual([]);
  });

  it('given tools that is not an array, should show an error and keep rendering', () => {
    const { container } = render(<ToolList tools={undefined as unknown as ToolInput[]} />);
    expect(screen.getByRole('alert')).toHaveTextContent('ToolList: `tools` must be an array of tool invocations (got undefined).');
    expect(container.firstElementChild).toHaveAttribute('data-invalid', '');
    expect(summary()).toHaveTextContent('0 tool calls');
  });

  it('given a hostile item that throws on every read, should show it as an error row', () => {
    const hostile = new Proxy({}, { get: () => { throw new Error('no reads'); }, has: () => { throw new Error('no has'); } });
    render(<ToolList tools={[seedCalls[2]!, hostile as ToolInput]} />);
    expect(summary()).toHaveTextContent('2 tool calls: 1 completed, 1 error');
    expect(rows()[1]).toHaveAttribute('data-status', 'error');
    expect(within(rows()[1]!).getByRole('group', { name: 'Error' })).toHaveTextContent('no reads');
  });

  it('given an invalid item, should count it as an error and keep the others working', () => {
    render(<ToolList tools={[seedCalls[2]!, { nope: true } as unknown as ToolInput]} />);
    expect(summary()).toHaveTextContent('2 tool calls: 1 completed, 1 error');
    expect(rows()[1]).toHaveAttribute('data-status', 'error');
    expect(screen.getByText(/toToolInvocation: unknown status/)).toBeInTheDocument();
  });
});

describe('ToolList — renderers and nesting', () => {
  it('given a renderer by tool name and a * fallback, should use them and ToolPanel otherwise', () => {
    const ReadFile = ({ invocation }: ToolRendererProps) => <p>Reading {(invocation.args as { path: string }).path}</p>;
    const tools = [seedCalls[2]!, seedCalls[0]!];
    const { rerender } = render(<ToolList tools={tools} renderers={{ read_file: ReadFile }} />);
    expect(screen.getByText('Reading src/index.ts')).toBeInTheDocument();
    expect(within(rows()[1]!).getByRole('button', { name: /search_docs/ })).toBeInTheDocument();
    const Other = ({ invocation }: ToolRendererProps) => <p>Other: {invocation.name}</p>;
    rerender(<ToolList tools={tools} renderers={{ read_file: ReadFile, '*': Other }} />);
    expect(screen.getByText('Other: search_docs')).toBeInTheDocument();
  });

  it('given nested children, should render them as a nested list using the same renderers', () => {
    const Weather = ({ invocation }: ToolRendererProps) => <p>Weather call {invocation.id}</p>;
    const parent: ToolCall = { id: 'agent', name: 'sub_agent', status: 'running', args: {}, children: [aiPart('output-available', { id: 'w1' }), seedCalls[2]!] };
    render(<ToolList tools={[parent]} renderers={{ get_weather: Weather }} />);
    fireEvent.click(triggers()[0]!);
    const nested = screen.getByRole('list', { name: 'Calls made by sub_agent' });
    expect(within(nested).getByText('Weather call w1')).toBeInTheDocument();
    expect(within(nested).getByRole('button', { name: /read_file/ })).toBeInTheDocument();
  });

  it('given approval inside the list, should call the list’s onApprove with that invocation', async () => {
    const onApprove = vi.fn();
    render(<ToolList tools={[seedCalls[2]!, aiPart('approval-requested', { id: 'needs-ok' })]} onApprove={onApprove} onDeny={vi.fn()} />);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Approve' }));
    expect(onApprove).toHaveBeenCalledWith(expect.objectContaining({ id: 'needs-ok' }), {});
  });
});

describe('ToolList — keyboard', () => {
  it('given focus on a panel trigger, arrows, Home and End should move between panels', async () => {
    const user = userEvent.setup();
    render(<ToolList tools={settled(5)} />);
    triggers()[0]!.focus();
    await user.keyboard('{ArrowDown}');
    expect(triggers()[1]).toHaveFocus();
    await user.keyboard('{End}');
    expect(triggers()[4]).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(triggers()[4]).toHaveFocus();
    await user.keyboard('{Home}');
    expect(triggers()[0]).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(triggers()[0]).toHaveFocus();
  });

  it('given a virtualised list, End should render and focus the last panel', async () => {
    const user = userEvent.setup();
    render(<ToolList tools={settled(1000)} />);
    expect(document.querySelector('[data-index="999"]')).toBeNull();
    triggers()[0]!.focus();
    await user.keyboard('{End}');
    const focused = document.activeElement!.closest('[data-se-part="tool-list-item"]');
    expect(focused).toHaveAttribute('data-index', '999');
    expect(focused).toHaveAttribute('aria-posinset', '1000');
  });
});

describe('ToolList — scale', () => {
  it('given 10,000 items, should render only a window of rows, quickly, and move it on scroll', () => {
    // Timed against a 20-item list in the same run (the machine is shared, so
    // absolute times vary): 10,000 items must cost about what 20 do.
    const small = manyTools(20);
    render(<ToolList tools={small} />).unmount();
    let t0 = performance.now();
    render(<ToolList tools={small} />).unmount();
    const t20 = performance.now() - t0;
    const tools = manyTools(10_000);
    t0 = performance.now();
    const { container } = render(<ToolList tools={tools} />);
    const t10k = performance.now() - t0;
    expect(t10k).toBeLessThan(3 * t20 + 50);
    expect(container.firstElementChild).toHaveAttribute('data-virtualized', '');
    expect(rows().length).toBeGreaterThan(5);
    expect(rows().length).toBeLessThan(40);
    expect(rows()[0]).toHaveAttribute('aria-setsize', '10000');
    const viewport = container.querySelector<HTMLElement>('[data-se-part="tool-list-viewport"]')!;
    viewport.scrollTop = 44 * 5000;
    fireEvent.scroll(viewport);
    const first = Number(rows()[0]!.dataset.index);
    expect(first).toBeGreaterThan(4900);
    expect(first).toBeLessThan(5001);
    const padding = parseFloat(container.querySelector<HTMLElement>('[data-se-part="tool-list-items"]')!.style.paddingTop);
    expect(padding).toBe(first * 44);
  });

  it.each([
    ['plain', 50],
    ['virtualised', 2000],
  ])('given a %s list, updating one item should re-render only that panel (React Profiler)', (_kind, n) => {
    const commits = new Map<string, number>();
    const onRender = (id: string) => commits.set(id, (commits.get(id) ?? 0) + 1);
    // Every row is a Profiler around the default ToolPanel.
    const Profiled = ({ invocation, tool }: ToolRendererProps) => (
      <React.Profiler id={invocation.id} onRender={onRender}>
        <ToolPanel tool={tool} />
      </React.Profiler>
    );
    const renderers = { '*': Profiled };
    const tools = settled(n);
    const { rerender } = render(<ToolList tools={tools} renderers={renderers} onApprove={() => undefined} />);
    const mounted = commits.size;
    expect(mounted).toBeGreaterThan(5);
    commits.clear();
    const next = tools.slice();
    next[3] = { ...tools[3]!, status: 'running', result: undefined };
    // A new callback identity must not matter either.
    rerender(<ToolList tools={next} renderers={renderers} onApprove={() => undefined} />);
    expect([...commits.keys()]).toEqual(['t3']);
    expect(rows()[3]).toHaveAttribute('data-status', 'running');
  });

  it('given duplicate ids, should render every item without key warnings', () => {
    const spy = vi.spyOn(console, 'error');
    render(<ToolList tools={[seedCalls[2]!, seedCalls[2]!, seedCalls[0]!]} />);
    expect(rows()).toHaveLength(3);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe('ToolList — resources and accessibility', () => {
  it('given StrictMode, mount, unmount and remount should leave no ResizeObserver connected', () => {
    let live = 0;
    let observing = 0;
    class FakeResizeObserver {
      constructor() {
        live++;
      }
      observe() {
        observing++;
      }
      unobserve() {
        observing--;
      }
      disconnect() {
        live--;
        observing = 0;
      }
    }
    vi.stubGlobal('ResizeObserver', FakeResizeObserver);
    const tree = (
      <React.StrictMode>
        <ToolList tools={settled(300)} />
      </React.StrictMode>
    );
    const first = render(tree);
    expect(live).toBe(1);
    expect(observing).toBeGreaterThan(5);
    first.unmount();
    expect(live).toBe(0);
    const second = render(tree);
    expect(live).toBe(1);
    second.unmount();
    expect(live).toBe(0);
  });

  it('given a list of every state, should have no axe violations', async () => {
    const tools: ToolInput[] = [...seedCalls, aiPart('approval-requested'), aiPart('output-denied'), { ...seedCalls[1]!, id: 'p', children: [aiPart('output-error')] }];
    const { container } = render(<ToolList tools={tools} onApprove={vi.fn()} onDeny={vi.fn()} />);
    act(() => triggers().forEach((t) => t.getAttribute('aria-expanded') === 'false' && t.click()));
    expect(await axeViolations(container)).toEqual([]);
  });
});
