import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
// The built Storybook tree-shakes the CSS glob in .storybook/load-styles.ts,
// so this family's section of the theme is imported here too.
import '../src/styles/tool.css';
import {
  ToolList,
  ToolPanel,
  ToolPanelApproval,
  ToolPanelApproveButton,
  ToolPanelArgs,
  ToolPanelArgsEditor,
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
  ToolValueCopyButton,
  type AiToolPart,
  type AiToolState,
  type ToolCall,
  type ToolInput,
  type ToolRendererProps,
} from '../src/tool';
import { aiPart, aiStates, hostileValues, manyTools, seedCalls } from '../src/tool/fixtures';

// Each part gets its own props table on the Docs page.
import * as ToolParts from '../src/tool';
const meta: Meta<typeof ToolPanel> = {
  title: 'Tool',
  component: ToolPanel,
  subcomponents: {
    ToolList: ToolParts.ToolList,
    ToolListSummary: ToolParts.ToolListSummary,
    ToolPanelTrigger: ToolParts.ToolPanelTrigger,
    ToolPanelStatus: ToolParts.ToolPanelStatus,
    ToolPanelContent: ToolParts.ToolPanelContent,
    ToolPanelApproval: ToolParts.ToolPanelApproval,
    ToolPanelApproveButton: ToolParts.ToolPanelApproveButton,
    ToolPanelDenyButton: ToolParts.ToolPanelDenyButton,
    ToolValue: ToolParts.ToolValue,
  },
  parameters: {
    docs: {
      description: {
        component:
          'One AI tool invocation (`ToolPanel`) or many (`ToolList`). Accepts the seed shape ' +
          '`{ id, name, status, args, result, error }` and AI SDK `ToolUIPart` / `DynamicToolUIPart` as they are. ' +
          '`data-status` on every part is the normalised status: `pending` · `streaming` · `running` · ' +
          '`approval-requested` · `approval-responded` · `completed` · `error` · `denied`. Open state: Radix\'s `data-state="open|closed"` ' +
          '(root, trigger, content) and `aria-expanded`.',
      },
    },
  },
};
export default meta;
type Story = StoryObj<typeof ToolPanel>;

const Stack = ({ children }: { children: React.ReactNode }) => <div style={{ display: 'grid', gap: 8, maxWidth: 760 }}>{children}</div>;

/** A seed call whose clock starts when the story mounts. */
function useLive<T extends ToolCall>(call: T): T {
  return React.useMemo(() => (call.status === 'running' ? { ...call, startedAt: Date.now() } : call), [call]);
}
const Seed = ({ call }: { call: ToolCall }) => <ToolPanel tool={useLive(call)} defaultOpen />;

// ─── Playground: every state from the controls ──────────────────────────────

const playgroundStatuses = [
  ...aiStates,
  'approval-responded (denied)',
  'output-available (preliminary)',
  'seed: pending',
  'seed: running',
  'seed: completed',
  'seed: error',
] as const;
type PlaygroundStatus = (typeof playgroundStatuses)[number];
const approvalVariants = ['none', 'default buttons', 'allowAlways', 'editableArgs', 'custom UI'] as const;
type PlaygroundArgs = {
  status: PlaygroundStatus;
  approval: (typeof approvalVariants)[number];
  dynamic: boolean;
  title: string;
  requestReason: string;
};

function playgroundTool({ status, dynamic, title, requestReason }: PlaygroundArgs): ToolInput {
  if (status.startsWith('seed: ')) {
    const seed = seedCalls.find((c) => c.status === status.slice(6))!;
    return { ...seed, startedAt: seed.status === 'running' ? Date.now() : undefined };
  }
  const state = (status.split(' ')[0] as AiToolState);
  let part: AiToolPart = aiPart(state, { dynamic });
  if (status === 'approval-responded (denied)') part = { ...part, approval: { id: part.approval!.id, approved: false, reason: 'Not on prod' } } as AiToolPart;
  if (status === 'output-available (preliminary)') part = { ...part, preliminary: true } as AiToolPart;
  if (part.approval && requestReason) part = { ...part, approval: { ...part.approval, requestReason } } as AiToolPart;
  if (title) part = { ...part, title } as AiToolPart;
  return part;
}

