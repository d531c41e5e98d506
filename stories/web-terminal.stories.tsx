import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { SearchAddon } from '@xterm/addon-search';
import { expect, userEvent, waitFor, within } from 'storybook/test';
// The built Storybook does not contain the CSS that .storybook/load-styles.ts
// globs (likely tree-shaken: package.json marks only CSS as side-effectful),
// so this family's section of the theme is imported here too.
import '../src/styles/web-terminal.css';
import { SandboxProvider, createMemoryTransport, type MemoryTransport, type MemoryTransportOptions } from '../src';
import {
  WebTerminal,
  WebTerminalRestart,
  WebTerminalRetry,
  WebTerminalStatus,
  WebTerminalViewport,
  useWebTerminal,
  type WebTerminalHandle,
  type WebTerminalProps,
} from '../src/terminal';
import { SandboxFor, sandboxArgs, sandboxArgTypes, type SandboxArgs } from './support/sandbox-controls';

// Each part gets its own props table on the Docs page.
import * as TerminalParts from '../src/web-terminal';
const meta: Meta<typeof WebTerminal> = {
  title: 'WebTerminal',
  component: WebTerminal,
  subcomponents: {
    WebTerminalViewport: TerminalParts.WebTerminalViewport,
    WebTerminalStatus: TerminalParts.WebTerminalStatus,
    WebTerminalRetry: TerminalParts.WebTerminalRetry,
    WebTerminalRestart: TerminalParts.WebTerminalRestart,
  },
  args: { sandboxId: 'abc123', port: 22222 },
  parameters: {
    docs: {
      description: {
        component:
          'xterm.js over the transport\'s PTY. `data-status` on the root (and on the viewport and status parts): ' +
          '`idle` (no sandbox) · `connecting` · `connected` · `reconnecting` (backoff; typed keys are kept) · ' +
          '`exited` (exit code + Restart) · `error` (Retry) · `unsupported` (transport has no `openPty`). ' +
          'Stories run on the simulated sandbox: try `help`, `ls`, `cat README.md`, `stty size`, `exit 3`.',
      },
    },
  },
};
export default meta;
type Story = StoryObj<typeof WebTerminal>;

/** A transport owned by the story, disposed with it. */
function useStoryTransport(options: MemoryTransportOptions = {}, prime?: (t: MemoryTransport) => void): MemoryTransport {
  const transport = React.useMemo(() => {
    const t = createMemoryTransport(options);
    prime?.(t);
    return t;
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  React.useEffect(() => () => transport.dispose(), [transport]);
  return transport;
}

function Own({
  options,
  sandboxId = 'abc123',
  prime,
  children,
}: {
  options?: MemoryTransportOptions;
  sandboxId?: string;
  /** Runs once on the new transport (e.g. to queue failures). */
  prime?: (t: MemoryTransport) => void;
  children: (t: MemoryTransport) => React.ReactNode;
}) {
  const transport = useStoryTransport(options, prime);
  return (
    <SandboxProvider transport={transport} sandboxId={sandboxId}>
      {children(transport)}
    </SandboxProvider>
  );
}

/** The seed usage, on the simulated shell. Type `help`. */
export const Connected: Story = {
  render: (args) => <WebTerminal {...args} autoFocus />,
};

/** Still opening: the placeholder keeps its size (the server render looks the same). */
export const Connecting: Story = {
  render: (args) => <Own options={{ latencyMs: { openPty: 10 * 60_000 } }}>{() => <WebTerminal {...args} />}</Own>,
};

function DropsAfterConnect(props: WebTerminalProps & { transport: MemoryTransport }) {
  const { transport, ...rest } = props;
  const dropped = React.useRef(false);
  const handle = React.useRef<WebTerminalHandle>(null);
  return (
    <WebTerminal
      {...rest}
      handleRef={handle}
      reconnect={{ initialDelayMs: 1500, maxDelayMs: 6000, maxRetries: 1000 }}
      onConnect={() => {
        if (dropped.current) return;
        dropped.current = true;
        // After the banner: the memory transport delivers it a tick after connect.
        setTimeout(() => handle.current?.send('ls\r'), 50);
        // The sandbox stays unreachable: every re-attach fails, backing off.
        setTimeout(() => {
          for (let i = 0; i < 1000; i++) transport.failNext('openPty', 'unavailable', 'Sandbox unreachable');
          transport.disconnect();
        }, 300);
      }}
    />
  );
}

/** The connection dropped; it re-attaches with backoff. Keys typed now are sent after re-attach. */
export const Reconnecting: Story = {
  render: (args) => <Own>{(t) => <DropsAfterConnect {...args} transport={t} />}</Own>,
};

function ExitsAfterConnect(props: WebTerminalProps) {
  const handle = React.useRef<WebTerminalHandle>(null);
  const once = React.useRef(false);
  return (
    <WebTerminal
      {...props}
      handleRef={handle}
      onConnect={() => {
        if (once.current) return;
        once.current = true;
        setTimeout(() => handle.current?.send('echo bye\rexit 3\r'), 50);
      }}
    />
  );
}

/** The shell exited: the code is shown, with Restart. */
export const Exited: Story = {
  render: (args) => <Own>{() => <ExitsAfterConnect {...args} />}</Own>,
};

/** The sandbox does not exist: `error` with Retry. */
export const ErrorState: Story = {
  name: 'Error',
  render: (args) => <Own sandboxId="missing">{() => <WebTerminal {...args} sandboxId="missing" />}</Own>,
};

/** Reconnects used up (`maxRetries`). */
export const RetriesExhausted: Story = {
  render: (args) => (
    <Own prime={(t) => [1, 2, 3].forEach(() => t.failNext('openPty', 'unavailable', 'Sandbox is starting; gave up after 2 retries'))}>
      {() => <WebTerminal {...args} reconnect={{ maxRetries: 2, initialDelayMs: 100 }} />}
    </Own>
  ),
};

/** The transport offers no terminal. */
export const Unsupported: Story = {
  render: (args) => <Own options={{ without: ['pty'] }}>{() => <WebTerminal {...args} />}</Own>,
};

/**
 * The sandbox is not running (#18): the status says so, with the action that helps (Start
 * for `stopped`, Restore for `archived`, Check again for `error`, nothing while a transition
 * runs), and the terminal connects by itself once the sandbox runs.
 */
export const StartStoppedSandbox: Story = {
  render: (args) => (
    <Own options={{ transitionMs: 1500, sandboxes: [{ id: 'abc123', state: 'stopped' }] }}>{() => <WebTerminal {...args} />}</Own>
  ),
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const root = canvasElement.querySelector('[data-se-part="web-terminal"]')!;
    await step('the stopped sandbox offers Start instead of Retry', async () => {
      await expect(await canvas.findByText('Sandbox abc123 is stopped.', {}, { timeout: 10_000 })).toBeVisible();
      await expect(canvas.queryByRole('button', { name: 'Retry' })).toBeNull();
    });
    await step('Start shows starting, then the shell', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Start sandbox' }));
      await expect(await canvas.findByText('Sandbox abc123 is starting…')).toBeVisible();
      await expect(canvas.queryByRole('button', { name: 'Start sandbox' })).toBeNull();
      await waitFor(() => expect(root).toHaveAttribute('data-status', 'connected'), { timeout: 10_000 });
      await expect(root).toHaveAttribute('data-sandbox-state', 'running');
    });
  },
};

