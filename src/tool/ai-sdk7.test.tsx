/**
 * AI SDK 7 fields and the approval variants beyond yes/no, on ToolPanel and
 * ToolList, with parts shaped exactly as `ai@7` types them.
 */
import * as React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DynamicToolUIPart, ToolUIPart } from 'ai';
import { aiPart } from './fixtures';
import { ToolList } from './list';
import {
  ToolPanel,
  ToolPanelApproval,
  ToolPanelApproveButton,
  ToolPanelArgs,
  ToolPanelArgsEditor,
  ToolPanelContent,
  ToolPanelDenyButton,
  ToolPanelHeader,
  ToolPanelTrigger,
} from './panel';

type Tools = { delete_file: { input: { path: string }; output: { deleted: string } } };
const requested: ToolUIPart<Tools> = {
  type: 'tool-delete_file',
  toolCallId: 'c1',
  state: 'approval-requested',
  input: { path: '/tmp/a.log' },
  approval: { id: 'ap-1', requestReason: 'Deleting files cannot be undone' },
};

describe('ToolPanel — AI SDK 7 fields', () => {
  it('given approval.requestReason, should show it beside the approval buttons', () => {
    render(<ToolPanel tool={requested} onApprove={vi.fn()} onDeny={vi.fn()} />);
    const group = screen.getByRole('group', { name: 'Approval' });
    expect(group).toHaveTextContent('Why: Deleting files cannot be undone');
    expect(within(group).getByRole('button', { name: 'Approve' })).toBeEnabled();
  });

  it('given approval.isAutomatic, should mark the tool approved automatically', () => {
    const part: ToolUIPart<Tools> = { ...requested, state: 'output-available', output: { deleted: '/tmp/a.log' }, approval: { id: 'ap-1', approved: true, isAutomatic: true } };
    render(<ToolPanel tool={part} defaultOpen />);
    expect(document.querySelector('[data-marker="automatic"]')).toHaveTextContent('Approved automatically');
    expect(screen.getByRole('group', { name: 'Approval' })).toHaveTextContent('Approved (Approved automatically)');
  });

  it('given a denial with a reason (approval-responded approved:false), should show the reason and be final', () => {
    const part: ToolUIPart<Tools> = { ...requested, state: 'approval-responded', approval: { id: 'ap-1', approved: false, reason: 'not on prod' } };
    render(<ToolPanel tool={part} defaultOpen />);
    expect(document.querySelector('[data-se-part="tool-panel"]')).toHaveAttribute('data-status', 'denied');
    expect(screen.getByRole('group', { name: 'Approval' })).toHaveTextContent('Denied: not on prod');
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });

  it('given a title, should show it over the tool name', () => {
    const part: DynamicToolUIPart = { type: 'dynamic-tool', toolName: 'fs_rm', toolCallId: 'd', state: 'input-available', input: {}, title: 'Remove a file' };
    render(<ToolPanel tool={part} />);
    const title = document.querySelector('[data-se-part="tool-panel-title"]')!;
    expect(title).toHaveTextContent('Remove a file fs_rm');
    expect(title.querySelector('[data-se-part="tool-panel-tool-name"]')).toHaveTextContent('fs_rm');
  });

  it('given text rawInput while input streams (inputEncoding text), should show the text as it arrives', () => {
    const part: DynamicToolUIPart = { type: 'dynamic-tool', toolName: 'shell', toolCallId: 's', state: 'input-streaming', rawInput: 'ls -la /wor', inputEncoding: 'text' };
    render(<ToolPanel tool={part} defaultOpen />);
    const raw = document.querySelector('[data-se-part="tool-panel-raw-input"]')!;
    expect(raw).toHaveTextContent('ls -la /wor');
    expect(raw).toHaveAttribute('data-encoding', 'text');
  });

  it('given a preliminary output, should mark it until the final one replaces it', () => {
    const { rerender } = render(<ToolPanel tool={{ ...aiPart('output-available'), preliminary: true }} defaultOpen />);
    expect(screen.getByRole('group', { name: 'Output (preliminary)' })).toBeInTheDocument();
    expect(document.querySelector('[data-marker="preliminary"]')).toBeInTheDocument();
    rerender(<ToolPanel tool={{ ...aiPart('output-available'), preliminary: false }} defaultOpen />);
    expect(screen.getByRole('group', { name: 'Output' })).toBeInTheDocument();
    expect(document.querySelector('[data-marker="preliminary"]')).toBeNull();
  });

  it('given a stored message (JSON round trip), should show the buttons again, and the answer once responded', () => {
    const stored = JSON.parse(JSON.stringify(requested)) as typeof requested;
    const { unmount } = render(<ToolPanel tool={stored} onApprove={vi.fn()} onDeny={vi.fn()} />);
    expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
    unmount();
    const responded = JSON.parse(JSON.stringify({ ...requested, state: 'approval-responded', approval: { id: 'ap-1', approved: true } }));
    render(<ToolPanel tool={responded} onApprove={vi.fn()} defaultOpen />);
    expect(screen.getByRole('group', { name: 'Approval' })).toHaveTextContent('Approved — waiting for the tool…');
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
  });
});