function PlaygroundDemo(args: PlaygroundArgs) {
  const [sent, setSent] = React.useState('nothing yet');
  const tool = React.useMemo(() => playgroundTool(args), [args.status, args.dynamic, args.title, args.requestReason]);
  const handlers =
    args.approval === 'none'
      ? {}
      : {
          onApprove: (_: unknown, opts?: object) => setSent(`approved ${JSON.stringify(opts ?? {})}`),
          onDeny: (reason?: string) => setSent(`denied ${reason ?? ''}`.trim()),
        };
  return (
    <Stack>
      {args.approval === 'custom UI' ? (
        <ToolPanel tool={tool} {...handlers} defaultOpen>
          <ToolPanelHeader>
            <ToolPanelTrigger>
              <ToolPanelTitle />
              <ToolPanelStatus />
            </ToolPanelTrigger>
          </ToolPanelHeader>
          <ToolPanelContent>
            <ToolPanelArgs />
            <ToolPanelApproval>
              <ToolPanelApproveButton>Run it</ToolPanelApproveButton>
              <ToolPanelDenyButton>Don’t</ToolPanelDenyButton>
            </ToolPanelApproval>
            <ToolPanelResult />
            <ToolPanelError />
          </ToolPanelContent>
        </ToolPanel>
      ) : args.approval === 'editableArgs' ? (
        <ToolPanel tool={tool} {...handlers} defaultOpen>
          <ToolPanelHeader>
            <ToolPanelTrigger />
          </ToolPanelHeader>
          <ToolPanelContent>
            <ToolPanelArgs />
            <ToolPanelApproval editor={<ToolPanelArgsEditor />} />
            <ToolPanelResult />
            <ToolPanelError />
          </ToolPanelContent>
        </ToolPanel>
      ) : (
        <ToolPanel tool={tool} {...handlers} allowAlways={args.approval === 'allowAlways'} defaultOpen />
      )}
      {args.approval !== 'none' && <output aria-label="Sent">{sent}</output>}
    </Stack>
  );
}

/** Every state and approval variant from the controls panel. */
export const Playground: StoryObj<PlaygroundArgs> = {
  args: { status: 'approval-requested', approval: 'default buttons', dynamic: false, title: '', requestReason: 'Checks the weather in your city' },
  argTypes: {
    status: { control: 'select', options: playgroundStatuses, description: 'AI SDK 7 part state (or a seed-shape status)' },
    approval: { control: 'inline-radio', options: approvalVariants, description: 'Approval variant' },
    dynamic: { control: 'boolean', description: '`dynamic-tool` part instead of `tool-<name>`' },
    title: { control: 'text', description: 'AI SDK 7 `title` (shown over the tool name)' },
    requestReason: { control: 'text', description: 'AI SDK 7 `approval.requestReason`' },
  },
  render: (args) => <PlaygroundDemo {...args} />,
};

// ─── Seed shape, every status ────────────────────────────────────────────────

export const SeedPending: Story = { render: () => <Seed call={seedCalls[0]!} /> };
export const SeedRunning: Story = { render: () => <Seed call={seedCalls[1]!} /> };
export const SeedCompleted: Story = { render: () => <Seed call={seedCalls[2]!} /> };
export const SeedError: Story = { render: () => <Seed call={seedCalls[3]!} /> };

// ─── AI SDK parts, every state ───────────────────────────────────────────────

