// A chat wired the way an app wires it: `useChat` from @ai-sdk/react with an
// in-process agent (`DirectChatTransport` + `ToolLoopAgent`) whose model is
// the AI SDK's own `MockLanguageModelV4`. The model asks to call a tool that
// needs approval; the tool parts go to `ToolList` as they are, and the
// approval goes back through `addToolApprovalResponse`. Shared by the test
// (test/tool/use-chat.test.tsx) and the story (stories/tool-ai-sdk.stories.tsx).
import * as React from 'react';
import { useChat } from '@ai-sdk/react';
import {
  DirectChatTransport,
  ToolLoopAgent,
  isToolUIPart,
  jsonSchema,
  lastAssistantMessageIsCompleteWithApprovalResponses,
  tool,
  type LanguageModelUsage,
} from 'ai';
import { MockLanguageModelV4, convertArrayToReadableStream } from 'ai/test';
import { ToolList, type ToolListProps } from '../../src/tool';

type Prompt = Parameters<MockLanguageModelV4['doStream']>[0]['prompt'];

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

/** A scripted model: first it calls `delete_file`, then it answers with what the tool result said. */
export function createScriptedChat(options: { path?: string; requestReason?: string } = {}) {
  const path = options.path ?? '/workspace/old.log';
  const prompts: Prompt[] = [];
  const executed: Array<{ path: string }> = [];
  const model = new MockLanguageModelV4({
    doStream: async ({ prompt }) => {
      prompts.push(prompt);
      if (prompts.length === 1) {
        return {
          stream: convertArrayToReadableStream([
            { type: 'stream-start' as const, warnings: [] },
            { type: 'tool-call' as const, toolCallId: 'call-1', toolName: 'delete_file', input: JSON.stringify({ path }) },
            { type: 'finish' as const, finishReason: { unified: 'tool-calls' as const, raw: undefined }, usage },
          ]),
        };
      }
      // The last tool message says what happened to the call: its output or its denial.
      const last = prompt[prompt.length - 1];
      const result = last?.role === 'tool' ? last.content.find((c) => c.type === 'tool-result') : undefined;
      const said = result && 'output' in result ? (result.output.type === 'execution-denied' ? `denied (${result.output.reason ?? 'no reason'})` : 'deleted') : 'nothing';
      const text = `The tool was ${said}.`;
      return {
        stream: convertArrayToReadableStream([
          { type: 'stream-start' as const, warnings: [] },
          { type: 'text-start' as const, id: 't1' },
          { type: 'text-delta' as const, id: 't1', delta: text },
          { type: 'text-end' as const, id: 't1' },
          { type: 'finish' as const, finishReason: { unified: 'stop' as const, raw: undefined }, usage },
        ]),
      };
    },
  });
  const agent = new ToolLoopAgent({
    model,
    tools: {
      delete_file: tool({
        description: 'Delete a file in the sandbox',
        inputSchema: jsonSchema<{ path: string }>({ type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }),
        needsApproval: true,
        execute: async (input: { path: string }) => {
          executed.push(input);
          return { deleted: input.path };
        },
      }),
    },
  });
  const transport = new DirectChatTransport({ agent });
  return { transport, prompts, executed, path };
}

export type ScriptedChat = ReturnType<typeof createScriptedChat>;
export type { LanguageModelUsage };

/** The chat UI: a send button, the tool parts in a ToolList, the assistant's text. */
export function ScriptedChatView({ chat, listProps }: { chat: ScriptedChat; listProps?: Partial<ToolListProps> }) {
  const { messages, sendMessage, addToolApprovalResponse, status } = useChat({
    transport: chat.transport,
    sendAutomaticallyWhen: lastAssistantMessageIsCompleteWithApprovalResponses,
  });
  const tools = messages.flatMap((m) => m.parts.filter(isToolUIPart));
  const reply = messages
    .filter((m) => m.role === 'assistant')
    .flatMap((m) => m.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])))
    .join(' ');
  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 760 }}>
      <button type="button" onClick={() => void sendMessage({ text: `Please delete ${chat.path}` })} disabled={status !== 'ready'}>
        Ask the agent
      </button>
      <ToolList
        tools={tools}
        onApprove={(inv) => addToolApprovalResponse({ id: inv.approval!.id, approved: true })}
        onDeny={(reason, inv) => addToolApprovalResponse({ id: inv.approval!.id, approved: false, reason })}
        {...listProps}
      />
      <p data-testid="assistant-reply" aria-live="polite">
        {reply}
      </p>
    </div>
  );
}
