import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
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
  ToolPanelHeader,
  ToolPanelTrigger,
  type AiToolPart,
} from '../src/tool';
import { aiPart } from '../src/tool/fixtures';
import { createScriptedChat, ScriptedChatView } from '../test/tool/ai-sdk-chat';

const meta: Meta<typeof ToolPanel> = {
  title: 'Tool/AI SDK 7',
  component: ToolPanel,
  parameters: {
    docs: {
      description: {
        component:
          'AI SDK 7 fields (`approval.requestReason`, `approval.isAutomatic`, denial reason, `title`, text `rawInput` while the input streams, ' +
          '`preliminary` output) and the approval variants beyond yes/no: `allowAlways`, ToolList `autoApprove`, `editableArgs`, ' +
          'a custom approval UI (`ToolPanelApproval` children or render prop with `ToolPanelApproveButton` / `ToolPanelDenyButton`).',
      },
    },
  },
};
export default meta;
type Story = StoryObj<typeof ToolPanel>;

const requested = (extra: Partial<AiToolPart> = {}): AiToolPart =>
  ({
    type: 'tool-delete_file',
    toolCallId: 'c1',
    state: 'approval-requested',
    input: { path: '/tmp/a.log' },
    approval: { id: 'ap-1', requestReason: 'Deleting files cannot be undone' },
    ...extra,
  }) as AiToolPart;

const Stack = ({ children }: { children: React.ReactNode }) => <div style={{ display: 'grid', gap: 8, maxWidth: 760 }}>{children}</div>;

/** Shows what a callback received, on the page. */
function useSent() {
  const [sent, setSent] = React.useState<string>('nothing yet');
  return [sent, setSent] as const;
}

// ─── Fields ──────────────────────────────────────────────────────────────────

export const RequestReason: Story = {
  render: () => <ToolPanel tool={requested()} onApprove={() => undefined} onDeny={() => undefined} />,
  play: async ({ canvasElement }) => {
    const group = within(canvasElement).getByRole('group', { name: 'Approval' });
    await expect(group).toHaveTextContent('Why: Deleting files cannot be undone');
    await expect(within(group).getByRole('button', { name: 'Approve' })).toBeEnabled();
  },
};

export const ApprovedAutomatically: Story = {
  render: () => (
    <ToolPanel
      tool={requested({ state: 'output-available', output: { deleted: '/tmp/a.log' }, approval: { id: 'ap-1', approved: true, isAutomatic: true } } as Partial<AiToolPart>)}
      defaultOpen
    />
  ),
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('[data-marker="automatic"]')).toHaveTextContent('Approved automatically');
    await expect(within(canvasElement).getByRole('group', { name: 'Approval' })).toHaveTextContent('Approved (Approved automatically)');
  },
};

export const DenialReason: Story = {
  render: () => <ToolPanel tool={requested({ state: 'approval-responded', approval: { id: 'ap-1', approved: false, reason: 'not on prod' } } as Partial<AiToolPart>)} defaultOpen />,
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('[data-se-part="tool-panel"]')).toHaveAttribute('data-status', 'denied');
    await expect(within(canvasElement).getByRole('group', { name: 'Approval' })).toHaveTextContent('Denied: not on prod');
    await expect(within(canvasElement).queryByRole('button', { name: 'Approve' })).toBeNull();
  },
};

export const Title: Story = {
  render: () => <ToolPanel tool={{ type: 'dynamic-tool', toolName: 'fs_rm', toolCallId: 'd', state: 'input-available', input: { path: '/tmp/a.log' }, title: 'Remove a file' }} />,
  play: async ({ canvasElement }) => {
    const title = canvasElement.querySelector('[data-se-part="tool-panel-title"]')!;
    await expect(title).toHaveTextContent('Remove a file fs_rm');
  },
};

function TextStreamingDemo() {
  const full = 'ls -la /workspace && cat README.md';
  const [n, setN] = React.useState(8);
  React.useEffect(() => {
    if (n >= full.length) return;
    const t = setTimeout(() => setN((x) => Math.min(full.length, x + 4)), 120);
    return () => clearTimeout(t);
  }, [n]);
  return (
    <ToolPanel
      tool={{ type: 'dynamic-tool', toolName: 'shell', toolCallId: 's', state: 'input-streaming', rawInput: full.slice(0, n), inputEncoding: 'text' } as AiToolPart}
      defaultOpen
    />
  );
}
export const TextInputStreaming: Story = {
  render: () => <TextStreamingDemo />,
  play: async ({ canvasElement }) => {
    const raw = () => canvasElement.querySelector('[data-se-part="tool-panel-raw-input"]');
    await expect(raw()).toHaveAttribute('data-encoding', 'text');
    await waitFor(() => expect(raw()).toHaveTextContent('ls -la /workspace && cat README.md'), { timeout: 5000 });
  },
};

