import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import {
  SandboxProvider,
  createMemoryTransport,
  WebPreview,
  WebPreviewBody,
  WebPreviewConsole,
  WebPreviewDevice,
  WebPreviewNavigation,
  WebPreviewUrl,
  useWebPreview,
  type LogEntry,
  type MemoryTransport,
  type MemoryTransportOptions,
  type WebPreviewDeviceName,
} from '../src';
import { memoryPreviewHtml } from '../src/transport/memory';
import { previewBridgeScript } from '../src/preview-bridge';
import { SandboxFor, sandboxArgs, sandboxArgTypes, type SandboxArgs } from './support/sandbox-controls';

/**
 * WebPreview on the simulated sandbox. `data-status` of the root:
 * `idle | resolving | loading | ready | error | unsupported | unavailable`
 * (`unavailable` = the sandbox is not running; `data-sandbox-state` says why).
 */
// Each part gets its own props table on the Docs page.
import * as PreviewParts from '../src/web-preview';
const meta: Meta<typeof WebPreview> = {
  title: 'WebPreview',
  component: WebPreview,
  subcomponents: {
    WebPreviewNavigation: PreviewParts.WebPreviewNavigation,
    WebPreviewUrl: PreviewParts.WebPreviewUrl,
    WebPreviewBody: PreviewParts.WebPreviewBody,
    WebPreviewConsole: PreviewParts.WebPreviewConsole,
    WebPreviewDevice: PreviewParts.WebPreviewDevice,
    WebPreviewBackButton: PreviewParts.WebPreviewBackButton,
    WebPreviewForwardButton: PreviewParts.WebPreviewForwardButton,
    WebPreviewReloadButton: PreviewParts.WebPreviewReloadButton,
    WebPreviewOpenButton: PreviewParts.WebPreviewOpenButton,
    WebPreviewFullscreenButton: PreviewParts.WebPreviewFullscreenButton,
    WebPreviewRetryButton: PreviewParts.WebPreviewRetryButton,
  },
  parameters: { layout: 'padded' },
};
export default meta;
type Story = StoryObj<typeof WebPreview>;

/** The seed usage, as written. */
function Seed(props: { children?: React.ReactNode; bodyProps?: React.ComponentProps<typeof WebPreviewBody> }) {
  return (
    <WebPreview sandboxId="abc123" port={3000} style={{ height: 520 }}>
      <WebPreviewNavigation />
      <WebPreviewUrl />
      <WebPreviewBody {...props.bodyProps} />
      <WebPreviewConsole maxHeight={150} />
      {props.children}
    </WebPreview>
  );
}

/** A transport of the story's own (for primed failures), disposed with the story. */
function OwnTransport({ options, prime, children }: { options?: MemoryTransportOptions; prime?: (t: MemoryTransport) => void; children: React.ReactNode }) {
  const [transport] = React.useState(() => {
    const t = createMemoryTransport(options);
    prime?.(t);
    return t;
  });
  React.useEffect(() => () => transport.dispose(), [transport]);
  return (
    <SandboxProvider transport={transport} sandboxId="abc123">
      {children}
    </SandboxProvider>
  );
}

/** Ready: the link resolved and the page loaded. Try `/about`, `#/todos`, `:4000` in the address bar. */
export const Ready: Story = { render: () => <Seed /> };

/** Resolving: the transport is slow to answer `getPreviewLink`. */
export const Resolving: Story = {
  parameters: { memoryTransport: { latencyMs: { getPreviewLink: 3_600_000 } } },
  render: () => <Seed />,
};

/**
 * Loading: the frame exists and its `load` has not fired. The memory page
 * loads in milliseconds, so this story holds it with an `onLoad` handler that
 * calls `preventDefault()` (which skips the built-in handler) and turns the
 * load timeout off (`loadTimeoutMs={0}`).
 */
export const Loading: Story = {
  render: () => <Seed bodyProps={{ onLoad: (e) => e.preventDefault(), loadTimeoutMs: 0, loading: 'Loading the sandbox page…' }} />,
};

function LinkReadout() {
  const { link } = useWebPreview('LinkReadout');
  const [now, setNow] = React.useState(() => Date.now());
  const [renewals, setRenewals] = React.useState(-1);
  React.useEffect(() => setRenewals((n) => n + 1), [link]);
  React.useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  if (!link?.expiresAt) return <p>No expiring link yet.</p>;
  return (
    <p data-testid="link-readout">
      Link expires in {Math.max(0, Math.round((link.expiresAt - now) / 1000))} s · renewed {Math.max(0, renewals)} times · the page keeps its path
    </p>
  );
}

