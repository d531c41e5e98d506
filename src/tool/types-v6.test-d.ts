// The same proof against `ai@6` (installed as the `ai-v6` alias): AI SDK 6 parts
// keep working next to AI SDK 7 (types.test-d.ts).
import type { DynamicToolUIPart, ToolUIPart, UIMessage, UIToolInvocation } from 'ai-v6';
import { describe, expectTypeOf, it } from 'vitest';
import type { AiToolApproval, AiToolPart, AiToolState, ToolInput } from './normalize';
import type { ToolListProps, ToolPanelProps } from './index';

type Tools = {
  get_weather: { input: { city: string }; output: { temperature: number } };
  read_file: { input: { path: string }; output: string };
};

describe('AI SDK 6 parts are accepted as they are', () => {
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

  it('the approval of a real part fits the mirror', () => {
    type Responded = Extract<DynamicToolUIPart, { state: 'approval-responded' }>;
    expectTypeOf<Responded['approval']>().toExtend<AiToolApproval>();
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