/** An archived sandbox: Restore, `restoring`, then the shell. */
export const RestoreArchivedSandbox: Story = {
  render: (args) => (
    <Own options={{ transitionMs: 1500, sandboxes: [{ id: 'abc123', state: 'archived' }] }}>{() => <WebTerminal {...args} />}</Own>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const root = canvasElement.querySelector('[data-se-part="web-terminal"]')!;
    await userEvent.click(await canvas.findByRole('button', { name: 'Restore sandbox' }, { timeout: 10_000 }));
    await expect(await canvas.findByText('Sandbox abc123 is being restored from the archive…')).toBeVisible();
    await waitFor(() => expect(root).toHaveAttribute('data-status', 'connected'), { timeout: 10_000 });
  },
};

/** No sandbox selected. */
export const Idle: Story = {
  render: () => (
    <Own sandboxId="">
      {() => <WebTerminal />}
    </Own>
  ),
};

// A light palette whose every colour keeps 4.5:1 contrast on its background.
const paper = {
  background: '#fbfaf5',
  foreground: '#24292f',
  cursor: '#cf222e',
  cursorAccent: '#fbfaf5',
  selectionBackground: 'rgba(9, 105, 218, 0.2)',
  black: '#24292f',
  red: '#a40e26',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0550ae',
  magenta: '#6639ba',
  cyan: '#0e6a74',
  white: '#57606a',
  brightBlack: '#57606a',
  brightRed: '#b3261e',
  brightGreen: '#1a6e32',
  brightYellow: '#7d4e00',
  brightBlue: '#0550ae',
  brightMagenta: '#6639ba',
  brightCyan: '#0e6a74',
  brightWhite: '#24292f',
};

/** A theme, font size and cursor from props; changing them never reconnects. */
export const Themed: Story = {
  args: { theme: paper, fontSize: 15, cursorStyle: 'bar', lineHeight: 1.2 },
  render: (args) => (
    <WebTerminal {...args} style={{ ['--se-terminal-bg' as string]: paper.background, ['--se-terminal-fg' as string]: paper.foreground }} />
  ),
};