/** Expired and refreshed: links live 8 s; the root renews each 3 s before expiry, keeping the path (try `/about`). */
export const ExpiredAndRefreshed: Story = {
  parameters: { memoryTransport: { previewTtlMs: 8_000 } },
  render: () => (
    <WebPreview sandboxId="abc123" port={3000} refreshMarginMs={3_000} style={{ height: 520 }}>
      <WebPreviewNavigation />
      <WebPreviewUrl />
      <LinkReadout />
      <WebPreviewBody />
    </WebPreview>
  ),
};

/** The sandbox is stopped: the body says so instead of showing a blank frame. */
export const StoppedSandbox: Story = {
  parameters: { memoryTransport: { sandboxes: [{ id: 'abc123', state: 'stopped' }] } },
  render: () => <Seed />,
};

/** The sandbox is in error, with its reason. */
export const SandboxError: Story = {
  parameters: { memoryTransport: { sandboxes: [{ id: 'abc123', state: 'error', errorReason: 'Out of memory (exit 137)' }] } },
  render: () => <Seed />,
};

/** The first `getPreviewLink` fails; Retry resolves again and succeeds. */
export const ErrorAndRetry: Story = {
  render: () => (
    <OwnTransport prime={(t) => t.failNext('getPreviewLink', 'unavailable', 'Preview proxy is restarting (503)')}>
      <Seed />
    </OwnTransport>
  ),
};

/** The transport cannot make previews or stream logs. */
export const Unsupported: Story = {
  render: () => (
    <OwnTransport options={{ without: ['logs'] }} prime={(t) => t.failNext('getPreviewLink', 'unsupported', 'This transport has no preview links')}>
      <Seed />
    </OwnTransport>
  ),
};

function TypeInto({ text }: { text: string }) {
  const { state } = useWebPreview('TypeInto');
  const marker = React.useRef<HTMLSpanElement>(null);
  React.useEffect(() => {
    if (state !== 'ready') return;
    // This preview's own address field, not the first one on the page.
    const input = marker.current?.closest('[data-se-part="web-preview"]')?.querySelector<HTMLInputElement>('[data-se-part="web-preview-url-input"]');
    if (!input) return;
    // Type like a user would, then press Enter: the URL bar refuses it.
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    // Enter in a later task, once React has rendered the typed text, as with a real keyboard.
    const timer = setTimeout(() => input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })), 50);
    return () => clearTimeout(timer);
  }, [state, text]);
  return <span ref={marker} hidden />;
}

/** Invalid URL: `javascript:alert(1)` typed in the address bar is refused; the frame keeps its page. */
export const InvalidUrl: Story = {
  render: () => (
    <Seed>
      <TypeInto text="javascript:alert(1)" />
    </Seed>
  ),
};

const LEVELS: LogEntry['level'][] = ['debug', 'info', 'log', 'warn', 'error'];
function makeLines(count: number): LogEntry[] {
  const start = Date.UTC(2026, 0, 1, 9);
  return Array.from({ length: count }, (_, i) => {
    const level = LEVELS[(i * 7) % 5]!;
    const colour = level === 'error' ? '\x1b[31m' : level === 'warn' ? '\x1b[33m' : '\x1b[32m';
    return { level, timestamp: start + i * 10, message: `${colour}${level.toUpperCase()}\x1b[0m request #${i} GET /api/items?page=${i % 97} ${(i * 13) % 250}ms` };
  });
}

/** 50,000 lines in the console, virtualised: only the rows in view are in the DOM. */
export const Console50k: Story = {
  render: function Render() {
    const logs = React.useMemo(() => makeLines(50_000), []);
    return <WebPreviewConsole subscribe={false} logs={logs} maxEntries={50_000} maxHeight={360} />;
  },
};

/** The live console of the simulated sandbox (a line a second). */
export const ConsoleLive: Story = {
  parameters: { memoryTransport: { logIntervalMs: 300 } },
  render: () => <WebPreviewConsole maxHeight={240} />,
};

/** Device presets and rotation; the viewport keeps its size and scrolls. */
export const Devices: Story = {
  render: () => (
    <WebPreview sandboxId="abc123" port={3000} defaultDevice="mobile">
      <WebPreviewNavigation />
      <WebPreviewUrl />
      <WebPreviewDevice />
      <WebPreviewBody />
    </WebPreview>
  ),
};

