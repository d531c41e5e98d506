/**
 * One conformance suite for every part (STYLE "models" item 9, after Base UI's
 * `describeConformance`): each component part exported by the core entry
 * (`src/index.ts`) and by `sandbox-elements/terminal` is rendered inside the
 * root or provider it needs, in a state where it renders, and must
 *
 * - spread props: a `data-testid`, `title` and `aria-describedby` given reach its element;
 * - forward its ref to that element (an HTMLElement carrying the part's `data-se-part`);
 * - merge `className` (the user's class is on the element);
 * - let the user's `data-*` win (STYLE 4, Radix's props order): a part writes its
 *   own `data-*` attributes first, then `{...props}`, then `ref`, so a `data-status`
 *   (or a collapsible's `data-state`) the user passes replaces the part's own;
 * - render with `react-dom/server`'s `renderToString` (here in jsdom; each family's
 *   `ssr.test.tsx` renders without `window`).
 *
 * The list of parts is read from the entries' exports: a new exported component
 * with no case below (and no reason in `notParts`) fails the suite.
 */
import * as React from 'react';
import { renderToString } from 'react-dom/server';
import { act, cleanup, render, waitFor } from '@testing-library/react';
import * as core from '../../src/index';
import * as terminalEntry from '../../src/terminal';
import {
  ComputerUseActions,
  ComputerUseControlButton,
  ComputerUseDisplay,
  ComputerUseProvider,
  ComputerUseRefreshButton,
  ComputerUseRoot,
  ComputerUseToolbar,
  SandboxProvider,
  ToolList,
  ToolListSummary,
  ToolPanel,
  ToolPanelApproval,
  ToolPanelApproveButton,
  ToolPanelArgs,
  ToolPanelArgsEditor,
  ToolPanelChildren,
  ToolPanelContent,
  ToolPanelDenyButton,
  ToolPanelDuration,
  ToolPanelError,
  ToolPanelHeader,
  ToolPanelResult,
  ToolPanelStatus,
  ToolPanelTitle,
  ToolPanelTrigger,
  ToolValue,
  WebPreview,
  WebPreviewBackButton,
  WebPreviewBody,
  WebPreviewConsole,
  WebPreviewDevice,
  WebPreviewForwardButton,
  WebPreviewFullscreenButton,
  WebPreviewNavigation,
  WebPreviewOpenButton,
  WebPreviewReloadButton,
  WebPreviewRetryButton,
  WebPreviewUrl,
  createMemoryTransport,
  type ToolInput,
} from '../../src/index';
import { WebTerminal, WebTerminalRestart, WebTerminalRetry, WebTerminalStatus, WebTerminalViewport } from '../../src/terminal';
import { aiPart, seedCalls } from '../../src/tool/fixtures';
import { stubCanvas } from '../../src/computer-use/test-utils';

// xterm.js needs layout and a canvas: a fake with the surface WebTerminal uses (as web-terminal.test.tsx does).
const fake = vi.hoisted(() => {
  type Listener = (value: never) => void;
  const event = () => {
    const listeners = new Set<Listener>();
    const on = (listener: Listener) => (listeners.add(listener), { dispose: () => listeners.delete(listener) });
    return { on, fire: (value: unknown) => listeners.forEach((l) => l(value as never)) };
  };
  const terminals: FakeTerminal[] = [];
  class FakeTerminal {
    options: Record<string, unknown>;
    cols = 80;
    rows = 24;
    modes = { bracketedPasteMode: false };
    private data = event();
    onData = this.data.on;
    onBinary = event().on;
    onResize = event().on;
    constructor(options: Record<string, unknown>) {
      this.options = { ...options };
      terminals.push(this);
    }
    open(parent: HTMLElement) {
      parent.append(parent.ownerDocument.createElement('div'));
    }
    loadAddon() {}
    write(_data: unknown, callback?: () => void) {
      callback?.();
    }
    type(text: string) {
      this.data.fire(text);
    }
    resize() {}
    focus() {}
    blur() {}
    clear() {}
    clearSelection() {}
    reset() {}
    dispose() {}
  }
  class FitAddon {
    activate() {}
    dispose() {}
    proposeDimensions() {
      return undefined;
    }
  }
  return { terminals, FakeTerminal, FitAddon };
});
vi.mock('@xterm/xterm', () => ({ Terminal: fake.FakeTerminal }));
vi.mock('@xterm/addon-fit', () => ({ FitAddon: fake.FitAddon }));
// jsdom decodes no images: every screenshot is a 1280×800 frame.
vi.mock('../../src/computer-use/decode', () => ({ decodeFrame: async () => ({ width: 1280, height: 800, close() {} }) }));

