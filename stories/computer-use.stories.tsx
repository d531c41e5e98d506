import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
// As in the other families' stories: the built Storybook drops globbed CSS, so import this family's theme here.
import '../src/styles/computer-use.css';
import {
  ComputerUseActions,
  ComputerUseDisplay,
  ComputerUseProvider,
  ComputerUseToolbar,
  SandboxError,
  SandboxProvider,
  createMemoryTransport,
  useComputerUse,
  type ComputerAction,
  type ComputerUseMode,
  type ComputerUseProviderProps,
  type MemoryTransport,
  type MemoryTransportOptions,
  type SandboxState,
  type SandboxTransport,
} from '../src';
import { ComputerUseVncDisplay } from '../src/vnc';
import { SandboxFor, sandboxArgs, sandboxArgTypes, type SandboxArgs } from './support/sandbox-controls';

// Each part gets its own props table on the Docs page.
import * as ComputerUseParts from '../src/computer-use';
const meta: Meta<typeof ComputerUseProvider> = {
  title: 'ComputerUse',
  component: ComputerUseProvider,
  subcomponents: {
    ComputerUseRoot: ComputerUseParts.ComputerUseRoot,
    ComputerUseDisplay: ComputerUseParts.ComputerUseDisplay,
    ComputerUseToolbar: ComputerUseParts.ComputerUseToolbar,
    ComputerUseControlButton: ComputerUseParts.ComputerUseControlButton,
    ComputerUseRefreshButton: ComputerUseParts.ComputerUseRefreshButton,
    ComputerUseActions: ComputerUseParts.ComputerUseActions,
  },
  args: { sandboxId: 'abc123' },
  parameters: {
    docs: {
      description: {
        component:
          'Watch and drive a sandbox desktop. `ComputerUseDisplay` `data-status`: `inactive` (Start) · `connecting` · `live` · ' +
          '`paused` (page hidden or scrolled away) · `unavailable` (the sandbox is not running: its state with Start, Restore or Check again) · `error` (Retry) · `unsupported`. `data-mode`: `view | click | move | drag | scroll | type`; ' +
          '`data-control`: `user | agent` (agent = view-only with a Take control button). The simulated desktop redraws after every action: ' +
          'click a window to raise it, drag a title bar in Drag mode, type in Type mode (Escape gives the keyboard back).',
      },
    },
  },
};
export default meta;
type Story = StoryObj<typeof ComputerUseProvider>;

