import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as React from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransport, type MemoryTransport } from '../transport/memory';
import { SandboxProvider } from '../transport/provider';
import { ComputerUseActions } from './actions';
import type { ComputerUseControl, ComputerUseMode } from './context';
import { ComputerUseDisplay } from './display';
import { ComputerUseProvider } from './provider';
import { stubCanvas } from './test-utils';
import { ComputerUseToolbar } from './toolbar';

vi.mock('./decode', () => ({ decodeFrame: async () => ({ width: 1280, height: 800, close() {} }) }));
beforeEach(() => {
  stubCanvas();
});

function renderParts(opts: { transport?: MemoryTransport; control?: ComputerUseControl; onModeChange?: (m: ComputerUseMode, d: unknown) => void; onControlChange?: (c: ComputerUseControl, d: unknown) => void; children?: React.ReactNode } = {}) {
  const transport = opts.transport ?? createMemoryTransport();
  const utils = render(
    <SandboxProvider transport={transport} sandboxId="abc123">
      <ComputerUseProvider defaultControl={opts.control ?? 'user'} onModeChange={opts.onModeChange} onControlChange={opts.onControlChange}>
        {opts.children ?? (
          <>
            <ComputerUseToolbar />
            <ComputerUseActions />
          </>
        )}
      </ComputerUseProvider>
    </SandboxProvider>,
  );
  return { ...utils, transport };
}

describe('ComputerUseToolbar', () => {
  it('should be a radio group of modes with one tab stop and data-state per item', () => {
    renderParts();
    const group = screen.getByRole('radiogroup', { name: 'Input mode' });
    const radios = screen.getAllByRole('radio');
    expect(group).toBeInTheDocument();
    expect(radios.map((r) => r.textContent)).toEqual(['View', 'Click', 'Move', 'Drag', 'Scroll', 'Type']);
    expect(screen.getByRole('radio', { name: 'Click' })).toHaveAttribute('aria-checked', 'true');
    expect(screen.getByRole('radio', { name: 'Click' })).toHaveAttribute('data-state', 'on');
    expect(screen.getByRole('radio', { name: 'View' })).toHaveAttribute('data-state', 'off');
    expect(radios.filter((r) => r.tabIndex === 0)).toHaveLength(1);
  });

  it('given arrow keys, should move focus and select, wrapping around, with the reason', async () => {
    const onModeChange = vi.fn();
    renderParts({ onModeChange });
    const user = userEvent.setup();
    screen.getByRole('radio', { name: 'Click' }).focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('radio', { name: 'Move' })).toHaveFocus();
    expect(screen.getByRole('radio', { name: 'Move' })).toHaveAttribute('aria-checked', 'true');
    expect(onModeChange).toHaveBeenLastCalledWith('move', expect.objectContaining({ reason: 'keyboard' }));
    await user.keyboard('{ArrowLeft}{ArrowLeft}{ArrowLeft}');
    expect(screen.getByRole('radio', { name: 'Type' })).toHaveFocus();
    await user.keyboard('{Home}');
    expect(screen.getByRole('radio', { name: 'View' })).toHaveAttribute('aria-checked', 'true');
    await user.click(screen.getByRole('radio', { name: 'Scroll' }));
    expect(onModeChange).toHaveBeenLastCalledWith('scroll', expect.objectContaining({ reason: 'toolbar' }));
  });

  it('should hand control to the agent and take it back', async () => {
    const onControlChange = vi.fn();
    renderParts({ onControlChange });
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Hand to agent' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Hand to agent' }));
    expect(onControlChange).toHaveBeenLastCalledWith('agent', expect.objectContaining({ reason: 'hand-off' }));
    expect(screen.getByRole('toolbar')).toHaveAttribute('data-control', 'agent');
    await user.click(screen.getByRole('button', { name: 'Take control' }));
    expect(onControlChange).toHaveBeenLastCalledWith('user', expect.objectContaining({ reason: 'take-control' }));
  });

  it('Refresh should fetch a new frame for the display', async () => {
    const { transport } = renderParts({
      children: (
        <>
          <ComputerUseToolbar />
          <ComputerUseDisplay refreshIntervalMs={0} />
        </>
      ),
    });
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByRole('application')).toHaveAttribute('data-status', 'live'));
    expect(transport.stats().calls['computerUse.screenshot']).toBe(1);
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(transport.stats().calls['computerUse.screenshot']).toBe(2));
  });
});