export const PreliminaryOutput: Story = {
  render: () => <ToolPanel tool={{ ...aiPart('output-available'), preliminary: true, output: { progress: 0.4 } }} defaultOpen />,
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('group', { name: 'Output (preliminary)' })).toBeInTheDocument();
    await expect(canvasElement.querySelector('[data-marker="preliminary"]')).toBeInTheDocument();
  },
};

// ─── Approval variants ───────────────────────────────────────────────────────

function AlwaysAllowDemo() {
  const [sent, setSent] = useSent();
  return (
    <Stack>
      <ToolPanel tool={requested()} allowAlways onApprove={(_inv, opts) => setSent(`approve ${JSON.stringify(opts ?? {})}`)} onDeny={() => setSent('deny')} />
      <output aria-label="Sent">{sent}</output>
    </Stack>
  );
}
export const AlwaysAllow: Story = {
  render: () => <AlwaysAllowDemo />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await userEvent.click(c.getByRole('button', { name: 'Always allow delete_file' }));
    await waitFor(() => expect(c.getByLabelText('Sent')).toHaveTextContent('approve {"always":true}'));
  },
};

function AutoApproveDemo() {
  const other = { type: 'tool-send_mail', toolCallId: 'm1', state: 'approval-requested', input: { to: 'team@example.com' }, approval: { id: 'ap-m' } } as AiToolPart;
  const [sent, setSent] = React.useState<string[]>([]);
  return (
    <Stack>
      <ToolList
        tools={[requested(), other]}
        autoApprove={['delete_file']}
        onApprove={(inv, opts) => setSent((s) => [...s, `${inv.name} ${JSON.stringify(opts ?? {})}`])}
        onDeny={() => undefined}
      />
      <output aria-label="Sent">{sent.join('; ') || 'nothing yet'}</output>
    </Stack>
  );
}
export const AutoApprovePolicy: Story = {
  render: () => <AutoApproveDemo />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await waitFor(() => expect(c.getByLabelText('Sent')).toHaveTextContent('delete_file {"automatic":true}'));
    const panels = canvasElement.querySelectorAll<HTMLElement>('[data-se-part="tool-panel"]');
    await expect(panels[0]!.querySelector('[data-marker="policy"]')).toHaveTextContent('Auto-approved');
    await expect(within(panels[1]!).getByRole('button', { name: 'Approve' })).toBeEnabled();
  },
};

const onEditedApprove = fn();
function EditableArgsDemo() {
  const [sent, setSent] = useSent();
  return (
    <Stack>
      <ToolPanel
        tool={requested()}
        onApprove={(inv, opts) => {
          onEditedApprove(opts);
          setSent(`approved with ${JSON.stringify(opts?.input)}`);
        }}
        onDeny={() => undefined}
        defaultOpen
      >
        <ToolPanelHeader>
          <ToolPanelTrigger />
        </ToolPanelHeader>
        <ToolPanelContent>
          <ToolPanelArgs />
          <ToolPanelApproval editor={<ToolPanelArgsEditor />} />
        </ToolPanelContent>
      </ToolPanel>
      <output aria-label="Sent">{sent}</output>
    </Stack>
  );
}
export const EditableArgs: Story = {
  render: () => <EditableArgsDemo />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    onEditedApprove.mockClear();
    const editor = c.getByRole('textbox', { name: 'Arguments (JSON)' });
    await userEvent.clear(editor);
    await userEvent.type(editor, '{{ "path": ');
    await userEvent.click(c.getByRole('button', { name: 'Approve' }));
    await expect(c.getByRole('alert')).toHaveTextContent(/^Not valid JSON: /);
    await expect(editor).toHaveAttribute('aria-invalid', 'true');
    await expect(onEditedApprove).not.toHaveBeenCalled();
    await userEvent.type(editor, '"/tmp/b.log" }');
    await waitFor(() => expect(c.queryByRole('alert')).toBeNull());
    await userEvent.click(c.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(c.getByLabelText('Sent')).toHaveTextContent('approved with {"path":"/tmp/b.log"}'));
    await expect(onEditedApprove).toHaveBeenCalledWith({ input: { path: '/tmp/b.log' } });
  },
};