/** A transport owned by the story, disposed with it. */
function Own({ options, prime, children }: { options?: MemoryTransportOptions; prime?: (t: MemoryTransport) => void; children: React.ReactNode }) {
  const transport = React.useMemo(() => {
    const t = createMemoryTransport(options);
    prime?.(t);
    return t;
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  React.useEffect(() => () => transport.dispose(), [transport]);
  return (
    <SandboxProvider transport={transport} sandboxId="abc123">
      {children}
    </SandboxProvider>
  );
}

function Parts({ width = 720 }: { width?: number }) {
  return (
    <div data-se-part="computer-use" style={{ width }}>
      <ComputerUseToolbar />
      <ComputerUseDisplay />
      <ComputerUseActions />
    </div>
  );
}

/** A scripted "agent": clicks, drags and types on the desktop in a loop, marked as agent actions. */
function ScriptedAgent({ everyMs = 1200 }: { everyMs?: number }) {
  const { perform, control, state } = useComputerUse();
  React.useEffect(() => {
    if (control !== 'agent' || state !== 'active') return;
    const steps: ComputerAction[] = [
      { type: 'click', x: 700, y: 300 },
      { type: 'type', text: 'The agent is typing in the notepad. ' },
      { type: 'drag', from: { x: 600, y: 135 }, to: { x: 560, y: 200 } },
      { type: 'click', x: 200, y: 300 },
      { type: 'scroll', x: 250, y: 350, direction: 'down', amount: 2 },
      { type: 'drag', from: { x: 560, y: 215 }, to: { x: 600, y: 135 } },
      { type: 'press', key: 'Return' },
    ];
    let i = 0;
    const timer = setInterval(() => {
      perform(steps[i++ % steps.length]!, { source: 'agent' }).catch(() => {});
    }, everyMs);
    return () => clearInterval(timer);
  }, [perform, control, state, everyMs]);
  return null;
}

/** The one-line form: the provider renders Toolbar, Display and Actions. */
export const Live: Story = {
  render: (args) => (
    <div style={{ width: 720 }}>
      <ComputerUseProvider {...args} />
    </div>
  ),
};

/** The agent drives; the overlay shows its clicks (ripples), drags (lines) and scrolls. Take control to stop it. */
export const AgentInControl: Story = {
  render: () => (
    <ComputerUseProvider defaultControl="agent">
      <ScriptedAgent />
      <Parts />
    </ComputerUseProvider>
  ),
};

function modeStory(mode: ComputerUseMode, note: string): Story {
  return {
    render: () => (
      <ComputerUseProvider defaultMode={mode}>
        <p style={{ margin: '0 0 8px' }}>{note}</p>
        <Parts />
      </ComputerUseProvider>
    ),
  };
}
export const ViewMode = modeStory('view', 'View: input goes nowhere; the display refreshes every second.');
export const ClickMode = modeStory('click', 'Click: left, right (context menu) and middle clicks; two quick clicks are one double click.');
export const MoveMode = modeStory('move', 'Move: the pointer follows yours, throttled to one move per 100 ms.');
export const DragMode = modeStory('drag', 'Drag: press on a window title bar and release elsewhere.');
export const ScrollMode = modeStory('scroll', 'Scroll: the wheel scrolls the Files window (the page does not scroll).');
export const TypeMode = modeStory('type', 'Type: click the desktop, then type. Escape gives the keyboard back to the page.');

/** Computer use is not running: Start turns it on (`autoStart` would do it at mount). */
export const InactiveThenStart: Story = {
  render: () => (
    <Own options={{ computerUseActive: false, latencyMs: { 'computerUse.start': 600 } }}>
      <ComputerUseProvider>
        <Parts />
      </ComputerUseProvider>
    </Own>
  ),
};

/** Status check fails: error with Retry (the second try succeeds). */
export const StartError: Story = {
  render: () => (
    <Own prime={(t) => t.failNext('computerUse.status', 'unavailable', 'The display server did not answer')}>
      <ComputerUseProvider>
        <Parts />
      </ComputerUseProvider>
    </Own>
  ),
};

/** Screenshots fail: the display shows the error, backs off, and Retry fetches again. */
export const ScreenshotError: Story = {
  render: () => (
    <Own
      prime={(t) => {
        for (let i = 0; i < 3; i++) t.failNext('computerUse.screenshot', 'unavailable', 'Screenshot tool crashed');
      }}
    >
      <ComputerUseProvider>
        <Parts />
      </ComputerUseProvider>
    </Own>
  ),
};

/** The transport has no computer use. */
export const Unsupported: Story = {
  render: () => (
    <Own options={{ without: ['computerUse'] }}>
      <ComputerUseProvider>
        <Parts />
      </ComputerUseProvider>
    </Own>
  ),
};

/** 800 ms per call: actions queue in order (one in flight), each frame arrives late. */
export const SlowTransport: Story = {
  render: () => (
    <Own options={{ latencyMs: 800 }}>
      <ComputerUseProvider>
        <Parts />
        <History />
      </ComputerUseProvider>
    </Own>
  ),
};

function History() {
  const { history } = useComputerUse();
  return (
    <ol aria-label="Action history" style={{ fontFamily: 'var(--se-font-mono)', fontSize: 12 }}>
      {history.slice(-8).map((e) => (
        <li key={e.id}>
          {e.status} · {e.source} · {JSON.stringify(e.action).slice(0, 80)}
          {e.error ? ` · ${e.error.message}` : ''}
        </li>
      ))}
    </ol>
  );
}

const pending: SandboxTransport = {
  getPreviewLink: () => new Promise(() => {}),
};
const refused: SandboxTransport = {
  getPreviewLink: async () => {
    throw new SandboxError('unauthorized', 'The preview token was refused');
  },
};

/** VNC (`sandboxId` → preview link of port 6080 → websockify). Shown without a server: connecting, and a refused link. */
export const VncStates: Story = {
  render: () => (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 360px)', gap: 16 }}>
      <SandboxProvider transport={pending} sandboxId="abc123">
        <ComputerUseVncDisplay style={{ height: 220 }} />
      </SandboxProvider>
      <SandboxProvider transport={refused} sandboxId="abc123">
        <ComputerUseVncDisplay style={{ height: 220 }} />
      </SandboxProvider>
    </div>
  ),
};

function Cell({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <figure style={{ margin: 0 }}>
      <figcaption style={{ marginBottom: 4, fontWeight: 600 }}>{title}</figcaption>
      {children}
    </figure>
  );
}

function Small(props: Partial<ComputerUseProviderProps>) {
  return (
    <ComputerUseProvider {...props}>
      <ComputerUseDisplay />
    </ComputerUseProvider>
  );
}

/** Every state side by side. */
export const AllStates: Story = {
  render: () => (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 320px)', gap: 16 }}>
      <Cell title="live">
        <Own>
          <Small />
        </Own>
      </Cell>
      <Cell title="agent in control">
        <Own>
          <ComputerUseProvider defaultControl="agent">
            <ScriptedAgent everyMs={900} />
            <ComputerUseDisplay />
          </ComputerUseProvider>
        </Own>
      </Cell>
      <Cell title="paused">
        <Own>
          <ComputerUseProvider>
            <ComputerUseDisplay paused />
          </ComputerUseProvider>
        </Own>
      </Cell>
      <Cell title="connecting (slow)">
        <Own options={{ latencyMs: { 'computerUse.screenshot': 60_000 } }}>
          <Small />
        </Own>
      </Cell>
      <Cell title="inactive">
        <Own options={{ computerUseActive: false }}>
          <Small />
        </Own>
      </Cell>
      <Cell title="error">
        <Own prime={(t) => t.failNext('computerUse.status', 'unavailable', 'Display server down')}>
          <Small />
        </Own>
      </Cell>
      <Cell title="unsupported">
        <Own options={{ without: ['computerUse'] }}>
          <Small />
        </Own>
      </Cell>
    </div>
  ),
};

