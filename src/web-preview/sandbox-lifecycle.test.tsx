import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import * as React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryTransport, type MemoryTransport, type MemoryTransportOptions } from '../transport/memory';
import { SandboxProvider } from '../transport/provider';
import type { SandboxState } from '../transport/types';
import { WebPreview } from './web-preview';
import { WebPreviewBody } from './body';

const transports: MemoryTransport[] = [];
afterEach(() => {
  for (const t of transports.splice(0)) t.dispose();
});

function preview(state: SandboxState, options: MemoryTransportOptions = {}, errorReason?: string) {
  const transport = createMemoryTransport({ logIntervalMs: 0, transitionMs: 300, ...options, sandboxes: [{ id: 'abc123', state, ...(errorReason ? { errorReason } : {}) }] });
  transports.push(transport);
  const utils = render(
    <React.StrictMode>
      <SandboxProvider transport={transport} sandboxId="abc123">
        <WebPreview port={3000}>
          <WebPreviewBody />
        </WebPreview>
      </SandboxProvider>
    </React.StrictMode>,
  );
  const root = utils.container.querySelector<HTMLElement>('[data-se-part="web-preview"]')!;
  const status = () => utils.container.querySelector<HTMLElement>('[data-se-part="web-preview-status"]');
  const frame = () => utils.container.querySelector<HTMLIFrameElement>('iframe[data-se-part="web-preview-frame"]');
  return { ...utils, transport, root, status, frame };
}

describe('WebPreview and the sandbox lifecycle (#18)', () => {
  it('given a stopped sandbox, Start should show starting with no action, then the preview', async () => {
    const { root, status, frame, transport } = preview('stopped');
    await waitFor(() => expect(root).toHaveAttribute('data-sandbox-state', 'stopped'));
    expect(root).toHaveAttribute('data-status', 'unavailable');
    expect(status()).toHaveTextContent('Sandbox abc123 is stopped.');
    fireEvent.click(screen.getByRole('button', { name: 'Start sandbox' }));
    await waitFor(() => expect(status()).toHaveTextContent('Sandbox abc123 is starting…'));
    expect(root).toHaveAttribute('data-sandbox-state', 'starting');
    expect(within(status()!).queryByRole('button')).toBeNull();
    await waitFor(() => expect(frame()).not.toBeNull());
    expect(root).toHaveAttribute('data-sandbox-state', 'running');
    expect(root).toHaveAttribute('data-status', 'loading');
    expect(transport.stats().calls['sandboxes.start']).toBe(1);
  });

  it('given an archived sandbox, Restore should show restoring, then the preview', async () => {
    const { status, frame } = preview('archived');
    fireEvent.click(await screen.findByRole('button', { name: 'Restore sandbox' }));
    await waitFor(() => expect(status()).toHaveTextContent('Sandbox abc123 is being restored from the archive…'));
    await waitFor(() => expect(frame()).not.toBeNull());
  });

  it.each(['restoring', 'stopping', 'archiving', 'creating', 'starting'] as const)('given %s, should show the state, offer nothing, and read again by itself', async (state) => {
    const { root, status, frame, transport } = preview(state);
    await waitFor(() => expect(root).toHaveAttribute('data-sandbox-state', state));
    expect(within(status()!).queryByRole('button')).toBeNull();
    const reads = transport.stats().calls.getSandbox!;
    await waitFor(() => expect(transport.stats().calls.getSandbox!).toBeGreaterThan(reads));
    act(() => transport.setSandboxState('abc123', 'running'));
    await waitFor(() => expect(frame()).not.toBeNull(), { timeout: 5_000 });
  });

  it('given a sandbox that is being deleted, should say so and offer nothing', async () => {
    const { root, status } = preview('deleting');
    await waitFor(() => expect(root).toHaveAttribute('data-sandbox-state', 'deleting'));
    expect(status()).toHaveTextContent('Sandbox abc123 is being deleted.');
    expect(within(status()!).queryByRole('button')).toBeNull();
  });

  it.each(['error', 'unknown'] as const)('given %s, should offer Check again, which shows the preview once the sandbox runs', async (state) => {
    const { status, frame, transport } = preview(state, {}, state === 'error' ? 'Out of memory' : undefined);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Check again' })).toBeInTheDocument());
    if (state === 'error') expect(status()).toHaveTextContent('Sandbox abc123 failed. Reason: Out of memory');
    act(() => transport.setSandboxState('abc123', 'running'));
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(frame()).not.toBeNull());
  });

  it('given a transport without sandboxes.start, should offer Check again for a stopped or archived sandbox, never Start or Restore', async () => {
    preview('archived', { without: ['sandboxes'] });
    expect(await screen.findByRole('button', { name: 'Check again' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Start|Restore/ })).toBeNull();
  });

  it('given a start that fails, should show the error and offer Check again', async () => {
    const { status, transport } = preview('stopped');
    transport.failNext('sandboxes.start', 'forbidden', 'This workspace is not yours');
    fireEvent.click(await screen.findByRole('button', { name: 'Start sandbox' }));
    await waitFor(() => expect(status()).toHaveTextContent('This workspace is not yours'));
    expect(screen.getByRole('button', { name: 'Check again' })).toBeInTheDocument();
  });
});