beforeEach(() => {
  fake.terminals.length = 0;
  stubCanvas();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** What a case hands the part: the props under test (and a ref, on the client). */
type PartProps = Record<string, unknown>;

interface PartCase {
  /** The part's `data-se-part`: the element its ref and props must reach. */
  part: string;
  /** The part with `props`, inside whatever it needs, in a state where it renders. */
  render: (props: PartProps) => React.ReactElement;
  /** The state-bearing attributes the part sets itself (which the user's must override). */
  sets: ReadonlyArray<'data-status' | 'data-state'>;
  /** Brings the part into the state where it renders, after mounting (client only). */
  ready?: () => Promise<void>;
  /** The part renders only after effects ran (nothing of it on the server). */
  clientOnly?: true;
  /** `title` is one of the part's own props (not spread onto its element). */
  ownTitle?: true;
}

const part = (Part: React.ElementType, fixed: PartProps = {}) => (props: PartProps) => <Part {...fixed} {...props} />;

// ─── Fixtures: each family's root or provider ───────────────────────────────

function InPreview({ children }: { children: React.ReactNode }) {
  const [transport] = React.useState(() => createMemoryTransport({ logIntervalMs: 0 }));
  return (
    <SandboxProvider transport={transport}>
      <WebPreview sandboxId="abc123" port={3000}>
        {children}
      </WebPreview>
    </SandboxProvider>
  );
}
const inPreview = (Part: React.ElementType, fixed?: PartProps) => (props: PartProps) => <InPreview>{part(Part, fixed)(props)}</InPreview>;

const completed = seedCalls[2]!;
const failed = seedCalls[3]!;
const approvalRequested = aiPart('approval-requested');
const withChildren: ToolInput = { ...completed, children: [seedCalls[0]!] };
const noop = () => undefined;
const inPanel = (tool: ToolInput, Part: React.ElementType, fixed?: PartProps) => (props: PartProps) => (
  <ToolPanel tool={tool} defaultOpen onApprove={noop} onDeny={noop}>
    {part(Part, fixed)(props)}
  </ToolPanel>
);
const inApproval = (Part: React.ElementType) => (props: PartProps) => (
  <ToolPanel tool={approvalRequested} defaultOpen onApprove={noop} onDeny={noop}>
    <ToolPanelApproval>{part(Part)(props)}</ToolPanelApproval>
  </ToolPanel>
);

function InComputerUse({ children }: { children: React.ReactNode }) {
  const [transport] = React.useState(() => createMemoryTransport());
  return (
    <SandboxProvider transport={transport} sandboxId="abc123">
      <ComputerUseProvider>{children}</ComputerUseProvider>
    </SandboxProvider>
  );
}
const inComputerUse = (Part: React.ElementType) => (props: PartProps) => <InComputerUse>{part(Part)(props)}</InComputerUse>;

function InTerminal({ children, transport: withTransport = true }: { children?: React.ReactNode; transport?: boolean }) {
  const [transport] = React.useState(() => createMemoryTransport());
  const terminal = <WebTerminal sandboxId="abc123">{children}</WebTerminal>;
  return withTransport ? <SandboxProvider transport={transport}>{terminal}</SandboxProvider> : terminal;
}

/** Waits for the shell, then ends it (`exit 0`): the terminal is `exited`. */
async function exitShell() {
  const root = () => document.querySelector('[data-se-part="web-terminal"]');
  await waitFor(() => expect(root()).toHaveAttribute('data-status', 'connected'));
  act(() => fake.terminals.at(-1)!.type('exit 0\r'));
  await waitFor(() => expect(root()).toHaveAttribute('data-status', 'exited'));
}

// ─── The parts ───────────────────────────────────────────────────────────────

const cases: Record<string, PartCase> = {
  // WebPreview
  WebPreview: {
    part: 'web-preview',
    sets: ['data-status'],
    render: (props) => (
      <SandboxProvider transport={createMemoryTransport({ logIntervalMs: 0 })}>
        <WebPreview sandboxId="abc123" port={3000} {...props}>
          {null}
        </WebPreview>
      </SandboxProvider>
    ),
  },
  WebPreviewNavigation: { part: 'web-preview-navigation', sets: ['data-status'], render: inPreview(WebPreviewNavigation) },
  WebPreviewBackButton: { part: 'web-preview-back-button', sets: [], render: inPreview(WebPreviewBackButton) },
  WebPreviewForwardButton: { part: 'web-preview-forward-button', sets: [], render: inPreview(WebPreviewForwardButton) },
  WebPreviewReloadButton: { part: 'web-preview-reload-button', sets: [], render: inPreview(WebPreviewReloadButton) },
  WebPreviewOpenButton: { part: 'web-preview-open-button', sets: [], render: inPreview(WebPreviewOpenButton) },
  WebPreviewUrl: { part: 'web-preview-url-input', sets: ['data-status'], render: inPreview(WebPreviewUrl) },
  // The frame exists once the preview link is resolved, in the browser only.
  WebPreviewBody: { part: 'web-preview-frame', sets: ['data-status'], render: inPreview(WebPreviewBody), clientOnly: true },
  WebPreviewDevice: { part: 'web-preview-device', sets: [], render: inPreview(WebPreviewDevice) },
  WebPreviewFullscreenButton: { part: 'web-preview-fullscreen-button', sets: ['data-state'], render: inPreview(WebPreviewFullscreenButton) },
  WebPreviewRetryButton: { part: 'web-preview-retry-button', sets: [], render: inPreview(WebPreviewRetryButton) },
  WebPreviewConsole: { part: 'web-preview-console', sets: ['data-status', 'data-state'], render: inPreview(WebPreviewConsole, { maxHeight: 150 }), ownTitle: true },

  // ToolPanel, ToolList, ToolValue
  ToolPanel: { part: 'tool-panel', sets: ['data-status', 'data-state'], render: part(ToolPanel, { tool: completed }) },
  ToolPanelHeader: { part: 'tool-panel-header', sets: ['data-status'], render: inPanel(completed, ToolPanelHeader) },
  ToolPanelTrigger: { part: 'tool-panel-trigger', sets: ['data-status', 'data-state'], render: inPanel(completed, ToolPanelTrigger) },
  ToolPanelTitle: { part: 'tool-panel-title', sets: ['data-status'], render: inPanel(completed, ToolPanelTitle) },
  ToolPanelStatus: { part: 'tool-panel-status', sets: ['data-status'], render: inPanel(completed, ToolPanelStatus) },
  ToolPanelDuration: { part: 'tool-panel-duration', sets: ['data-status'], render: inPanel(completed, ToolPanelDuration) },
  ToolPanelContent: { part: 'tool-panel-content', sets: ['data-status', 'data-state'], render: inPanel(completed, ToolPanelContent) },
  ToolPanelArgs: { part: 'tool-panel-args', sets: ['data-status'], render: inPanel(completed, ToolPanelArgs) },
  ToolPanelResult: { part: 'tool-panel-result', sets: ['data-status'], render: inPanel(completed, ToolPanelResult) },
  ToolPanelError: { part: 'tool-panel-error', sets: ['data-status'], render: inPanel(failed, ToolPanelError) },
  ToolPanelChildren: { part: 'tool-panel-children', sets: ['data-status'], render: inPanel(withChildren, ToolPanelChildren) },
  ToolPanelApproval: { part: 'tool-panel-approval', sets: ['data-status'], render: inPanel(approvalRequested, ToolPanelApproval) },
  ToolPanelArgsEditor: { part: 'tool-panel-args-editor', sets: [], render: inApproval(ToolPanelArgsEditor) },
  ToolPanelApproveButton: { part: 'tool-panel-approve', sets: [], render: inApproval(ToolPanelApproveButton) },
  ToolPanelDenyButton: { part: 'tool-panel-deny', sets: [], render: inApproval(ToolPanelDenyButton) },
  ToolList: { part: 'tool-list', sets: [], render: part(ToolList, { tools: seedCalls }) },
  ToolListSummary: { part: 'tool-list-summary', sets: [], render: part(ToolListSummary, { tools: seedCalls }) },
  ToolValue: { part: 'tool-value', sets: [], render: part(ToolValue, { value: { answer: 42 } }) },

  // ComputerUse
  ComputerUseRoot: { part: 'computer-use', sets: ['data-status'], render: inComputerUse(ComputerUseRoot) },
  ComputerUseDisplay: { part: 'computer-use-display', sets: ['data-status'], render: inComputerUse(ComputerUseDisplay) },
  ComputerUseToolbar: { part: 'computer-use-toolbar', sets: ['data-status'], render: inComputerUse(ComputerUseToolbar) },
  ComputerUseControlButton: { part: 'computer-use-control', sets: [], render: inComputerUse(ComputerUseControlButton) },
  ComputerUseRefreshButton: { part: 'computer-use-refresh', sets: [], render: inComputerUse(ComputerUseRefreshButton) },
  ComputerUseActions: { part: 'computer-use-actions', sets: ['data-status'], render: inComputerUse(ComputerUseActions) },

  // WebTerminal (sandbox-elements/terminal)
  WebTerminal: {
    part: 'web-terminal',
    sets: ['data-status'],
    render: (props) => (
      <SandboxProvider transport={createMemoryTransport()}>
        <WebTerminal sandboxId="abc123" {...props} />
      </SandboxProvider>
    ),
  },
  WebTerminalViewport: { part: 'web-terminal-viewport', sets: ['data-status'], render: (props) => <InTerminal>{part(WebTerminalViewport)(props)}</InTerminal> },
  WebTerminalStatus: { part: 'web-terminal-status', sets: ['data-status'], render: (props) => <InTerminal>{part(WebTerminalStatus)(props)}</InTerminal> },
  // Shown in `error`: a terminal without a transport is in it from the first render.
  WebTerminalRetry: { part: 'web-terminal-retry', sets: [], render: (props) => <InTerminal transport={false}>{part(WebTerminalRetry)(props)}</InTerminal> },
  // Shown in `exited`: after the shell ends.
  WebTerminalRestart: {
    part: 'web-terminal-restart',
    sets: [],
    render: (props) => (
      <InTerminal>
        <WebTerminalViewport />
        {part(WebTerminalRestart)(props)}
      </InTerminal>
    ),
    ready: exitShell,
    clientOnly: true,
  },
};

/** Exported components that are not element parts, and why. */
const notParts: Record<string, string> = {
  SandboxProvider: 'context only: renders no element of its own',
  ComputerUseProvider: 'context only: its element is ComputerUseRoot',
  ToolValueCopyButton: "ToolValue's `actions` component: takes { value, name } from ToolValue, not element props",
  ExecToolRenderer: 'a ToolList renderer (ToolRendererProps): its element is a ToolPanel',
  ReadFileToolRenderer: 'a ToolList renderer (ToolRendererProps): its element is a ToolPanel',
  WriteFileToolRenderer: 'a ToolList renderer (ToolRendererProps): its element is a ToolPanel',
  ListFilesToolRenderer: 'a ToolList renderer (ToolRendererProps): its element is a ToolPanel',
  PreviewUrlToolRenderer: 'a ToolList renderer (ToolRendererProps): its element is a ToolPanel',
  ScreenshotToolRenderer: 'a ToolList renderer (ToolRendererProps): its element is a ToolPanel',
  ComputerToolRenderer: 'a ToolList renderer (ToolRendererProps): its element is a ToolPanel',
};

/** React components among an entry's exports: PascalCase functions (not classes) and forwardRef/memo objects. */
function exportedComponents(entry: Record<string, unknown>): string[] {
  return Object.entries(entry)
    .filter(([name, value]) => {
      if (!/^[A-Z][a-z]/.test(name)) return false;
      if (typeof value === 'function') return !/^class[\s{]/.test(Function.prototype.toString.call(value));
      return typeof value === 'object' && value !== null && '$$typeof' in value;
    })
    .map(([name]) => name)
    .sort();
}

// ─── The suite ───────────────────────────────────────────────────────────────

const USER = { 'data-testid': 'conformance', title: 'Conformance title', 'aria-describedby': 'conformance-description', className: 'conformance-class' };

async function mount(c: PartCase, extra: PartProps = {}): Promise<HTMLElement> {
  const ref = React.createRef<HTMLElement>();
  render(c.render({ ...USER, ...extra, ref }));
  await c.ready?.();
  await waitFor(() => expect(ref.current).toBeInstanceOf(HTMLElement));
  return ref.current!;
}

describe('part conformance', () => {
  it('given the entries\u2019 exports, every component is a case here or named as not a part', () => {
    const exported = [...exportedComponents(core), ...exportedComponents(terminalEntry)].sort();
    expect(exported.filter((name) => !(name in cases) && !(name in notParts))).toEqual([]);
    // No stale entries: everything listed here is exported.
    expect([...Object.keys(cases), ...Object.keys(notParts)].filter((name) => !exported.includes(name))).toEqual([]);
  });

  describe.each(Object.entries(cases))('%s', (_name, c) => {
    it('should forward its ref to its element, an HTMLElement carrying its data-se-part', async () => {
      const element = await mount(c);
      expect(element).toHaveAttribute('data-se-part', c.part);
      expect(element.isConnected).toBe(true);
    });

    it('should spread props onto that element (data-testid, title, aria-describedby)', async () => {
      const element = await mount(c);
      expect(document.querySelector('[data-testid="conformance"]')).toBe(element);
      if (c.ownTitle) expect(element).not.toHaveAttribute('title');
      else expect(element).toHaveAttribute('title', USER.title);
      expect(element).toHaveAttribute('aria-describedby', USER['aria-describedby']);
    });

    it('should merge className (the user\u2019s class is on the element)', async () => {
      const element = await mount(c);
      expect(element).toHaveClass('conformance-class');
    });

    it(`should set ${c.sets.join(' and ') || 'no data-status or data-state'} itself and let the user\u2019s data-* win`, async () => {
      const own = await mount(c);
      expect((['data-status', 'data-state'] as const).filter((name) => own.hasAttribute(name)).sort()).toEqual([...c.sets].sort());
      cleanup();
      const given = Object.fromEntries(['data-status', 'data-state', 'data-user'].map((name) => [name, `user-${name}`]));
      const element = await mount(c, given);
      for (const name of Object.keys(given)) expect(element).toHaveAttribute(name, `user-${name}`);
    });

    it('should render with react-dom/server', () => {
      const html = renderToString(c.render(USER));
      if (!c.clientOnly) expect(html).toContain('data-testid="conformance"');
    });
  });
});
