import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
// The built Storybook tree-shakes the CSS glob in .storybook/load-styles.ts,
// so the sections this story needs are imported here too.
import '../src/styles/tool.css';
import '../src/styles/sandbox-renderers.css';
import '../src/styles/web-preview.css';
import '../src/styles/computer-use.css';
import '../src/styles/web-terminal.css';
import { createSandboxTools, type SandboxTools } from '../src/ai';
import { ComputerUseDisplay, ComputerUseProvider } from '../src/computer-use';
import { sandboxToolRenderers } from '../src/sandbox-renderers';
import { ToolList, type AiToolPart, type ToolInvocation } from '../src/tool';
import { WebTerminal } from '../src/terminal';
import { useSandboxTransport } from '../src/transport';
import { WebPreview } from '../src/web-preview';

const meta: Meta<typeof ToolList> = {
  title: 'AI/Agent workspace',
  component: ToolList,
  parameters: {
    layout: 'fullscreen',
    docs: {
      description: {
        component:
          'An agent working in the simulated sandbox: the calls come from `createSandboxTools` (`sandbox-elements/ai`) run on the ' +
          "story's memory transport, and render with `<ToolList renderers={sandboxToolRenderers} />`. `exec`, `writeFile` and " +
          '`computer` ask for approval by default. The live preview, terminal and desktop share the same transport. See docs/ai.md.',
      },
    },
  },
};
export default meta;
type Story = StoryObj<typeof ToolList>;

const PAGE = '<!doctype html>\n<html lang="en">\n  <body style="font-family: system-ui">\n    <h1>Hello from the agent</h1>\n  </body>\n</html>\n';

type Call = { tool: keyof SandboxTools; input: Record<string, unknown> };
const SCRIPT: Call[] = [
  { tool: 'exec', input: { command: 'mkdir -p site scratch' } },
  { tool: 'writeFile', input: { path: '/home/user/site/index.html', content: PAGE.replace('Hello from the agent', 'Hello') } },
  { tool: 'writeFile', input: { path: '/home/user/site/index.html', content: PAGE } },
  { tool: 'exec', input: { command: 'serve -p 8123 site' } },
  { tool: 'exec', input: { command: 'ls -a' } },
  { tool: 'exec', input: { command: 'cat missing.txt' } },
  { tool: 'listFiles', input: { path: '/home/user' } },
  { tool: 'readFile', input: { path: '/home/user/site/index.html' } },
  { tool: 'readFile', input: { path: '/home/user/nope.txt' } },
  { tool: 'previewUrl', input: { port: 8123 } },
  { tool: 'screenshot', input: {} },
  { tool: 'computer', input: { action: { type: 'click', x: 300, y: 200 } } },
];

/** Runs the real tools on the story's sandbox, one after another, as an agent would. */
function useAgentRun(): [AiToolPart[], React.Dispatch<React.SetStateAction<AiToolPart[]>>] {
  const transport = useSandboxTransport();
  const [parts, setParts] = React.useState<AiToolPart[]>([]);
  React.useEffect(() => {
    let cancelled = false;
    const tools = createSandboxTools({ transport, sandboxId: 'abc123' });
    (async () => {
      for (const [i, call] of SCRIPT.entries()) {
        const toolCallId = `call-${i}`;
        const base = { type: `tool-${call.tool}` as const, toolCallId, input: call.input };
        try {
          const output = await tools[call.tool]!.execute!(call.input as never, { toolCallId, messages: [], context: {} });
          if (cancelled) return;
          setParts((p) => [...p, { ...base, state: 'output-available', output }]);
        } catch (error) {
          if (cancelled) return;
          setParts((p) => [...p, { ...base, state: 'output-error', errorText: (error as Error).message }]);
        }
      }
      if (!cancelled) {
        setParts((p) => [...p, { type: 'tool-exec', toolCallId: 'call-rm', state: 'approval-requested', input: { command: 'rm -rf scratch' }, approval: { id: 'approval-rm' } }]);
      }
    })();
    return () => void (cancelled = true);
  }, [transport]);
  return [parts, setParts];
}

function AgentWorkspaceStory() {
  const [parts, setParts] = useAgentRun();
  const answer = (approved: boolean, reason?: string) =>
    setParts((p) =>
      p.map((part) =>
        part.toolCallId === 'call-rm' ? { ...part, state: approved ? 'approval-responded' : 'output-denied', approval: { id: 'approval-rm', approved, reason } } : part,
      ),
    );
  const onApprove = React.useCallback((_: ToolInvocation) => answer(true), []);
  const onDeny = React.useCallback((reason: string | undefined) => answer(false, reason), []);
  const previewed = parts.some((p) => p.type === 'tool-previewUrl' && p.state === 'output-available');
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(360px, 1fr) minmax(360px, 1fr)', gap: 16, padding: 16, alignItems: 'start' }}>
      <ToolList tools={parts} renderers={sandboxToolRenderers} onApprove={onApprove} onDeny={onDeny} label="Agent tool calls" />
      <div style={{ display: 'grid', gap: 16 }}>
        <section aria-label="Preview" style={{ height: 260, display: 'flex' }}>
          {previewed ? <WebPreview port={8123} style={{ flex: 1 }} /> : <p>The agent has not opened a preview yet.</p>}
        </section>
        <section aria-label="Terminal" style={{ height: 220, display: 'flex' }}>
          <WebTerminal cursorBlink={false} style={{ flex: 1 }} />
        </section>
        <section aria-label="Desktop" style={{ height: 300, display: 'flex' }}>
          <ComputerUseProvider>
            <ComputerUseDisplay style={{ flex: 1 }} />
          </ComputerUseProvider>
        </section>
      </div>
    </div>
  );
}

/**
 * The simulated sandbox driven by the real tools: a write shown as a diff, a
 * static server started with `exec`, the live preview of its port, a
 * screenshot, a click marked on the screen, failures as tool errors naming
 * their code, and `rm -rf scratch` waiting for approval.
 */
export const AgentWorkspace: Story = {
  name: 'Agent workspace',
  render: () => <AgentWorkspaceStory />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const rm = await canvas.findByText('rm -rf scratch', undefined, { timeout: 10_000 });
    // Every scripted call is listed, in order, under the list's name.
    const list = canvas.getByRole('list', { name: 'Agent tool calls' });
    await expect(within(list).getAllByRole('listitem').length).toBeGreaterThanOrEqual(13);
    await expect(canvas.getByText('mkdir -p site scratch')).toBeInTheDocument();
    // The preview opened by the agent shows the page it wrote and served.
    const frame = await within(canvas.getByRole('region', { name: 'Preview' })).findByTitle('Preview of sandbox abc123, port 8123', undefined, { timeout: 10_000 });
    await waitFor(() => expect(decodeURIComponent((frame as HTMLIFrameElement).src)).toContain('Hello from the agent'), { timeout: 10_000 });
    await waitFor(() => expect(frame).toHaveAttribute('data-status', 'ready'), { timeout: 10_000 });
    await expect(canvas.getByText('readFile failed [not_found]: No such file or directory: /home/user/nope.txt', { exact: false })).toBeInTheDocument();
    const panel = rm.closest<HTMLElement>('[data-sandbox-tool="exec"]')!;
    await userEvent.type(within(panel).getByLabelText('Reason (optional)'), 'keep my notes');
    await userEvent.click(within(panel).getByRole('button', { name: 'Deny' }));
    await expect(await within(panel).findByText('Denied: keep my notes')).toBeInTheDocument();
  },
};
