import * as React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aiPart, aiParts, seedCalls } from './fixtures';
import type { AiToolPart, ToolInput } from './normalize';
import {
  ToolPanel,
  ToolPanelArgs,
  ToolPanelContent,
  ToolPanelDuration,
  ToolPanelHeader,
  ToolPanelStatus,
  ToolPanelTitle,
  ToolPanelTrigger,
} from './panel';
import { axeViolations } from './test-utils';

const trigger = () => document.querySelector<HTMLButtonElement>('[data-se-part="tool-panel-trigger"]')!;
const openPanel = async (user = userEvent.setup()) => {
  const t = document.querySelector<HTMLButtonElement>('[data-se-part="tool-panel-trigger"]')!;
  if (t.getAttribute('aria-expanded') !== 'true') await user.click(t);
  return user;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('ToolPanel — seed shape', () => {
  it('given a completed call, should show name, status label, input and output when opened', async () => {
    render(<ToolPanel tool={seedCalls[2]!} />);
    const t = trigger();
    expect(t).toHaveAccessibleName(/^read_file.*Completed$/);
    expect(t).toHaveAttribute('aria-expanded', 'false');
    await openPanel();
    const input = screen.getByRole('group', { name: 'Input' });
    expect(within(input).getByText('path:')).toBeInTheDocument();
    expect(within(input).getByText('"src/index.ts"')).toBeInTheDocument();
    const output = screen.getByRole('group', { name: 'Output' });
    expect(within(output).getByText('120')).toBeInTheDocument();
    expect(document.querySelector('[data-se-part="tool-panel"]')).toHaveAttribute('data-status', 'completed');
    expect(document.querySelector('[data-se-part="tool-panel"]')).toHaveAttribute('data-state', 'open');
  });

  it('given each seed status, should label the badge with text', () => {
    const labels = ['Pending', 'Running', 'Completed', 'Error'];
    seedCalls.forEach((call, i) => {
      const { unmount } = render(<ToolPanel tool={call} />);
      const badge = document.querySelector('[data-se-part="tool-panel-status"]')!;
      expect(badge).toHaveTextContent(labels[i]!);
      expect(badge).toHaveAttribute('data-status', call.status);
      unmount();
    });
  });

  it('given an error, should open by itself and show the message as text', () => {
    render(<ToolPanel tool={seedCalls[3]!} />);
    expect(trigger()).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('group', { name: 'Error' })).toHaveTextContent('EACCES: permission denied');
  });

  it('given a completed call without a result, should say so instead of hiding it', async () => {
    render(<ToolPanel tool={{ id: 'a', name: 'noop', status: 'completed', args: {} }} />);
    await openPanel();
    expect(screen.getByText('No output')).toBeInTheDocument();
  });
});