describe('ComputerUseActions', () => {
  it('should type the field on Enter with delayMs, then clear it', async () => {
    const transport = createMemoryTransport();
    renderParts({ transport, children: <ComputerUseActions delayMs={12} /> });
    const user = userEvent.setup();
    const field = screen.getByRole('textbox', { name: 'Text to type' });
    await waitFor(() => expect(field).toBeEnabled());
    await user.type(field, 'echo hi{Enter}');
    await waitFor(() => expect(transport.inspect().actions).toEqual([{ type: 'type', text: 'echo hi', delayMs: 12 }]));
    await waitFor(() => expect(field).toHaveValue(''));
  });

  it('quick keys and hotkeys should send press and hotkey actions', async () => {
    const transport = createMemoryTransport();
    renderParts({ transport });
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Enter' })).toBeEnabled());
    const keys = screen.getByRole('group', { name: 'Keys' });
    expect([...keys.querySelectorAll('button')].map((b) => b.getAttribute('data-key'))).toEqual([
      'Return', 'Tab', 'Escape', 'BackSpace', 'Delete', 'Up', 'Down', 'Left', 'Right', 'Home', 'End', 'Page_Up', 'Page_Down',
    ]);
    await user.click(screen.getByRole('button', { name: 'Enter' }));
    await user.click(screen.getByRole('button', { name: 'Copy' }));
    await user.click(screen.getByRole('button', { name: 'Terminal' }));
    await waitFor(() =>
      expect(transport.inspect().actions).toEqual([
        { type: 'press', key: 'Return' },
        { type: 'hotkey', keys: 'ctrl+c' },
        { type: 'hotkey', keys: 'ctrl+alt+t' },
      ]),
    );
  });

  it('given custom hotkeys, should show only those', () => {
    renderParts({ children: <ComputerUseActions hotkeys={[{ keys: 'ctrl+shift+p', label: 'Palette' }]} quickKeys={[]} /> });
    const group = screen.getByRole('group', { name: 'Shortcuts' });
    expect(group.querySelectorAll('button')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Palette' })).toHaveAttribute('data-keys', 'ctrl+shift+p');
  });

  it('given text too long, should show the error and keep the text', async () => {
    const transport = createMemoryTransport();
    render(
      <SandboxProvider transport={transport} sandboxId="abc123">
        <ComputerUseProvider maxTextLength={5}>
          <ComputerUseActions />
        </ComputerUseProvider>
      </SandboxProvider>,
    );
    const user = userEvent.setup();
    const field = screen.getByRole('textbox', { name: 'Text to type' });
    await waitFor(() => expect(field).toBeEnabled());
    await user.type(field, 'too long{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('type.text is 8 characters; the limit is 5');
    expect(field).toHaveValue('too long');
    expect(transport.inspect().actions).toEqual([]);
  });

  it('given the agent in control, everything should be disabled', async () => {
    renderParts({ control: 'agent' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Take control' })).toBeEnabled());
    const panel = screen.getByRole('group', { name: 'Keyboard' });
    expect(panel).toHaveAttribute('data-disabled', '');
    expect(screen.getByRole('textbox', { name: 'Text to type' })).toBeDisabled();
    for (const button of panel.querySelectorAll('button')) expect(button).toBeDisabled();
    await act(async () => {
      screen.getByRole('button', { name: 'Take control' }).click();
    });
    expect(panel).not.toHaveAttribute('data-disabled');
    expect(screen.getByRole('button', { name: 'Copy' })).toBeEnabled();
  });

  it('should spread props, merge className and forward refs', () => {
    const toolbarRef = React.createRef<HTMLDivElement>();
    const actionsRef = React.createRef<HTMLDivElement>();
    renderParts({
      children: (
        <>
          <ComputerUseToolbar ref={toolbarRef} className="t" data-testid="t" />
          <ComputerUseActions ref={actionsRef} className="a" data-testid="a" />
        </>
      ),
    });
    expect(toolbarRef.current).toBe(screen.getByTestId('t'));
    expect(actionsRef.current).toBe(screen.getByTestId('a'));
    expect(screen.getByTestId('t')).toHaveClass('t');
    expect(screen.getByTestId('t')).toHaveAttribute('data-se-part', 'computer-use-toolbar');
    expect(screen.getByTestId('a')).toHaveAttribute('data-se-part', 'computer-use-actions');
  });

  it('outside ComputerUseProvider, parts should throw a clear error', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<ComputerUseToolbar />)).toThrow('`ComputerUseToolbar` must be used within `ComputerUseProvider`');
    expect(() => render(<ComputerUseActions />)).toThrow('`ComputerUseActions` must be used within `ComputerUseProvider`');
    vi.restoreAllMocks();
  });
});
