import { streamText, type ToolSet } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { expectTypeOf, test } from 'vitest';
import { createMemoryTransport } from '../transport/memory';
import { createSandboxTools } from './tools';
import type { ExecToolOutput } from './types';

test('the tools fit streamText, with typed inputs and outputs', () => {
  const tools = createSandboxTools({ transport: createMemoryTransport(), sandboxId: 'abc123' });
  expectTypeOf(tools).toExtend<ToolSet>();
  streamText({ model: new MockLanguageModelV4(), tools, prompt: 'hi' });
  streamText({ model: new MockLanguageModelV4(), tools: { ...tools, other: tools.exec! }, prompt: 'hi' });
  type ExecOut = Awaited<ReturnType<NonNullable<NonNullable<typeof tools.exec>['execute']>>>;
  expectTypeOf<ExecOut>().toExtend<ExecToolOutput | AsyncIterable<ExecToolOutput>>();
  // @ts-expect-error approval predicates see the tool's own input
  createSandboxTools({ transport: createMemoryTransport(), sandboxId: 'x', approval: { exec: (input: { path: string }) => !!input.path } });
});