const log = (what: string) => () => {
  // Stories show callbacks in the page instead of the console (the smoke test fails on console errors only, but keep it quiet).
  document.title = what;
};
const AiState = ({ state, dynamic }: { state: AiToolState; dynamic?: boolean }) => (
  <ToolPanel tool={aiPart(state, { dynamic })} defaultOpen onApprove={log('approved')} onDeny={log('denied')} />
);
export const AiInputStreaming: Story = { render: () => <AiState state="input-streaming" /> };
export const AiInputAvailable: Story = { render: () => <AiState state="input-available" /> };
export const AiApprovalRequested: Story = { render: () => <AiState state="approval-requested" /> };
export const AiApprovalResponded: Story = { render: () => <AiState state="approval-responded" /> };
export const AiOutputAvailable: Story = { render: () => <AiState state="output-available" /> };
export const AiPreliminaryOutput: Story = {
  render: () => <ToolPanel tool={{ ...aiPart('output-available'), preliminary: true, output: { progress: 0.4 } }} defaultOpen />,
};
export const AiOutputError: Story = { render: () => <AiState state="output-error" /> };
export const AiOutputDenied: Story = { render: () => <AiState state="output-denied" /> };
export const AiProviderExecutedWithTitle: Story = {
  render: () => <ToolPanel tool={{ ...aiPart('output-available', { dynamic: true }), title: 'Web search', providerExecuted: true }} defaultOpen />,
};
export const DynamicToolEveryState: Story = {
  render: () => (
    <Stack>
      {aiStates.map((s) => (
        <AiState key={s} state={s} dynamic />
      ))}
    </Stack>
  ),
};

// ─── Approval flow ───────────────────────────────────────────────────────────

function ApprovalFlowDemo() {
  const [part, setPart] = React.useState<AiToolPart>(() => ({ ...aiPart('approval-requested', { name: 'delete_branch' }), input: { branch: 'feature/old' } }));
  const timers = React.useRef<ReturnType<typeof setTimeout>[]>([]);
  React.useEffect(() => () => timers.current.forEach(clearTimeout), []);
  const later = (ms: number, fn: () => void) => timers.current.push(setTimeout(fn, ms));
  const respond = (approved: boolean, reason?: string) =>
    new Promise<void>((resolve) =>
      later(600, () => {
        const approval = { id: part.approval!.id, approved, reason };
        setPart((p) => ({ ...p, state: 'approval-responded', approval }));
        later(900, () =>
          setPart((p) => (approved ? { ...p, state: 'output-available', output: { deleted: true } } : { ...p, state: 'output-denied', approval: { ...approval, approved: false } })),
        );
        resolve();
      }),
    );
  return (
    <Stack>
      <ToolPanel tool={part} onApprove={() => respond(true)} onDeny={(reason) => respond(false, reason)} />
      <button type="button" onClick={() => setPart({ ...aiPart('approval-requested', { name: 'delete_branch' }), input: { branch: 'feature/old' } })}>
        Reset
      </button>
    </Stack>
  );
}
/** Approve or deny: buttons stay disabled while the (simulated) response is sent, then the part moves on. */
export const ApprovalFlow: Story = { render: () => <ApprovalFlowDemo /> };

export const ApprovalResponseFails: Story = {
  render: () => <ToolPanel tool={aiPart('approval-requested')} onApprove={() => Promise.reject(new Error('network is offline'))} onDeny={() => undefined} />,
};

// ─── Errors ──────────────────────────────────────────────────────────────────

export const Errors: Story = {
  render: () => (
    <Stack>
      <ToolPanel tool={seedCalls[3]!} />
      <ToolPanel tool={{ id: 'e2', name: 'query_db', status: 'error', args: { sql: 'select 1' }, error: { code: 'ECONNRESET', message: 'socket hang up' } }} />
      <ToolPanel tool={aiPart('output-error')} />
      <ToolPanel tool={{ type: 'tool-parse', toolCallId: 'e4', state: 'output-error', input: undefined, errorText: 'Invalid JSON in tool input' }} />
      {/* Neither shape: an error state that keeps the value. */}
      <ToolPanel tool={{ status: 'weird', payload: [1, 2, 3] } as unknown as ToolInput} />
    </Stack>
  ),
};