describe('ToolPanel — AI SDK parts', () => {
  const expectations: Record<string, RegExp> = {
    'input-streaming': /Receiving input/,
    'input-available': /Running/,
    'approval-requested': /Awaiting approval/,
    'approval-responded': /Approved/,
    'output-available': /Completed/,
    'output-error': /Error/,
    'output-denied': /Denied/,
  };
  it.each(aiParts.map((p) => [p.type, p.state, p] as const))('given %s in %s, should show its name and status label', (_type, state, part) => {
    render(<ToolPanel tool={part} defaultOpen />);
    const name = part.type === 'dynamic-tool' ? 'web_search' : 'get_weather';
    expect(trigger()).toHaveAccessibleName(new RegExp(name));
    expect(document.querySelector('[data-se-part="tool-panel-status"]')).toHaveTextContent(expectations[state]!);
  });

  it('given input-streaming with no input yet, should wait instead of crashing', () => {
    render(<ToolPanel tool={aiPart('input-streaming', { dynamic: true })} defaultOpen />);
    expect(screen.getByText('Waiting for input…')).toBeInTheDocument();
  });

  it('given partial streamed input, should show what has arrived', () => {
    render(<ToolPanel tool={aiPart('input-streaming')} defaultOpen />);
    expect(within(screen.getByRole('group', { name: 'Input' })).getByText('"Ber"')).toBeInTheDocument();
  });

  it('given raw streamed text only, should show it as text', () => {
    render(<ToolPanel tool={{ type: 'tool-x', toolCallId: 'r', state: 'input-streaming', rawInput: '{"path": "<b>' }} defaultOpen />);
    expect(screen.getByText('{"path": "<b>')).toBeInTheDocument();
    expect(document.querySelector('b')).toBeNull();
  });

  it('given a title, provider execution and preliminary output, should show them as text markers', () => {
    render(<ToolPanel tool={{ ...aiPart('output-available'), title: 'Weather lookup', providerExecuted: true, preliminary: true }} defaultOpen />);
    expect(trigger()).toHaveAccessibleName(/Weather lookup.*Running.*Provider-executed.*Preliminary/);
    expect(screen.getByRole('group', { name: 'Output (preliminary)' })).toHaveAttribute('data-preliminary', '');
  });

  it('given output-denied, should show the denial and its reason', () => {
    render(<ToolPanel tool={aiPart('output-denied')} defaultOpen />);
    expect(screen.getByRole('group', { name: 'Approval' })).toHaveTextContent('Denied: Not on a weekday');
  });

  it('given output-error, should show errorText', () => {
    render(<ToolPanel tool={aiPart('output-error')} />);
    expect(screen.getByRole('group', { name: 'Error' })).toHaveTextContent('Upstream API timed out after 30 s');
  });

  it('given a failure without a message, should say the tool failed, in the labels’ words', () => {
    const { errorText: _, ...silent } = aiPart('output-error');
    const { unmount } = render(<ToolPanel tool={silent} />);
    expect(screen.getByRole('group', { name: 'Error' })).toHaveTextContent('The tool failed');
    unmount();
    render(<ToolPanel tool={{ id: 'a', name: 'x', status: 'error' }} labels={{ toolFailed: 'Fehlgeschlagen' }} />);
    expect(screen.getByRole('group', { name: 'Error' })).toHaveTextContent('Fehlgeschlagen');
  });
});

describe('ToolPanel — falsy outputs', () => {
  it.each([
    [0, '0', 'number'],
    [false, 'false', 'boolean'],
    ['', '""', 'string'],
    [null, 'null', 'null'],
    [undefined, 'undefined', 'undefined'],
  ])('given output %j, should show %s distinctly', (output, text, type) => {
    render(<ToolPanel tool={{ type: 'tool-x', toolCallId: 'f', state: 'output-available', input: {}, output }} defaultOpen />);
    const group = screen.getByRole('group', { name: 'Output' });
    const value = group.querySelector('[data-se-part="tool-value-text"]')!;
    expect(value).toHaveTextContent(text);
    expect(value).toHaveAttribute('data-type', type);
  });
});