describe('ToolPanel — approvals beyond yes/no', () => {
  it('given allowAlways, "Always allow" should call onApprove with { always: true }', async () => {
    const onApprove = vi.fn();
    render(<ToolPanel tool={requested} onApprove={onApprove} allowAlways />);
    await userEvent.click(screen.getByRole('button', { name: 'Always allow delete_file' }));
    expect(onApprove).toHaveBeenCalledWith(expect.objectContaining({ id: 'c1' }), { always: true });
  });

  it('given a ToolPanelArgsEditor in the approval, should refuse invalid JSON with a message and pass the edited input', async () => {
    const user = userEvent.setup();
    const onApprove = vi.fn();
    render(
      <ToolPanel tool={requested} onApprove={onApprove} defaultOpen>
        <ToolPanelContent>
          <ToolPanelArgs />
          <ToolPanelApproval editor={<ToolPanelArgsEditor />} />
        </ToolPanelContent>
      </ToolPanel>,
    );
    const editor = screen.getByRole('textbox', { name: 'Arguments (JSON)' });
    expect(JSON.parse((editor as HTMLTextAreaElement).value)).toEqual({ path: '/tmp/a.log' });
    fireEvent.change(editor, { target: { value: '{ "path": ' } });
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(onApprove).not.toHaveBeenCalled();
    expect(screen.getByRole('alert')).toHaveTextContent(/^Not valid JSON: /);
    expect(editor).toHaveAttribute('aria-invalid', 'true');
    expect(editor).toHaveFocus();
    fireEvent.change(editor, { target: { value: '{ "path": "/tmp/b.log" }' } });
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(onApprove).toHaveBeenCalledWith(expect.objectContaining({ id: 'c1' }), { input: { path: '/tmp/b.log' } });
  });

  it('given edits and then a new approval request, should keep the edits for the same request and start the new one from its arguments', () => {
    const panel = (tool: typeof requested) => (
      <ToolPanel tool={tool} onApprove={vi.fn()} defaultOpen>
        <ToolPanelContent>
          <ToolPanelApproval editor={<ToolPanelArgsEditor />} />
        </ToolPanelContent>
      </ToolPanel>
    );
    const { rerender } = render(panel(requested));
    const editor = () => screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Arguments (JSON)' });
    fireEvent.change(editor(), { target: { value: '{ "path": "/tmp/edited" }' } });
    rerender(panel({ ...requested }));
    expect(editor().value).toBe('{ "path": "/tmp/edited" }');
    rerender(panel({ ...requested, input: { path: '/tmp/next' }, approval: { id: 'a2' } }));
    expect(JSON.parse(editor().value)).toEqual({ path: '/tmp/next' });
  });

  it('given labels for the argument editor, should use them over its English defaults', () => {
    render(
      <ToolPanel tool={requested} onApprove={vi.fn()} defaultOpen labels={{ editArgs: 'Argumente (JSON)', invalidJson: (m) => `Kein JSON: ${m}` }}>
        <ToolPanelContent>
          <ToolPanelApproval editor={<ToolPanelArgsEditor />} />
        </ToolPanelContent>
      </ToolPanel>,
    );
    fireEvent.change(screen.getByRole('textbox', { name: 'Argumente (JSON)' }), { target: { value: '{' } });
    expect(screen.getByRole('alert')).toHaveTextContent(/^Kein JSON: /);
  });

  it('given no argument editor (the default), should offer none and approve with the input as it is', async () => {
    const onApprove = vi.fn();
    render(<ToolPanel tool={requested} onApprove={onApprove} />);
    expect(screen.queryByRole('textbox', { name: 'Arguments (JSON)' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(onApprove).toHaveBeenCalledWith(expect.objectContaining({ id: 'c1' }), {});
  });

  it('given ToolList editableArgs, should give every default panel the argument editor', async () => {
    const onApprove = vi.fn();
    render(<ToolList tools={[requested]} onApprove={onApprove} editableArgs />);
    const editor = screen.getByRole('textbox', { name: 'Arguments (JSON)' });
    fireEvent.change(editor, { target: { value: '{ "path": "/tmp/c.log" }' } });
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect(onApprove).toHaveBeenCalledWith(expect.objectContaining({ id: 'c1' }), { input: { path: '/tmp/c.log' } });
  });

  it('given a custom approval UI (render prop + asChild buttons), should keep disabled-while-pending and focus', async () => {
    const user = userEvent.setup();
    let resolve!: () => void;
    const onApprove = vi.fn(() => new Promise<void>((r) => (resolve = r)));
    const MyButton = React.forwardRef<HTMLButtonElement, React.ButtonHTMLAttributes<HTMLButtonElement>>((props, ref) => <button ref={ref} {...props} className="my" />);
    render(
      <ToolPanel tool={requested} onApprove={onApprove} onDeny={vi.fn()} defaultOpen>
        <ToolPanelHeader>
          <ToolPanelTrigger asChild>
            <MyButton>Toggle</MyButton>
          </ToolPanelTrigger>
        </ToolPanelHeader>
        <ToolPanelContent>
          <ToolPanelApproval>
            {(state) => (
              <>
                <p>Run {state.invocation.name}? {state.requestReason}</p>
                <ToolPanelApproveButton asChild>
                  <MyButton>Yes, run it</MyButton>
                </ToolPanelApproveButton>
                <ToolPanelDenyButton>No</ToolPanelDenyButton>
              </>
            )}
          </ToolPanelApproval>
        </ToolPanelContent>
      </ToolPanel>,
    );
    const toggle = screen.getByRole('button', { name: 'Toggle' });
    expect(toggle).toHaveClass('my');
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle).toHaveAttribute('data-state', 'open');
    const yes = screen.getByRole('button', { name: 'Yes, run it' });
    expect(yes).toHaveClass('my');
    expect(screen.getByText(/Run delete_file\? Deleting files/)).toBeInTheDocument();
    await user.click(yes);
    expect(onApprove).toHaveBeenCalledTimes(1);
    expect(yes).toBeDisabled();
    expect(screen.getByRole('button', { name: 'No' })).toBeDisabled();
    expect(screen.getByRole('group', { name: 'Approval' })).toHaveFocus();
    await act(async () => resolve());
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });

  it('given labels, should replace the strings', () => {
    render(<ToolPanel tool={requested} onApprove={vi.fn()} onDeny={vi.fn()} labels={{ approve: 'Zulassen', deny: 'Ablehnen', status: { 'approval-requested': 'Wartet' }, approvalQuestion: (t) => `${t} ausführen?` }} />);
    expect(screen.getByRole('button', { name: 'Zulassen' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ablehnen' })).toBeInTheDocument();
    expect(document.querySelector('[data-se-part="tool-panel-status"]')).toHaveTextContent('Wartet');
    expect(screen.getByText('delete_file ausführen?')).toBeInTheDocument();
  });
});

describe('ToolList — autoApprove', () => {
  it('given a policy by name, should approve matching requests once through onApprove and mark them; others still ask', async () => {
    const onApprove = vi.fn();
    const other: ToolUIPart = { type: 'tool-send_mail', toolCallId: 'm1', state: 'approval-requested', input: {}, approval: { id: 'ap-m' } };
    const { rerender } = render(<ToolList tools={[requested, other]} onApprove={onApprove} onDeny={vi.fn()} autoApprove={['delete_file']} />);
    await waitFor(() => expect(onApprove).toHaveBeenCalledTimes(1));
    expect(onApprove).toHaveBeenCalledWith(expect.objectContaining({ id: 'c1' }), { automatic: true });
    const panels = document.querySelectorAll('[data-se-part="tool-panel"]');
    expect(panels[0]!.querySelector('[data-marker="policy"]')).toHaveTextContent('Auto-approved');
    expect(within(panels[0] as HTMLElement).queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(within(panels[1] as HTMLElement).getByRole('button', { name: 'Approve' })).toBeEnabled();
    rerender(<ToolList tools={[{ ...requested }, other]} onApprove={onApprove} onDeny={vi.fn()} autoApprove={['delete_file']} />);
    await act(async () => undefined);
    expect(onApprove).toHaveBeenCalledTimes(1);
  });

  it('given a predicate, should use it', async () => {
    const onApprove = vi.fn();
    render(<ToolList tools={[requested]} onApprove={onApprove} autoApprove={(inv) => (inv.args as { path: string }).path.startsWith('/tmp/')} />);
    await waitFor(() => expect(onApprove).toHaveBeenCalledWith(expect.objectContaining({ id: 'c1' }), { automatic: true }));
  });
});