export const FalsyOutputs: Story = {
  render: () => (
    <Stack>
      {[0, false, '', null, undefined].map((output, i) => (
        <ToolPanel key={i} tool={{ type: 'tool-check', toolCallId: `f${i}`, state: 'output-available', input: { i }, output }} defaultOpen />
      ))}
    </Stack>
  ),
};

// ─── Huge and hostile payloads ───────────────────────────────────────────────

function HugeDemo() {
  const tools = React.useMemo<ToolCall[]>(
    () => [
      { id: 'h1', name: 'read_file', status: 'completed', args: { path: 'big.log' }, result: 'log line\n'.repeat(1_200_000) },
      { id: 'h2', name: 'list_rows', status: 'completed', args: { table: 'events' }, result: Array.from({ length: 100_000 }, (_, i) => ({ id: i, ok: i % 7 !== 0 })) },
      { id: 'h3', name: 'walk_tree', status: 'completed', args: {}, result: hostileValues().deep },
    ],
    [],
  );
  return (
    <Stack>
      {tools.map((t) => (
        <ToolPanel key={t.id} tool={t} defaultOpen />
      ))}
    </Stack>
  );
}
/** A ~10 MB string, 100,000 rows and 5,000 levels of nesting: truncated, paged, and opened on demand. */
export const HugePayloads: Story = { render: () => <HugeDemo /> };

/** Cycles, BigInt, Date, Map/Set, functions, symbols, class instances, throwing getters, a revoked Proxy and HTML-looking strings. */
export const HostilePayloads: Story = {
  render: () => <ToolPanel tool={{ id: 'x', name: 'inspect', status: 'completed', args: { html: '<script>alert(1)</script>' }, result: hostileValues() }} defaultOpen />,
};

export const ValueViewer: Story = {
  render: () => <ToolValue value={{ zero: 0, no: false, empty: '', nothing: null, missing: undefined, list: [1, 2, 3], when: new Date(0) }} actions={ToolValueCopyButton} />,
};

// ─── Streaming simulation ────────────────────────────────────────────────────

const STREAM_STEPS: Array<Partial<AiToolPart> & { state: AiToolState }> = [
  { state: 'input-streaming', input: undefined },
  { state: 'input-streaming', input: { path: 'src/' } },
  { state: 'input-streaming', input: { path: 'src/index.ts', encoding: 'ut' } },
  { state: 'input-available', input: { path: 'src/index.ts', encoding: 'utf8' } },
  { state: 'approval-requested', approval: { id: 'ap-1' } },
  { state: 'approval-responded', approval: { id: 'ap-1', approved: true } },
  { state: 'output-available', preliminary: true, output: { bytes: 512 } },
  { state: 'output-available', preliminary: false, output: { bytes: 1204, text: 'export * from "./tool";' } },
];

function StreamingDemo() {
  const [step, setStep] = React.useState(0);
  const [run, setRun] = React.useState(0);
  React.useEffect(() => {
    if (step >= STREAM_STEPS.length - 1) return;
    const timer = setTimeout(() => setStep((s) => s + 1), 700);
    return () => clearTimeout(timer);
  }, [step, run]);
  const part = React.useMemo(() => {
    let acc: AiToolPart = { type: 'tool-read_file', toolCallId: `stream-${run}`, state: 'input-streaming' };
    for (let i = 0; i <= step; i++) acc = { ...acc, ...STREAM_STEPS[i]! };
    return acc;
  }, [step, run]);
  return (
    <Stack>
      <ToolPanel key={run} tool={part} defaultOpen />
      <p>
        Step {step + 1} of {STREAM_STEPS.length}: <code>{part.state}</code>
        {part.preliminary ? ' (preliminary)' : ''}{' '}
        <button type="button" onClick={() => (setStep(0), setRun((r) => r + 1))}>
          Restart
        </button>
      </p>
    </Stack>
  );
}
/** An AI SDK part walked through input-streaming → input-available → approval → preliminary output → output. */
export const StreamingSimulation: Story = { render: () => <StreamingDemo /> };

