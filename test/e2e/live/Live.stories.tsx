import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import '../../../src/styles/web-terminal.css';
import {
  ComputerUseActions,
  ComputerUseDisplay,
  ComputerUseProvider,
  ComputerUseToolbar,
  createHttpTransport,
  SandboxProvider,
  ToolList,
  useSandboxTransport,
  WebPreview,
  WebPreviewBody,
  WebPreviewConsole,
  WebPreviewNavigation,
  WebPreviewUrl,
  type ToolCall,
} from '../../../src';
import { WebTerminal } from '../../../src/terminal';
import { ComputerUseVncDisplay } from '../../../src/vnc';

// Set by `npm run dev:live` (scripts/dev-live.mjs); empty in a plain `npm run storybook`.
const SANDBOX_URL: string = import.meta.env.STORYBOOK_SANDBOX_URL ?? '';
const SANDBOX_TOKEN: string = import.meta.env.STORYBOOK_SANDBOX_TOKEN ?? '';
const SANDBOX_ID: string = import.meta.env.STORYBOOK_SANDBOX_ID || 'local';

/**
 * Real processes on your machine through `createHttpTransport` →
 * `createSandboxHandler` → `createLocalTransport`. Without `npm run dev:live`
 * each story says how to start it.
 */
function Live({ children }: { children: React.ReactNode }) {
  const transport = React.useMemo(
    () => (SANDBOX_URL ? createHttpTransport({ baseUrl: SANDBOX_URL, headers: { Authorization: `Bearer ${SANDBOX_TOKEN}` } }) : null),
    [],
  );
  if (!transport) {
    return (
      <div role="note" style={{ maxWidth: 560, lineHeight: 1.5 }}>
        <strong>Live stories drive this machine.</strong> Start them with <code>npm run dev:live</code>: it runs a sandbox
        server on the local transport and opens this Storybook connected to it. In a plain <code>npm run storybook</code>{' '}
        every other story uses the simulated sandbox.
      </div>
    );
  }
  return (
    <SandboxProvider transport={transport} sandboxId={SANDBOX_ID}>
      {children}
    </SandboxProvider>
  );
}

const meta: Meta = {
  title: 'Live (dev:live)',
  // No single component to document: no autodocs page (see test/storybook-smoke.mjs).
  tags: ['!autodocs'],
  parameters: {
    docs: {
      description: {
        component:
          'Components against real processes on your machine (`npm run dev:live`): a real shell, the demo web app on port 3000 ' +
          'with its logs (session `dev`), the Xvfb desktop by screenshots and over VNC (port 6080), and real `exec` runs. See docs/local.md.',
      },
    },
  },
};
export default meta;
type Story = StoryObj;

export const Terminal: Story = {
  render: () => (
    <Live>
      <div style={{ height: 420 }}>
        <WebTerminal style={{ height: '100%' }} />
      </div>
    </Live>
  ),
};

export const Preview: Story = {
  render: () => (
    <Live>
      <WebPreview port={3000}>
        <WebPreviewNavigation />
        <WebPreviewUrl />
        <WebPreviewBody style={{ height: 320 }} />
        <WebPreviewConsole sessionId="dev" />
      </WebPreview>
    </Live>
  ),
};

export const Desktop: Story = {
  render: () => (
    <Live>
      <ComputerUseProvider autoStart>
        <ComputerUseToolbar />
        <div style={{ maxWidth: 960 }}>
          <ComputerUseDisplay />
        </div>
        <ComputerUseActions />
      </ComputerUseProvider>
    </Live>
  ),
};

export const Vnc: Story = {
  name: 'VNC',
  render: () => (
    <Live>
      <ComputerUseProvider>
        <ComputerUseToolbar />
        <div style={{ width: 960, height: 600 }}>
          <ComputerUseVncDisplay port={6080} style={{ width: '100%', height: '100%' }} />
        </div>
      </ComputerUseProvider>
    </Live>
  ),
};

function CommandRunner() {
  const transport = useSandboxTransport();
  const [tools, setTools] = React.useState<ToolCall[]>([]);
  const [command, setCommand] = React.useState('ls -la');
  const run = (event: React.FormEvent) => {
    event.preventDefault();
    const id = `exec-${Date.now()}`;
    const startedAt = Date.now();
    setTools((list) => [...list, { id, name: 'exec', title: command, status: 'running', args: { command }, startedAt }]);
    const settle = (patch: Partial<ToolCall>) => setTools((list) => list.map((t) => (t.id === id ? { ...t, ...patch, endedAt: Date.now() } : t)));
    if (!transport.exec) return settle({ status: 'error', error: 'This transport does not expose exec' });
    transport.exec({ sandboxId: SANDBOX_ID, command, timeoutMs: 30_000 }).then(
      (result) => settle(result.exitCode === 0 ? { status: 'completed', result } : { status: 'error', result, error: `exit code ${result.exitCode}` }),
      (error: Error) => settle({ status: 'error', error }),
    );
  };
  return (
    <div>
      <form onSubmit={run} style={{ display: 'flex', gap: 8, marginBottom: 12 }}>
        <input aria-label="Command" value={command} onChange={(e) => setCommand(e.target.value)} style={{ flex: 1 }} />
        <button type="submit" disabled={!command.trim()}>
          Run
        </button>
      </form>
      <ToolList tools={tools} label="Commands run" />
    </div>
  );
}

export const Commands: Story = {
  render: () => (
    <Live>
      <CommandRunner />
    </Live>
  ),
};
