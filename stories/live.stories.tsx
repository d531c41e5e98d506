import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import {
  createHttpTransport,
  SandboxProvider,
  useSandboxTransport,
  WebPreview,
  WebPreviewBody,
  WebPreviewConsole,
  WebPreviewNavigation,
  WebPreviewUrl,
  type HttpTransport,
  type LogEntry,
} from '../src';
import { WebTerminal } from '../src/terminal';

// Printed by `node examples/node-server/server.mjs`; empty in a plain `npm run storybook`.
const SANDBOX_URL: string = import.meta.env.STORYBOOK_SANDBOX_URL ?? '';
const SANDBOX_TOKEN: string = import.meta.env.STORYBOOK_SANDBOX_TOKEN ?? '';
// `abc123` for examples/node-server; `npm run dev:live` sets its own (`local`).
const SANDBOX_ID: string = import.meta.env.STORYBOOK_SANDBOX_ID || 'abc123';

/** A provider with `createHttpTransport` pointed at the configured server, or a note saying how to configure one. */
function Wire({ sandboxId, children }: { sandboxId: string; children: React.ReactNode }) {
  const transport = React.useMemo(
    () => (SANDBOX_URL ? createHttpTransport({ baseUrl: SANDBOX_URL, headers: { Authorization: `Bearer ${SANDBOX_TOKEN}` } }) : null),
    [],
  );
  if (!transport) {
    return (
      <div role="note" data-testid="wire-not-configured" style={{ maxWidth: 600, lineHeight: 1.5 }}>
        <strong>Not configured.</strong> These stories talk to a sandbox server over the wire (
        <code>createHttpTransport</code> → HTTP, SSE and WebSocket → <code>createSandboxHandler</code>). Start one with{' '}
        <code>npm run build &amp;&amp; node examples/node-server/server.mjs</code>, then start Storybook with the{' '}
        <code>STORYBOOK_SANDBOX_URL</code> and <code>STORYBOOK_SANDBOX_TOKEN</code> it prints. Every other story uses the
        simulated sandbox in the page.
      </div>
    );
  }
  return (
    <SandboxProvider transport={transport} sandboxId={sandboxId}>
      {children}
    </SandboxProvider>
  );
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** What the server says about itself, its sandbox, its logs and a PTY: each check with its own state. */
function WireCheck({ sandboxId }: { sandboxId: string }) {
  const transport = useSandboxTransport() as HttpTransport;
  const [capabilities, setCapabilities] = React.useState('checking…');
  const [state, setState] = React.useState('checking…');
  const [logs, setLogs] = React.useState<LogEntry[]>([]);
  const [logState, setLogState] = React.useState('connecting');
  const [output, setOutput] = React.useState('');
  const [ptyState, setPtyState] = React.useState('connecting');
  const ptyRef = React.useRef<{ write(data: string): void } | null>(null);

  React.useEffect(() => {
    const controller = new AbortController();
    transport.capabilities(controller.signal).then(
      (c) => setCapabilities(`protocol ${c.protocol}: ${c.capabilities.join(', ')}`),
      (e: Error & { code?: string }) => setCapabilities(`error (${e.code}): ${e.message}`),
    );
    transport.getSandbox?.({ sandboxId }, controller.signal).then(
      (info) => setState(info.state),
      (e: Error & { code?: string }) => setState(`error (${e.code}): ${e.message}`),
    );
    return () => controller.abort();
  }, [transport, sandboxId]);

  React.useEffect(() => {
    const sub = transport.subscribeLogs?.(
      { sandboxId },
      {
        onLogs: (entries) => {
          setLogState('streaming');
          setLogs((prev) => [...prev, ...entries].slice(-30));
        },
        onError: (e) => setLogState(`error (${e.code}): ${e.message}`),
        onEnd: () => setLogState('ended'),
      },
    );
    return () => sub?.dispose();
  }, [transport, sandboxId]);

  React.useEffect(() => {
    const controller = new AbortController();
    let dispose = () => {};
    const decoder = new TextDecoder();
    transport.openPty?.({ sandboxId, cols: 100, rows: 30 }, controller.signal).then(
      (pty) => {
        setPtyState(`attached to ${pty.sessionId}`);
        ptyRef.current = pty;
        const data = pty.onData((d) => setOutput((prev) => (prev + (typeof d === 'string' ? d : decoder.decode(d, { stream: true }))).slice(-4000)));
        const close = pty.onClose((e) => setPtyState(e.exitCode !== undefined ? `exited ${e.exitCode}` : `dropped: ${e.reason ?? ''}`));
        dispose = () => {
          data.dispose();
          close.dispose();
          pty.dispose();
        };
      },
      (e: Error & { code?: string }) => setPtyState(`error (${e.code}): ${e.message}`),
    );
    return () => {
      controller.abort();
      ptyRef.current = null;
      dispose();
    };
  }, [transport, sandboxId]);

  return (
    <div data-se-part="wire-check" style={{ display: 'grid', gap: 8, maxWidth: 860 }}>
      <div>
        Server: <code>{SANDBOX_URL}</code> — <span data-testid="wire-capabilities">{capabilities}</span>
      </div>
      <div>
        Sandbox <code>{sandboxId}</code>: <strong data-testid="wire-state">{state}</strong>
      </div>
      <section aria-label="Logs over SSE">
        <div>
          Logs (SSE): <span data-testid="wire-log-state">{logState}</span>
        </div>
        <pre style={{ maxHeight: 160, overflow: 'auto', margin: 0 }}>
          {logs.map((e) => `${e.level.padEnd(5)} ${e.message.replace(ANSI, '')}`).join('\n') || '(none yet)'}
        </pre>
      </section>
      <section aria-label="PTY over WebSocket">
        <div>
          PTY (WebSocket): <span data-testid="wire-pty-state">{ptyState}</span>
        </div>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const input = event.currentTarget.elements.namedItem('command') as HTMLInputElement;
            ptyRef.current?.write(`${input.value}\r`);
            input.value = '';
          }}
        >
          <label>
            Command <input name="command" defaultValue="ls -la" />
          </label>{' '}
          <button type="submit">Run</button>
        </form>
        <pre style={{ maxHeight: 200, overflow: 'auto', margin: 0 }}>{output.replace(ANSI, '')}</pre>
      </section>
    </div>
  );
}