/** With the preview bridge in the page: in-app navigation moves the history; the page's console shows up. */
export const WithBridge: Story = {
  parameters: {
    memoryTransport: {
      logBacklog: 0,
      logIntervalMs: 0,
      previewUrl: ({ sandboxId, port, issuedAt }: { sandboxId: string; port: number; issuedAt: number }) =>
        `data:text/html;charset=utf-8,${encodeURIComponent(
          memoryPreviewHtml({ sandboxId, port, issuedAt }).replace('<script>', `<script>${previewBridgeScript()}</script><script>`),
        )}`,
    },
  },
  render: () => <Seed />,
};

/** Idle: no sandbox port and no URL yet; type a URL or a port. */
export const Idle: Story = {
  render: () => (
    <WebPreview style={{ height: 200 }}>
      <WebPreviewNavigation />
      <WebPreviewUrl />
      <WebPreviewBody />
    </WebPreview>
  ),
};

/** Every state side by side. */
export const AllStates: Story = {
  render: () => {
    const cell = (title: string, node: React.ReactNode) => (
      <section style={{ border: '1px solid var(--se-border)', borderRadius: 8, padding: 8 }}>
        <h2 style={{ fontSize: 14, margin: '0 0 8px' }}>{title}</h2>
        {node}
      </section>
    );
    const small = (children?: React.ReactNode) => (
      <WebPreview sandboxId="abc123" port={3000} style={{ height: 340 }}>
        <WebPreviewNavigation />
        <WebPreviewUrl />
        <WebPreviewBody />
        {children}
      </WebPreview>
    );
    return (
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))', gap: 12 }}>
        {cell('ready', small())}
        {cell('resolving', <OwnTransport options={{ latencyMs: { getPreviewLink: 3_600_000 } }}>{small()}</OwnTransport>)}
        {cell('stopped', <OwnTransport options={{ sandboxes: [{ id: 'abc123', state: 'stopped' }] }}>{small()}</OwnTransport>)}
        {cell('error', <OwnTransport prime={(t) => t.failNext('getPreviewLink', 'internal', 'Preview proxy failed')}>{small()}</OwnTransport>)}
        {cell('unsupported', <OwnTransport prime={(t) => t.failNext('getPreviewLink', 'unsupported', 'No previews here')}>{small()}</OwnTransport>)}
        {cell('invalid URL', small(<TypeInto text="data:text/html,<script>alert(1)</script>" />))}
        {cell('console', <WebPreviewConsole maxHeight={200} />)}
        {cell('console unsupported', <OwnTransport options={{ without: ['logs'] }}><WebPreviewConsole maxHeight={120} /></OwnTransport>)}
      </div>
    );
  },
};

// ─── Sandbox lifecycle (#18): the preview of a sandbox that is not running ───

const LIFECYCLE_STATES = ['stopped', 'archived', 'creating', 'starting', 'restoring', 'stopping', 'archiving', 'deleting', 'error', 'unknown'] as const;

function LifecyclePreview({ state, height = 220 }: { state: (typeof LIFECYCLE_STATES)[number]; height?: number }) {
  return (
    <OwnTransport options={{ transitionMs: 1500, logIntervalMs: 0, sandboxes: [{ id: 'abc123', state, ...(state === 'error' ? { errorReason: 'Out of memory (exit 137)' } : {}) }] }}>
      <WebPreview port={3000} style={{ height }}>
        <WebPreviewUrl />
        <WebPreviewBody />
      </WebPreview>
    </OwnTransport>
  );
}

/**
 * Every lifecycle state of the sandbox behind the preview: Start for `stopped`, Restore
 * for `archived`, Check again for `error`/`unknown`, nothing but the state while a
 * transition runs (the preview reads it again by itself and loads once the sandbox runs).
 */
export const SandboxStates: Story = {
  render: () => (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 320px)', gap: 16 }}>
      {LIFECYCLE_STATES.map((state) => (
        <section key={state} aria-label={state} style={{ border: '1px solid var(--se-border)', borderRadius: 8, padding: 8 }}>
          <h2 style={{ fontSize: 14, margin: '0 0 8px' }}>{state}</h2>
          <LifecyclePreview state={state} />
        </section>
      ))}
    </div>
  ),
};

