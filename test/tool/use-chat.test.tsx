/**
 * The real hook end to end: useChat (@ai-sdk/react 4) → DirectChatTransport →
 * ToolLoopAgent with the AI SDK's MockLanguageModelV4 → tool parts → ToolList
 * → addToolApprovalResponse → the agent runs (or does not run) the tool → the
 * model sees the result or the denial.
 */
import * as React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createScriptedChat, ScriptedChatView } from './ai-sdk-chat';

const panel = () => document.querySelector<HTMLElement>('[data-se-part="tool-panel"]')!;

describe('ToolList with useChat and addToolApprovalResponse', () => {
  it('given the model asks to delete a file, when the user approves, should run the tool and show its output and the model’s reply', async () => {
    const user = userEvent.setup();
    const chat = createScriptedChat();
    render(<ScriptedChatView chat={chat} />);
    await user.click(screen.getByRole('button', { name: 'Ask the agent' }));

    const approve = await screen.findByRole('button', { name: 'Approve' });
    expect(panel()).toHaveAttribute('data-status', 'approval-requested');
    expect(panel()).toHaveTextContent('delete_file');
    expect(within(screen.getByRole('group', { name: 'Input' })).getByText(`"${chat.path}"`)).toBeInTheDocument();
    expect(chat.executed).toEqual([]);

    await user.click(approve);
    await waitFor(() => expect(panel()).toHaveAttribute('data-status', 'completed'));
    expect(chat.executed).toEqual([{ path: chat.path }]);
    const output = screen.getByRole('group', { name: 'Output' });
    expect(within(output).getByText('deleted:')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('assistant-reply')).toHaveTextContent('The tool was deleted.'));
    expect(screen.getByRole('status')).toHaveTextContent('1 tool call: 1 completed');
  });

  it('given the model asks to delete a file, when the user denies with a reason, should not run the tool and the denial should reach the model', async () => {
    const user = userEvent.setup();
    const chat = createScriptedChat();
    render(<ScriptedChatView chat={chat} />);
    await user.click(screen.getByRole('button', { name: 'Ask the agent' }));

    await screen.findByRole('button', { name: 'Deny' });
    await user.type(screen.getByRole('textbox', { name: /reason/i }), 'keep the logs');
    await user.click(screen.getByRole('button', { name: 'Deny' }));

    await waitFor(() => expect(screen.getByTestId('assistant-reply')).toHaveTextContent('The tool was denied (keep the logs).'));
    expect(chat.executed).toEqual([]);
    // What the model received on its second call: a tool result saying the call was denied, with the reason.
    const last = chat.prompts[1]!.at(-1)!;
    expect(last.role).toBe('tool');
    expect(JSON.stringify(last.content)).toContain('"execution-denied"');
    expect(JSON.stringify(last.content)).toContain('keep the logs');
    expect(panel()).toHaveAttribute('data-status', 'denied');
    expect(panel()).toHaveTextContent('keep the logs');
    expect(screen.getByRole('status')).toHaveTextContent('1 tool call: 1 denied');
    expect(screen.getByRole('status')).not.toHaveTextContent(/running/);
  });
});