function CustomApprovalDemo({ renderProp }: { renderProp: boolean }) {
  const [sent, setSent] = useSent();
  return (
    <Stack>
      <ToolPanel tool={requested()} onApprove={() => setSent('approved')} onDeny={() => setSent('denied')} defaultOpen>
        <ToolPanelHeader>
          <ToolPanelTrigger>delete_file</ToolPanelTrigger>
        </ToolPanelHeader>
        <ToolPanelContent>
          {renderProp ? (
            <ToolPanelApproval>
              {(state) => (
                <>
                  <p>
                    Run {state.invocation.name}? {state.requestReason}
                  </p>
                  <ToolPanelApproveButton>Yes, run it</ToolPanelApproveButton>
                  <ToolPanelDenyButton>No</ToolPanelDenyButton>
                </>
              )}
            </ToolPanelApproval>
          ) : (
            <ToolPanelApproval>
              <p>This deletes a file in the sandbox.</p>
              <ToolPanelApproveButton>Delete it</ToolPanelApproveButton>
              <ToolPanelDenyButton>Keep it</ToolPanelDenyButton>
            </ToolPanelApproval>
          )}
        </ToolPanelContent>
      </ToolPanel>
      <output aria-label="Sent">{sent}</output>
    </Stack>
  );
}
export const CustomApprovalUi: Story = {
  render: () => <CustomApprovalDemo renderProp={false} />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByText('This deletes a file in the sandbox.')).toBeInTheDocument();
    await userEvent.click(c.getByRole('button', { name: 'Keep it' }));
    await waitFor(() => expect(c.getByLabelText('Sent')).toHaveTextContent('denied'));
  },
};

export const RenderPropApproval: Story = {
  render: () => <CustomApprovalDemo renderProp />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await expect(c.getByText(/Run delete_file\? Deleting files cannot be undone/)).toBeInTheDocument();
    await userEvent.click(c.getByRole('button', { name: 'Yes, run it' }));
    await waitFor(() => expect(c.getByLabelText('Sent')).toHaveTextContent('approved'));
  },
};

export const SurvivesReload: Story = {
  render: () => {
    // As stored in a chat history and read back: a JSON round trip.
    const stored = JSON.parse(JSON.stringify(requested())) as AiToolPart;
    const responded = JSON.parse(JSON.stringify(requested({ toolCallId: 'c2', state: 'approval-responded', approval: { id: 'ap-2', approved: true } } as Partial<AiToolPart>))) as AiToolPart;
    return (
      <Stack>
        <ToolPanel tool={stored} onApprove={() => undefined} onDeny={() => undefined} />
        <ToolPanel tool={responded} onApprove={() => undefined} defaultOpen />
      </Stack>
    );
  },
  play: async ({ canvasElement }) => {
    const [first, second] = canvasElement.querySelectorAll<HTMLElement>('[data-se-part="tool-panel"]');
    await expect(within(first!).getByRole('button', { name: 'Approve' })).toBeEnabled();
    await expect(within(second!).getByRole('group', { name: 'Approval' })).toHaveTextContent('Approved — waiting for the tool…');
    await expect(within(second!).queryByRole('button', { name: 'Approve' })).toBeNull();
  },
};

export const DeniedLastIsDone: Story = {
  render: () => (
    <ToolList
      tools={[
        aiPart('output-available', { id: 'a' }),
        requested({ toolCallId: 'c9', state: 'output-denied', approval: { id: 'ap-9', approved: false, reason: 'keep the logs' } } as Partial<AiToolPart>),
      ]}
    />
  ),
  play: async ({ canvasElement }) => {
    const summary = within(canvasElement).getByRole('status');
    await expect(summary).toHaveTextContent('2 tool calls: 1 completed, 1 denied');
    await expect(summary).not.toHaveTextContent(/running/);
    await expect(canvasElement.querySelector('[data-status="running"]')).toBeNull();
  },
};

// ─── useChat ─────────────────────────────────────────────────────────────────

function UseChatDemo() {
  const [chat] = React.useState(() => createScriptedChat());
  return <ScriptedChatView chat={chat} />;
}
/** `useChat` → `DirectChatTransport` → `ToolLoopAgent` with the AI SDK's `MockLanguageModelV4`; approvals go back through `addToolApprovalResponse`. */
export const UseChat: Story = {
  render: () => <UseChatDemo />,
  play: async ({ canvasElement }) => {
    const c = within(canvasElement);
    await userEvent.click(c.getByRole('button', { name: 'Ask the agent' }));
    await userEvent.click(await c.findByRole('button', { name: 'Approve' }, { timeout: 5000 }));
    const panel = () => canvasElement.querySelector('[data-se-part="tool-panel"]');
    await waitFor(() => expect(panel()).toHaveAttribute('data-status', 'completed'), { timeout: 5000 });
    await expect(within(c.getByRole('group', { name: 'Output' })).getByText('deleted:')).toBeInTheDocument();
    await waitFor(() => expect(c.getByTestId('assistant-reply')).toHaveTextContent('The tool was deleted.'), { timeout: 5000 });
  },
};