function Toolbar() {
  const { state, handle } = useWebTerminal();
  const [term, setTerm] = React.useState('user');
  return (
    <div style={{ display: 'flex', gap: 8, padding: 8, alignItems: 'center' }}>
      <span>
        state: <code>{state}</code>
      </span>
      <input aria-label="Search the terminal" value={term} onChange={(e) => setTerm(e.target.value)} />
      <button type="button" onClick={() => handle.search(term)}>
        Find next
      </button>
      <button type="button" onClick={() => handle.clear()}>
        Clear
      </button>
      <button type="button" onClick={() => handle.paste('ls -a\n')}>
        Paste “ls -a”
      </button>
    </div>
  );
}

/** Composed from parts, with a toolbar using the handle (search through a search addon passed in `addons`, clear, paste). */
export const Composed: Story = {
  render: (args) => (
    <WebTerminal addons={() => [new SearchAddon()]} {...args}>
      <Toolbar />
      <WebTerminalViewport />
      <WebTerminalStatus messages={{ reconnecting: (s) => `Lost the sandbox, retrying (${s.attempt})…` }}>
        <WebTerminalRetry>Try again</WebTerminalRetry>
        <WebTerminalRestart>New shell</WebTerminalRestart>
      </WebTerminalStatus>
    </WebTerminal>
  ),
};

/** Every state side by side. */
export const AllStates: Story = {
  render: (args) => {
    const cell = { ...args, style: { ['--se-terminal-height' as string]: '220px' } };
    const items: Array<[string, React.ReactNode]> = [
      ['connected', <WebTerminal key="c" {...cell} />],
      ['connecting', <Own key="g" options={{ latencyMs: { openPty: 10 * 60_000 } }}>{() => <WebTerminal {...cell} />}</Own>],
      ['reconnecting', <Own key="r">{(t) => <DropsAfterConnect {...cell} transport={t} />}</Own>],
      ['exited', <Own key="e">{() => <ExitsAfterConnect {...cell} />}</Own>],
      ['error', <Own key="x" sandboxId="missing">{() => <WebTerminal {...cell} sandboxId="missing" />}</Own>],
      ['unsupported', <Own key="u" options={{ without: ['pty'] }}>{() => <WebTerminal {...cell} />}</Own>],
      ['idle', <Own key="i" sandboxId="">{() => <WebTerminal style={cell.style} />}</Own>],
    ];
    return (
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(420px, 1fr))', gap: 16 }}>
        {items.map(([name, node]) => (
          <section key={name} aria-label={name}>
            <h3 style={{ margin: '0 0 4px', fontSize: 13 }}>{name}</h3>
            {node}
          </section>
        ))}
      </div>
    );
  },
};

// ─── Playground: every state from the controls ──────────────────────────────

type TerminalPlaygroundState = 'connected' | 'connecting' | 'reconnecting' | 'exited' | 'error' | 'retries-exhausted' | 'unsupported' | 'idle';
interface TerminalPlaygroundArgs extends SandboxArgs {
  state: TerminalPlaygroundState;
  fontSize: number;
}

/**
 * Every `data-state` of the terminal from the `state` control (the simulated
 * sandbox is set up for it), the font size, and the *Simulated sandbox*
 * controls (latency, a failing call, capabilities left out).
 */
export const Playground: StoryObj<TerminalPlaygroundArgs> = {
  args: { state: 'connected', fontSize: 14, ...sandboxArgs },
  argTypes: {
    state: {
      control: 'select',
      options: ['connected', 'connecting', 'reconnecting', 'exited', 'error', 'retries-exhausted', 'unsupported', 'idle'],
      description: 'What the terminal shows (the simulated sandbox is set up for it).',
    },
    fontSize: { control: { type: 'range', min: 10, max: 24, step: 1 }, description: '`fontSize` in px.' },
    ...sandboxArgTypes,
  },
  render: ({ state, fontSize, ...args }) => {
    const props = { fontSize, style: { height: 320 } };
    const options: MemoryTransportOptions | undefined =
      state === 'connecting' ? { latencyMs: { openPty: 10 * 60_000 } } : state === 'unsupported' ? { without: ['pty'] } : undefined;
    const prime =
      state === 'retries-exhausted' ? (t: MemoryTransport) => [1, 2, 3].forEach(() => t.failNext('openPty', 'unavailable', 'Sandbox is starting; gave up after 2 retries')) : undefined;
    const sandboxId = state === 'error' ? 'missing' : state === 'idle' ? '' : 'abc123';
    return (
      <SandboxFor key={state} args={args} options={options} prime={prime} sandboxId={sandboxId}>
        {(t) =>
          state === 'reconnecting' ? (
            <DropsAfterConnect {...props} transport={t} />
          ) : state === 'exited' ? (
            <ExitsAfterConnect {...props} />
          ) : state === 'retries-exhausted' ? (
            <WebTerminal {...props} reconnect={{ maxRetries: 2, initialDelayMs: 100 }} />
          ) : (
            <WebTerminal {...props} />
          )
        }
      </SandboxFor>
    );
  },
};
