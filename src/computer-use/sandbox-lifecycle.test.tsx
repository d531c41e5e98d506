import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import * as React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransport, type MemoryTransport, type MemoryTransportOptions } from '../transport/memory';
import { SandboxProvider } from '../transport/provider';
import type { SandboxState } from '../transport/types';
import { ComputerUseActions } from './actions';
import { ComputerUseDisplay } from './display';
import { ComputerUseProvider, ComputerUseRoot } from './provider';
import { ComputerUseControlButton, ComputerUseRefreshButton, ComputerUseToolbar } from './toolbar';
import { stubCanvas } from './test-utils';

vi.mock('./decode', () => ({ decodeFrame: async () => ({ width: 1280, height: 800, close() {} }) }));

beforeEach(() => {
  stubCanvas();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function desktop(state: SandboxState, options: MemoryTransportOptions = {}, errorReason?: string) {
  const transport = createMemoryTransport({ logIntervalMs: 0, transitionMs: 300, ...options, sandboxes: [{ id: 'abc123', state, ...(errorReason ? { errorReason } : {}) }] });
  const utils = render(
    <React.StrictMode>
      <SandboxProvider transport={transport} sandboxId="abc123">
        <ComputerUseProvider>
          <ComputerUseRoot>
            <ComputerUseToolbar />
            <ComputerUseDisplay refreshIntervalMs={0} />
            <ComputerUseActions />
          </ComputerUseRoot>
        </ComputerUseProvider>
      </SandboxProvider>
    </React.StrictMode>,
  );
  const display = screen.getByRole('application', { name: 'Sandbox desktop' });
  return { ...utils, transport, display };
}

describe('ComputerUse and the sandbox lifecycle (#18)', () => {
  it('given a stopped sandbox, should say so instead of the transport error, offer Start, and show starting, then the live desktop', async () => {
    const { display, transport } = desktop('stopped');
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'unavailable'));
    expect(display).toHaveAttribute('data-sandbox-state', 'stopped');
    expect(screen.getByRole('group', { name: 'Computer use' })).toHaveAttribute('data-status', 'unavailable');
    expect(screen.getByRole('status')).toHaveTextContent('Sandbox abc123 is stopped.');
    expect(screen.queryByText(/Computer use is not running/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeDisabled();
    expect(screen.getByRole('textbox', { name: 'Text to type' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Start sandbox' }));
    expect(await screen.findByText('Sandbox abc123 is starting…')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start sandbox' })).toBeNull();
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'live'));
    expect(display).toHaveAttribute('data-sandbox-state', 'running');
    expect(transport.stats().calls['sandboxes.start']).toBe(1);
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeEnabled();
  });

  it('given an archived sandbox, should offer Restore and show restoring, then the live desktop', async () => {
    const { display } = desktop('archived');
    fireEvent.click(await screen.findByRole('button', { name: 'Restore sandbox' }));
    expect(await screen.findByText('Sandbox abc123 is being restored from the archive…')).toBeInTheDocument();
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'live'));
  });

  it.each([
    ['creating', 'Sandbox abc123 is being created…'],
    ['starting', 'Sandbox abc123 is starting…'],
    ['restoring', 'Sandbox abc123 is being restored from the archive…'],
    ['stopping', 'Sandbox abc123 is stopping…'],
    ['archiving', 'Sandbox abc123 is being archived…'],
    ['deleting', 'Sandbox abc123 is being deleted.'],
  ] as const)('given %s, should show the state and no action', async (state, text) => {
    const { display } = desktop(state);
    await waitFor(() => expect(display).toHaveAttribute('data-sandbox-state', state));
    expect(screen.getByRole('status')).toHaveTextContent(text);
    expect(display.querySelectorAll('button')).toHaveLength(0);
  });

  it('given a sandbox that is starting, should read again by itself and show the desktop once it runs', async () => {
    const { display, transport } = desktop('starting');
    await waitFor(() => expect(display).toHaveAttribute('data-sandbox-state', 'starting'));
    act(() => transport.setSandboxState('abc123', 'running'));
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'live'), { timeout: 5_000 });
  });

  it('given a sandbox in error, should show its reason as an alert and offer Check again', async () => {
    const { display, transport } = desktop('error', {}, 'The disk is full');
    expect(await screen.findByRole('alert')).toHaveTextContent('Sandbox abc123 failed. Reason: The disk is full');
    act(() => transport.setSandboxState('abc123', 'running'));
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'live'));
  });

  it('given a transport without sandboxes.start, should offer Check again for a stopped sandbox, never Start', async () => {
    desktop('stopped', { without: ['sandboxes'] });
    expect(await screen.findByRole('button', { name: 'Check again' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start sandbox' })).toBeNull();
  });

  it('given a live desktop whose sandbox is stopped, should show stopped with Start instead of the screenshot error', async () => {
    const { display, transport } = desktop('running');
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'live'));
    await act(async () => {
      await transport.sandboxes!.stop({ sandboxId: 'abc123' });
    });
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(display).toHaveAttribute('data-sandbox-state', 'stopped'));
    expect(display).toHaveAttribute('data-status', 'unavailable');
    expect(screen.getByRole('button', { name: 'Start sandbox' })).toBeInTheDocument();
  });

  it('given labels, should use them for the state and the actions', async () => {
    const transport = createMemoryTransport({ logIntervalMs: 0, sandboxes: [{ id: 'abc123', state: 'archived' }] });
    render(
      <SandboxProvider transport={transport} sandboxId="abc123">
        <ComputerUseProvider labels={{ sandboxUnavailable: (info) => `Sandbox ${info.id}: ${info.state}`, restoreSandbox: 'Wiederherstellen' }}>
          <ComputerUseDisplay />
        </ComputerUseProvider>
      </SandboxProvider>,
    );
    expect(await screen.findByRole('button', { name: 'Wiederherstellen' })).toBeInTheDocument();
    expect(screen.getByText('Sandbox abc123: archived')).toBeInTheDocument();
  });
});

describe('ComputerUse toolbar buttons as parts (asChild)', () => {
  it('given asChild, should render the user element with the part behaviour; preventDefault should skip it', async () => {
    const transport = createMemoryTransport({ logIntervalMs: 0 });
    const onControlChange = vi.fn();
    render(
      <SandboxProvider transport={transport} sandboxId="abc123">
        <ComputerUseProvider onControlChange={onControlChange}>
          <ComputerUseControlButton asChild>
            <a href="#control" className="mine">
              Hand over
            </a>
          </ComputerUseControlButton>
          <ComputerUseRefreshButton onClick={(event) => event.preventDefault()} />
          <ComputerUseDisplay refreshIntervalMs={0} />
        </ComputerUseProvider>
      </SandboxProvider>,
    );
    const link = screen.getByRole('link', { name: 'Hand over' });
    expect(link).toHaveAttribute('data-se-part', 'computer-use-control');
    expect(link).toHaveClass('mine');
    await waitFor(() => expect(link).not.toHaveAttribute('data-disabled'));
    fireEvent.click(link);
    expect(onControlChange).toHaveBeenCalledWith('agent', expect.objectContaining({ reason: 'hand-off' }));
    expect(link).toHaveTextContent('Hand over');
    const shots = transport.stats().calls['computerUse.screenshot'] ?? 0;
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await act(async () => {});
    expect(transport.stats().calls['computerUse.screenshot'] ?? 0).toBe(shots);
  });
});
