// The accepted input mirrors the AI SDK's tool parts structurally; this proves
// the real `ai@7` types fit it (types-v6.test-d.ts does the same for `ai@6`).
import type { DynamicToolUIPart, ToolUIPart, UIMessage, UIToolInvocation } from 'ai';
import { describe, expectTypeOf, it } from 'vitest';
import type { AiToolApproval, AiToolPart, AiToolState, ToolInput } from './normalize';
import type { ToolListProps, ToolPanelProps } from './index';

type Tools = {
  get_weather: { input: { city: string }; output: { temperature: number } };
  read_file: { input: { path: string }; output: string };
};

describe('AI SDK 7 parts are accepted as they are', () => {
  it('a real ToolUIPart (generic and typed) is assignable to the accepted input', () => {
    expectTypeOf<ToolUIPart>().toExtend<AiToolPart>();
    expectTypeOf<ToolUIPart<Tools>>().toExtend<ToolInput>();
    expectTypeOf<ToolUIPart<Tools>>().toExtend<ToolPanelProps['tool']>();
  });

  it('a real DynamicToolUIPart is assignable', () => {
    expectTypeOf<DynamicToolUIPart>().toExtend<ToolInput>();
  });

  it('every state of the real parts is one of the seven states', () => {
    expectTypeOf<ToolUIPart<Tools>['state']>().toEqualTypeOf<AiToolState>();
    expectTypeOf<DynamicToolUIPart['state']>().toEqualTypeOf<AiToolState>();
  });

  it('the AI SDK 7 fields fit the mirror (approval reasons, isAutomatic, toolMetadata, inputEncoding)', () => {
    type Requested = Extract<DynamicToolUIPart, { state: 'approval-requested' }>;
    type Streaming = Extract<DynamicToolUIPart, { state: 'input-streaming' }>;
    expectTypeOf<Requested['approval']>().toExtend<AiToolApproval>();
    expectTypeOf<Requested['approval']['requestReason']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Requested['approval']['isAutomatic']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Streaming['inputEncoding']>().toEqualTypeOf<'json' | 'text' | undefined>();
    expectTypeOf<DynamicToolUIPart['toolMetadata']>().toExtend<AiToolPart['toolMetadata']>();
    expectTypeOf<UIToolInvocation<{ input: { a: 1 }; output: string }>>().toHaveProperty('toolCallId');
  });

  it('a message’s tool parts can be passed to ToolList', () => {
    type Part = Extract<UIMessage<unknown, never, Tools>['parts'][number], { toolCallId: string }>;
    expectTypeOf<Part[]>().toExtend<ToolListProps['tools']>();
  });

  it('an unrelated shape is rejected', () => {
    expectTypeOf<{ foo: string }>().not.toExtend<ToolInput>();
    expectTypeOf<{ type: 'text'; text: string }>().not.toExtend<ToolInput>();
  });
});
