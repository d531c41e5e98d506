// The workspace: chat with the agent on the left (its tool calls rendered by
// sandboxToolRenderers), and the same sandbox on the right: the live preview,
// a terminal and the desktop, all on one transport.
import * as React from 'react';
import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, lastAssistantMessageIsCompleteWithApprovalResponses } from 'ai';
import {
  ComputerUseDisplay,
  ComputerUseProvider,
  createHttpTransport,
  SandboxProvider,
  sandboxToolRenderers,
  ToolList,
  WebPreview,
} from 'sandbox-elements';
import { WebTerminal } from 'sandbox-elements/terminal';

export function Workspace({ config }) {
  const transport = React.useMemo(
    () => createHttpTransport({ baseUrl: `${location.origin}/api/sandbox`, headers: { Authorization: `Bearer ${config.token}` } }),
    [config.token],
  );
  const chatTransport = React.useMemo(
    () => new DefaultChatTransport({ api: '/api/chat', headers: { Authorization: `Bearer ${config.token}` } }),
    [config.token],
  );
  const chat = useChat({
    transport: chatTransport,
    // After the user answers every pending approval, the turn continues by itself.
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
  });
  // The preview pane follows the port the agent last opened with previewUrl.
  const previewPort = React.useMemo(() => {
    const opened = chat.messages.flatMap((m) => m.parts).filter((p) => p.type === 'tool-previewUrl' && p.state === 'output-available');
    return opened.at(-1)?.output.port;
  }, [chat.messages]);
  return (
    <SandboxProvider transport={transport} sandboxId={config.sandboxId}>
      <div className="workspace">
        <Chat config={config} chat={chat} />
        <Panes previewPort={previewPort} />
      </div>
    </SandboxProvider>
  );
}

// ─── Chat ────────────────────────────────────────────────────────────────────

function Chat({ config, chat }) {
  const { messages, sendMessage, addToolApprovalResponse, status, error } = chat;
  const [input, setInput] = React.useState('Build a small web page, serve it and show it to me.');
  const onApprove = React.useCallback((invocation) => addToolApprovalResponse({ id: invocation.approval.id, approved: true }), [addToolApprovalResponse]);
  const onDeny = React.useCallback(
    (reason, invocation) => addToolApprovalResponse({ id: invocation.approval.id, approved: false, reason }),
    [addToolApprovalResponse],
  );
  const busy = status === 'submitted' || status === 'streaming';

  return (
    <section className="pane chat" aria-label="Chat">
      <header className="pane-title">
        Agent <span className="muted">· {config.model} · {config.sandbox} sandbox</span>
      </header>
      <ol className="messages" aria-live="polite">
        {messages.map((message) => (
          <li key={message.id} className="message" data-role={message.role}>
            <MessageParts message={message} onApprove={onApprove} onDeny={onDeny} />
          </li>
        ))}
      </ol>
      {error ? (
        <p role="alert" className="chat-error">
          {error.message}
        </p>
      ) : null}
      <form
        className="composer"
        onSubmit={(event) => {
          event.preventDefault();
          if (!input.trim() || busy) return;
          sendMessage({ text: input });
          setInput('');
        }}
      >
        <label htmlFor="prompt" className="visually-hidden">
          Message
        </label>
        <textarea id="prompt" value={input} onChange={(e) => setInput(e.target.value)} rows={2} />
        <button type="submit" disabled={busy || !input.trim()}>
          {busy ? 'Working…' : 'Send'}
        </button>
      </form>
    </section>
  );
}

/** Text as paragraphs; each run of tool calls as one ToolList. */
function MessageParts({ message, onApprove, onDeny }) {
  const groups = [];
  for (const part of message.parts) {
    if (part.type === 'text') groups.push({ kind: 'text', text: part.text });
    else if (part.type.startsWith('tool-') || part.type === 'dynamic-tool') {
      const last = groups.at(-1);
      if (last?.kind === 'tools') last.tools.push(part);
      else groups.push({ kind: 'tools', tools: [part] });
    }
  }
  return groups.map((group, i) =>
    group.kind === 'text' ? (
      <p key={i} className="message-text">
        {group.text}
      </p>
    ) : (
      <ToolList key={i} tools={group.tools} renderers={sandboxToolRenderers} onApprove={onApprove} onDeny={onDeny} aria-label="Tool calls" />
    ),
  );
}

// ─── Panes ───────────────────────────────────────────────────────────────────

function Panes({ previewPort }) {
  return (
    <div className="panes">
      <section className="pane" aria-label="Terminal">
        <header className="pane-title">Terminal</header>
        <WebTerminal className="terminal" cursorBlink={false} />
      </section>
      <section className="pane" aria-label="Desktop">
        <header className="pane-title">Desktop</header>
        <ComputerUseProvider>
          <ComputerUseDisplay className="desktop" />
        </ComputerUseProvider>
      </section>
      <section className="pane" aria-label="Preview">
        <header className="pane-title">Preview</header>
        {previewPort === undefined ? (
          <p className="muted placeholder">The agent has not opened a preview yet.</p>
        ) : (
          <WebPreview port={previewPort} className="preview" />
        )}
      </section>
    </div>
  );
}