/** Start a stopped sandbox: `starting` (no button), then the preview loads. */
export const StartStoppedSandbox: Story = {
  render: () => <LifecyclePreview state="stopped" height={360} />,
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const root = canvasElement.querySelector('[data-se-part="web-preview"]')!;
    await step('the stopped sandbox offers Start', async () => {
      await expect(await canvas.findByText('Sandbox abc123 is stopped.')).toBeVisible();
    });
    await step('Start shows starting, then the preview', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Start sandbox' }));
      await expect(await canvas.findByText('Sandbox abc123 is starting…')).toBeVisible();
      await expect(canvas.queryByRole('button', { name: 'Start sandbox' })).toBeNull();
      await waitFor(() => expect(root).toHaveAttribute('data-status', 'ready'), { timeout: 10_000 });
      await expect(root).toHaveAttribute('data-sandbox-state', 'running');
    });
  },
};

/** Restore an archived sandbox: `restoring`, then the preview loads. */
export const RestoreArchivedSandbox: Story = {
  render: () => <LifecyclePreview state="archived" height={360} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const root = canvasElement.querySelector('[data-se-part="web-preview"]')!;
    await userEvent.click(await canvas.findByRole('button', { name: 'Restore sandbox' }));
    await expect(await canvas.findByText('Sandbox abc123 is being restored from the archive…')).toBeVisible();
    await waitFor(() => expect(root).toHaveAttribute('data-status', 'ready'), { timeout: 10_000 });
  },
};

// ─── Playground: every state and device from the controls ───────────────────

type PreviewPlaygroundState = 'ready' | 'idle' | 'resolving' | 'loading' | 'error' | 'unsupported' | 'stopped' | 'sandbox-error';
interface PreviewPlaygroundArgs extends SandboxArgs {
  state: PreviewPlaygroundState;
  device: WebPreviewDeviceName;
  port: number;
  console: boolean;
}
const PREVIEW_STATES: Record<PreviewPlaygroundState, { options?: MemoryTransportOptions; prime?: (t: MemoryTransport) => void }> = {
  ready: {},
  idle: {},
  resolving: { options: { latencyMs: { getPreviewLink: 3_600_000 } } },
  loading: {},
  error: { prime: (t) => t.failNext('getPreviewLink', 'unavailable', 'Preview proxy is restarting (503)') },
  unsupported: { prime: (t) => t.failNext('getPreviewLink', 'unsupported', 'This transport has no preview links') },
  stopped: { options: { sandboxes: [{ id: 'abc123', state: 'stopped' }] } },
  'sandbox-error': { options: { sandboxes: [{ id: 'abc123', state: 'error', errorReason: 'Out of memory (exit 137)' }] } },
};

/**
 * Every state of the root (`data-state`) and every device preset, from the
 * controls: `state` picks what the simulated sandbox does, `device` the
 * preset; the *Simulated sandbox* controls add latency, a failing call or
 * leave capabilities out.
 */
export const Playground: StoryObj<PreviewPlaygroundArgs> = {
  args: { state: 'ready', device: 'responsive', port: 3000, console: true, ...sandboxArgs },
  argTypes: {
    state: { control: 'select', options: Object.keys(PREVIEW_STATES), description: 'What the preview shows (the simulated sandbox is set up for it).' },
    device: { control: 'inline-radio', options: ['responsive', 'desktop', 'tablet', 'mobile'], description: '`device` preset.' },
    port: { control: 'number', description: '`port` of the sandbox to preview.' },
    console: { control: 'boolean', description: 'Show `WebPreviewConsole`.' },
    ...sandboxArgTypes,
  },
  render: (args) => {
    const setup = PREVIEW_STATES[args.state];
    return (
      <SandboxFor args={args} options={setup.options} prime={setup.prime}>
        <WebPreview key={`${args.state}-${args.device}`} port={args.state === 'idle' ? undefined : args.port} defaultDevice={args.device} style={{ height: args.console ? 560 : 420 }}>
          <WebPreviewNavigation />
          <WebPreviewUrl />
          <WebPreviewDevice />
          <WebPreviewBody {...(args.state === 'loading' ? { onLoad: (e: React.SyntheticEvent) => e.preventDefault(), loadTimeoutMs: 0 } : {})} />
          {args.console ? <WebPreviewConsole maxHeight={150} /> : null}
        </WebPreview>
      </SandboxFor>
    );
  },
};