const meta: Meta<{ sandboxId: string }> = {
  title: 'Live/Wire',
  // No single component to document: no autodocs page (see test/storybook-smoke.mjs).
  tags: ['!autodocs'],
  args: { sandboxId: SANDBOX_ID },
  parameters: {
    docs: {
      description: {
        component:
          'The components over the real wire: `createHttpTransport` in this page, `createSandboxHandler` in ' +
          '`examples/node-server` (the simulated sandbox, `abc123`) or `npm run dev:live` (this machine, sandbox id `local`). ' +
          'Without `STORYBOOK_SANDBOX_URL` each story says how to start a server. See docs/server.md and docs/protocol.md.',
      },
    },
  },
};
export default meta;
type Story = StoryObj<{ sandboxId: string }>;

/** Capabilities, sandbox state, a log tail (SSE) and a shell (WebSocket), each with its own state. */
export const WireCheck_: Story = {
  name: 'Wire check',
  render: ({ sandboxId }) => (
    <Wire sandboxId={sandboxId}>
      <WireCheck sandboxId={sandboxId} />
    </Wire>
  ),
};

/** WebPreview with its console and WebTerminal, unchanged, on the HTTP transport. */
export const Components: Story = {
  render: ({ sandboxId }) => (
    <Wire sandboxId={sandboxId}>
      <div style={{ display: 'grid', gap: 12 }}>
        <WebPreview port={3000}>
          <WebPreviewNavigation />
          <WebPreviewUrl />
          <WebPreviewBody style={{ height: 240 }} />
          <WebPreviewConsole />
        </WebPreview>
        <div style={{ height: 300 }}>
          <WebTerminal style={{ height: '100%' }} />
        </div>
      </div>
    </Wire>
  ),
};