describe('ToolPanel — approval', () => {
  it('given approval is requested, should open and call onApprove with the invocation', async () => {
    const onApprove = vi.fn();
    const user = userEvent.setup();
    render(<ToolPanel tool={aiPart('approval-requested')} onApprove={onApprove} onDeny={vi.fn()} />);
    expect(trigger()).toHaveAttribute('aria-expanded', 'true');
    const approve = screen.getByRole('button', { name: 'Approve' });
    await user.click(approve);
    expect(onApprove).toHaveBeenCalledTimes(1);
    expect(onApprove.mock.calls[0]![0]).toMatchObject({ id: 'static-approval-requested', approval: { id: 'approval-static-approval-requested' } });
    expect(approve).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Deny' })).toBeDisabled();
  });

  it('given a reason, should pass it to onDeny; keyboard only', async () => {
    const onDeny = vi.fn();
    const user = userEvent.setup();
    render(<ToolPanel tool={aiPart('approval-requested')} onApprove={vi.fn()} onDeny={onDeny} />);
    screen.getByRole('textbox', { name: 'Reason (optional)' }).focus();
    await user.keyboard('too risky');
    await user.tab();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Deny' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onDeny).toHaveBeenCalledWith('too risky', expect.objectContaining({ status: 'approval-requested' }));
  });

  it('given a pending response, should keep focus in the group while its buttons are disabled', async () => {
    const user = userEvent.setup();
    render(<ToolPanel tool={aiPart('approval-requested')} onApprove={() => new Promise(() => {})} onDeny={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(screen.getByRole('group', { name: 'Approval' })).toHaveFocus();
  });

  it('given onApprove rejects, should re-enable the buttons and show why', async () => {
    const user = userEvent.setup();
    render(<ToolPanel tool={aiPart('approval-requested')} onApprove={() => Promise.reject(new Error('offline'))} onDeny={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not send the response: offline');
    expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
  });

  it('given onDeny throws, should fail like a rejection: buttons enabled again, the reason shown', async () => {
    const user = userEvent.setup();
    const onDeny = () => {
      throw new Error('offline');
    };
    render(<ToolPanel tool={aiPart('approval-requested')} onApprove={vi.fn()} onDeny={onDeny} />);
    await user.click(screen.getByRole('button', { name: 'Deny' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not send the response: offline');
    expect(screen.getByRole('button', { name: 'Deny' })).toBeEnabled();
  });

  it('given the part moves on to approval-responded, should show the decision', () => {
    const { rerender } = render(<ToolPanel tool={aiPart('approval-requested')} onApprove={vi.fn()} />);
    rerender(<ToolPanel tool={aiPart('approval-responded')} onApprove={vi.fn()} />);
    expect(screen.getByRole('group', { name: 'Approval' })).toHaveTextContent('Approved — waiting for the tool…');
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });
});

describe('ToolPanel — open state', () => {
  it('given a running tool that later fails, should auto-open', () => {
    const part = aiPart('input-available');
    const { rerender } = render(<ToolPanel tool={part} />);
    expect(trigger()).toHaveAttribute('aria-expanded', 'false');
    rerender(<ToolPanel tool={aiPart('output-error')} />);
    expect(trigger()).toHaveAttribute('aria-expanded', 'true');
  });

  it('given the user collapsed it by hand, should not auto-open on approval or error', async () => {
    const user = userEvent.setup();
    const { rerender } = render(<ToolPanel tool={aiPart('input-available')} defaultOpen />);
    await user.click(trigger());
    expect(trigger()).toHaveAttribute('aria-expanded', 'false');
    rerender(<ToolPanel tool={aiPart('approval-requested')} />);
    expect(trigger()).toHaveAttribute('aria-expanded', 'false');
    rerender(<ToolPanel tool={aiPart('output-error')} />);
    expect(trigger()).toHaveAttribute('aria-expanded', 'false');
  });

  it('given controlled open, should report changes with a reason', async () => {
    const onOpenChange = vi.fn();
    const user = userEvent.setup();
    const { rerender } = render(<ToolPanel tool={aiPart('input-available')} open={false} onOpenChange={onOpenChange} />);
    await user.click(trigger());
    expect(onOpenChange).toHaveBeenLastCalledWith(true, { reason: 'trigger' });
    expect(trigger()).toHaveAttribute('aria-expanded', 'false');
    rerender(<ToolPanel tool={aiPart('approval-requested')} open={false} onOpenChange={onOpenChange} />);
    expect(onOpenChange).toHaveBeenLastCalledWith(true, { reason: 'approval-requested' });
  });

  it('given autoOpen={false}, should stay closed on error', () => {
    render(<ToolPanel tool={aiPart('output-error')} autoOpen={false} />);
    expect(trigger()).toHaveAttribute('aria-expanded', 'false');
  });

  it('given a user click handler that prevents default, should not toggle', async () => {
    const user = userEvent.setup();
    render(
      <ToolPanel tool={seedCalls[2]!}>
        <ToolPanelTrigger onClick={(e) => e.preventDefault()} />
        <ToolPanelContent>body</ToolPanelContent>
      </ToolPanel>,
    );
    await user.click(trigger());
    expect(trigger()).toHaveAttribute('aria-expanded', 'false');
  });
});

describe('ToolPanel — robustness', () => {
  it('given a value of neither shape, should render an error state that keeps the value', () => {
    render(<ToolPanel tool={{ status: 'weird', payload: 42 } as unknown as ToolInput} />);
    const root = document.querySelector('[data-se-part="tool-panel"]')!;
    expect(root).toHaveAttribute('data-status', 'error');
    expect(root).toHaveAttribute('data-invalid', '');
    expect(screen.getByRole('group', { name: 'Error' })).toHaveTextContent(/unknown status "weird"/);
    expect(within(screen.getByRole('group', { name: 'Received' })).getByText('42')).toBeInTheDocument();
  });

  it('given renderArgs and renderResult, should use them', () => {
    render(
      <ToolPanel
        tool={aiPart('output-available')}
        defaultOpen
        renderArgs={(args) => <span>city is {(args as { city: string }).city}</span>}
        renderResult={(result, inv) => <span>{`${inv.name}: ${(result as { temperature: number }).temperature}°`}</span>}
      />,
    );
    expect(screen.getByText('city is Berlin')).toBeInTheDocument();
    expect(screen.getByText('get_weather: 0°')).toBeInTheDocument();
  });

  it('given a new renderResult, should use it in the same render', () => {
    const tool = aiPart('output-available');
    const { rerender } = render(<ToolPanel tool={tool} defaultOpen renderResult={() => <span>first</span>} />);
    expect(screen.getByText('first')).toBeInTheDocument();
    rerender(<ToolPanel tool={tool} defaultOpen renderResult={() => <span>second</span>} />);
    expect(screen.getByText('second')).toBeInTheDocument();
  });

  it('given nested children, should render them as panels', () => {
    render(<ToolPanel tool={{ ...seedCalls[2]!, children: [aiPart('output-error', { id: 'child-1' })] }} defaultOpen />);
    const nested = screen.getByRole('list', { name: 'Calls made by read_file' });
    expect(within(nested).getByRole('group', { name: 'Error' })).toHaveTextContent('Upstream API timed out');
  });

  it('given a part outside ToolPanel, should throw a message naming both', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => render(<ToolPanelStatus />)).toThrow('`ToolPanelStatus` must be used within `ToolPanel`');
    spy.mockRestore();
  });

  it('every part forwards its ref, spreads props and merges className', () => {
    const refs = { root: React.createRef<HTMLDivElement>(), header: React.createRef<HTMLDivElement>(), title: React.createRef<HTMLSpanElement>(), args: React.createRef<HTMLDivElement>() };
    render(
      <ToolPanel tool={seedCalls[2]!} ref={refs.root} className="root" data-testid="root" defaultOpen>
        <ToolPanelHeader ref={refs.header} className="h" aria-label="head">
          <ToolPanelTrigger className="t">
            <ToolPanelTitle ref={refs.title} className="title" />
          </ToolPanelTrigger>
        </ToolPanelHeader>
        <ToolPanelContent>
          <ToolPanelArgs ref={refs.args} className="args" id="args" />
        </ToolPanelContent>
      </ToolPanel>,
    );
    expect(refs.root.current).toHaveAttribute('data-testid', 'root');
    expect(refs.root.current).toHaveClass('root');
    expect(refs.header.current).toHaveAttribute('aria-label', 'head');
    expect(refs.title.current).toHaveClass('title');
    expect(refs.title.current).toHaveAttribute('data-status', 'completed');
    expect(refs.args.current).toHaveAttribute('id', 'args');
    expect(refs.args.current).toHaveClass('args');
  });
});

describe('ToolPanelDuration', () => {
  it('given a running tool, should tick, then freeze when it completes', () => {
    vi.useFakeTimers({ now: 10_000 });
    const running: AiToolPart = aiPart('input-available');
    const withDuration = (tool: AiToolPart) => (
      <ToolPanel tool={tool}>
        <ToolPanelDuration />
      </ToolPanel>
    );
    const { rerender } = render(withDuration(running));
    const duration = () => document.querySelector('[data-se-part="tool-panel-duration"]');
    expect(duration()).toHaveTextContent('0.0s');
    expect(duration()).toHaveAttribute('data-ticking', '');
    act(() => void vi.advanceTimersByTime(2_500));
    expect(duration()).toHaveTextContent('2.5s');
    rerender(withDuration(aiPart('output-available')));
    expect(duration()).toHaveTextContent('2.5s');
    expect(duration()).not.toHaveAttribute('data-ticking');
    act(() => void vi.advanceTimersByTime(5_000));
    expect(duration()).toHaveTextContent('2.5s');
  });

  it('given the default composition, should show no duration (it is an opt-in part)', () => {
    render(<ToolPanel tool={seedCalls[2]!} />);
    expect(screen.getByRole('button', { name: /read_file/ })).toBeInTheDocument();
    expect(document.querySelector('[data-se-part="tool-panel-duration"]')).toBeNull();
  });

  it('given a part first seen completed without timestamps, should show no duration', () => {
    render(
      <ToolPanel tool={aiPart('output-available')}>
        <ToolPanelDuration />
      </ToolPanel>,
    );
    expect(document.querySelector('[data-se-part="tool-panel-duration"]')).toBeNull();
  });

  it('given a custom format, should use it', () => {
    render(
      <ToolPanel tool={seedCalls[2]!}>
        <ToolPanelDuration format={(ms) => `${ms} ms`} />
      </ToolPanel>,
    );
    expect(screen.getByText('1250 ms')).toBeInTheDocument();
  });
});

describe('ToolPanel — accessibility', () => {
  it('given every state of both shapes, opened, should have no axe violations', async () => {
    const { container } = render(
      <div>
        {[...seedCalls, ...aiParts].map((tool, i) => (
          <ToolPanel key={i} tool={tool} defaultOpen onApprove={vi.fn()} onDeny={vi.fn()} />
        ))}
      </div>,
    );
    expect(await axeViolations(container)).toEqual([]);
  });

  it('given StrictMode, mount, unmount and remount should leave no timers running', () => {
    vi.useFakeTimers({ now: 0 });
    const tree = (
      <React.StrictMode>
        <ToolPanel tool={aiPart('input-available')}>
          <ToolPanelHeader>
            <ToolPanelTrigger />
            <ToolPanelDuration />
          </ToolPanelHeader>
        </ToolPanel>
      </React.StrictMode>
    );
    const first = render(tree);
    first.unmount();
    expect(vi.getTimerCount()).toBe(0);
    const second = render(tree);
    act(() => void vi.advanceTimersByTime(1_000));
    expect(document.querySelector('[data-se-part="tool-panel-duration"]')).toHaveTextContent('1.0s');
    second.unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('ToolPanelTrigger', () => {
  it('given a click, should toggle the panel and mark it open with Radix data-state, keeping the status in data-status', () => {
    render(<ToolPanel tool={seedCalls[2]!} />);
    const root = document.querySelector('[data-se-part="tool-panel"]')!;
    expect(root).toHaveAttribute('data-state', 'closed');
    expect(trigger()).toHaveAttribute('data-state', 'closed');
    fireEvent.click(trigger());
    expect(trigger()).toHaveAttribute('aria-expanded', 'true');
    for (const el of [root, trigger(), document.querySelector('[data-se-part="tool-panel-content"]')!]) {
      expect(el).toHaveAttribute('data-state', 'open');
      expect(el).toHaveAttribute('data-status', 'completed');
    }
    for (const part of ['tool-panel-header', 'tool-panel-title', 'tool-panel-status', 'tool-panel-args', 'tool-panel-result']) {
      expect(document.querySelector(`[data-se-part="${part}"]`)).toHaveAttribute('data-status', 'completed');
    }
  });

  it('given an open panel, should name the content in aria-controls (only while it is rendered)', () => {
    render(<ToolPanel tool={seedCalls[2]!} />);
    expect(trigger()).not.toHaveAttribute('aria-controls');
    fireEvent.click(trigger());
    const content = document.querySelector('[data-se-part="tool-panel-content"]')!;
    expect(content.id).not.toBe('');
    expect(trigger()).toHaveAttribute('aria-controls', content.id);
  });

  it('given asChild, should make the child element the trigger', () => {
    render(
      <ToolPanel tool={seedCalls[2]!}>
        <ToolPanelHeader>
          <ToolPanelTrigger asChild>
            <a href="#details">Details</a>
          </ToolPanelTrigger>
        </ToolPanelHeader>
        <ToolPanelContent>body</ToolPanelContent>
      </ToolPanel>,
    );
    const link = screen.getByRole('link', { name: 'Details' });
    expect(link).toHaveAttribute('data-se-part', 'tool-panel-trigger');
    fireEvent.click(link);
    expect(link).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByText('body')).toBeVisible();
  });
});

describe('ToolPanelContent', () => {
  it('given forceMount, should keep the content in the document while closed, hidden and empty', () => {
    render(
      <ToolPanel tool={seedCalls[2]!}>
        <ToolPanelTrigger />
        <ToolPanelContent forceMount>body</ToolPanelContent>
      </ToolPanel>,
    );
    const content = document.querySelector('[data-se-part="tool-panel-content"]')!;
    expect(content).toHaveAttribute('hidden');
    expect(content).toHaveAttribute('data-state', 'closed');
    expect(content).toBeEmptyDOMElement();
    fireEvent.click(trigger());
    expect(content).not.toHaveAttribute('hidden');
    expect(content).toHaveTextContent('body');
  });
});