// ─── Composition ─────────────────────────────────────────────────────────────

export const CustomComposition: Story = {
  render: () => (
    <ToolPanel tool={seedCalls[2]!} defaultOpen>
      <ToolPanelHeader>
        <ToolPanelTrigger>
          <ToolPanelStatus labels={{ completed: 'Done' }} /> <ToolPanelTitle /> <ToolPanelDuration />
        </ToolPanelTrigger>
      </ToolPanelHeader>
      <ToolPanelContent>
        <ToolPanelArgs label="Arguments" />
        <ToolPanelResult label="Returned" />
        <ToolPanelError />
      </ToolPanelContent>
    </ToolPanel>
  ),
};

// ─── ToolList ────────────────────────────────────────────────────────────────

function BigListDemo({ n }: { n: number }) {
  const [tools, setTools] = React.useState(() => manyTools(n));
  React.useEffect(() => {
    let step = 0;
    const timer = setInterval(() => {
      step++;
      setTools((prev) => {
        const next = prev.slice();
        const i = (step * 7919) % next.length;
        const t = next[i]!;
        next[i] = 'toolCallId' in t ? { ...t, state: 'output-available', output: { step } } : { ...t, status: 'completed', result: { step } };
        return next;
      });
    }, 500);
    return () => clearInterval(timer);
  }, []);
  return <ToolList tools={tools} onApprove={log('approved')} onDeny={log('denied')} />;
}
/** 2,000 invocations, virtualised; one item completes every 500 ms. Arrow keys, Home and End move between panels. */
export const List2000: Story = { name: 'List: 2,000 items', render: () => <BigListDemo n={2000} /> };

const ReadFile = ({ invocation }: ToolRendererProps) => (
  <div data-se-part="tool-panel" data-status={invocation.status}>
    📄 {(invocation.args as { path?: string } | undefined)?.path ?? '…'} — {invocation.status}
  </div>
);
export const ListCustomRenderers: Story = {
  name: 'List: per-tool renderers',
  render: () => <ToolList tools={[...seedCalls, aiPart('output-available')]} renderers={{ read_file: ReadFile }} />,
};

export const ListNested: Story = {
  name: 'List: nested sub-agent calls',
  render: () => (
    <ToolList
      tools={[
        {
          id: 'agent',
          name: 'research_agent',
          status: 'running',
          args: { goal: 'Summarise the repo' },
          children: [seedCalls[2]!, aiPart('output-available', { id: 'n2' }), { ...aiPart('input-available', { id: 'n3', dynamic: true }), children: [seedCalls[0]!] }],
        },
        seedCalls[2]!,
      ]}
    />
  ),
};

export const ListEmpty: Story = { name: 'List: empty', render: () => <ToolList tools={[]} /> };

// ─── AllStates ───────────────────────────────────────────────────────────────

export const AllStates: Story = {
  render: () => (
    <div style={{ display: 'grid', gap: 16, gridTemplateColumns: 'repeat(auto-fill, minmax(360px, 1fr))' }}>
      {[...seedCalls.map((c) => ({ ...c, startedAt: undefined })), ...aiStates.map((s) => aiPart(s)), { ...aiPart('output-available', { id: 'pre' }), preliminary: true }, ...aiStates.map((s) => aiPart(s, { dynamic: true }))].map(
        (tool, i) => (
          <ToolPanel key={i} tool={tool} defaultOpen onApprove={log('approved')} onDeny={log('denied')} />
        ),
      )}
    </div>
  ),
};