// ─── Sandbox lifecycle (#18): the desktop of a sandbox that is not running ───

const SANDBOX_STATES = ['stopped', 'archived', 'creating', 'starting', 'restoring', 'stopping', 'archiving', 'deleting', 'error', 'unknown'] as const;

/** A simulated sandbox in `state` (a transitional one stays until something changes it), whose changes take `transitionMs`. */
function InState({ state, transitionMs = 1500, children }: { state: SandboxState; transitionMs?: number; children: React.ReactNode }) {
  return (
    <Own options={{ transitionMs, sandboxes: [{ id: 'abc123', state, ...(state === 'error' ? { errorReason: 'The disk is full' } : {}) }] }}>
      {children}
    </Own>
  );
}

/**
 * The sandbox itself is not running: the display says so (`data-status="unavailable"`,
 * `data-sandbox-state`) with the one action that helps: Start for `stopped`, Restore for
 * `archived`, Check again for `error`/`unknown`, nothing while a transition runs (it reads
 * the state again by itself).
 */
export const SandboxStates: Story = {
  render: () => (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 320px)', gap: 16 }}>
      {SANDBOX_STATES.map((state) => (
        <Cell key={state} title={state}>
          <InState state={state}>
            <Small />
          </InState>
        </Cell>
      ))}
    </div>
  ),
};

