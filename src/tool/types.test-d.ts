import type { DynamicToolUIPart, ToolUIPart, UIMessage } from 'ai';
import { describe, expectTypeOf, it } from 'vitest';
import type { AiToolPart, ToolInput } from './normalize';
import type { ToolListProps, ToolPanelProps } from './index';

type Tools = {
  get_weather: { input: { city: string }; output: { temperature: number } };
  read_file: { input: { path: string }; output: string };
};

describe('AI SDK parts are accepted as they are', () => {
  it('a real ToolUIPart (generic and typed) is assignable to the accepted input', () => {
    expectTypeOf<ToolUIPart>().toExtend<AiToolPart>();
    expectTypeOf<ToolUIPart<Tools>>().toExtend<ToolInput>();
    expectTypeOf<ToolUIPart<Tools>>().toExtend<ToolPanelProps['tool']>();
  });

  it('a real DynamicToolUIPart is assignable', () => {
    expectTypeOf<DynamicToolUIPart>().toExtend<ToolInput>();
  });

  it('a message’s tool parts can be passed to ToolList', () => {
    type Part = Extract<UIMessage<unknown, never, Tools>['parts'][number], { toolCallId: string }>;
    expectTypeOf<Part[]>().toExtend<ToolListProps['tools']>();
  });

  it('an unrelated shape is rejected', () => {
    expectTypeOf<{ foo: string }>().not.toExtend<ToolInput>();
  });
});