/** Start a stopped sandbox: the display shows `starting`, then the desktop. */
export const StartStoppedSandbox: Story = {
  render: () => (
    <InState state="stopped">
      <ComputerUseProvider>
        <Parts />
      </ComputerUseProvider>
    </InState>
  ),
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const display = canvas.getByRole('application', { name: 'Sandbox desktop' });
    await step('the stopped sandbox offers Start', async () => {
      await expect(await canvas.findByText('Sandbox abc123 is stopped.')).toBeVisible();
      await expect(display).toHaveAttribute('data-status', 'unavailable');
    });
    await step('Start shows starting, then the live desktop', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Start sandbox' }));
      await expect(await canvas.findByText('Sandbox abc123 is starting…')).toBeVisible();
      await expect(canvas.queryByRole('button', { name: 'Start sandbox' })).toBeNull();
      await waitFor(() => expect(display).toHaveAttribute('data-status', 'live'), { timeout: 10_000 });
      await expect(canvas.getByRole('button', { name: 'Refresh' })).toBeEnabled();
    });
  },
};

/** Restore an archived sandbox: `restoring`, then the desktop. */
export const RestoreArchivedSandbox: Story = {
  render: () => (
    <InState state="archived">
      <ComputerUseProvider>
        <Parts />
      </ComputerUseProvider>
    </InState>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const display = canvas.getByRole('application', { name: 'Sandbox desktop' });
    await userEvent.click(await canvas.findByRole('button', { name: 'Restore sandbox' }));
    await expect(await canvas.findByText('Sandbox abc123 is being restored from the archive…')).toBeVisible();
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'live'), { timeout: 10_000 });
  },
};

// ─── Playground: every mode, control and display state from the controls ────

type DesktopPlaygroundState = 'live' | 'inactive' | 'connecting' | 'paused' | 'error' | 'unsupported';
interface DesktopPlaygroundArgs extends SandboxArgs {
  state: DesktopPlaygroundState;
  mode: ComputerUseMode;
  control: 'user' | 'agent';
}

/**
 * `mode` and `control` are the provider's props; `state` sets the simulated
 * sandbox up for each display `data-state`. The *Simulated sandbox* controls
 * add latency, a failing call or leave capabilities out.
 */
export const Playground: StoryObj<DesktopPlaygroundArgs> = {
  args: { state: 'live', mode: 'click', control: 'user', ...sandboxArgs },
  argTypes: {
    state: { control: 'select', options: ['live', 'inactive', 'connecting', 'paused', 'error', 'unsupported'], description: 'Display state (the simulated sandbox is set up for it).' },
    mode: { control: 'inline-radio', options: ['view', 'click', 'move', 'drag', 'scroll', 'type'], description: 'Input `mode`.' },
    control: { control: 'inline-radio', options: ['user', 'agent'], description: 'Who has `control`.' },
    ...sandboxArgTypes,
  },
  render: ({ state, mode, control, ...args }) => {
    const options: MemoryTransportOptions | undefined =
      state === 'inactive'
        ? { computerUseActive: false }
        : state === 'connecting'
          ? { latencyMs: { 'computerUse.status': 10 * 60_000 } }
          : state === 'unsupported'
            ? { without: ['computerUse'] }
            : undefined;
    const prime = state === 'error' ? (t: MemoryTransport) => t.failNext('computerUse.status', 'unavailable', 'The display server did not answer') : undefined;
    return (
      <SandboxFor key={state} args={args} options={options} prime={prime}>
        <ComputerUseProvider key={`${mode}-${control}`} defaultMode={mode} defaultControl={control}>
          <div style={{ display: 'grid', gap: 8, width: 720, maxWidth: '100%' }}>
            <ComputerUseToolbar />
            <ComputerUseDisplay paused={state === 'paused'} />
            <ComputerUseActions />
          </div>
        </ComputerUseProvider>
      </SandboxFor>
    );
  },
};
