// @vitest-environment node
import { generateText, stepCountIs, type ModelMessage } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from '../transport/memory';
import { SandboxError } from '../transport/errors';
import type { SandboxTransport } from '../transport/types';
import { createSandboxTools } from './tools';
import { SANDBOX_TOOL_NAMES } from './types';

type Call = { toolName: string; input: unknown };

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};

/** A model that makes the given tool calls, one step each, then says "done". */
function scriptedModel(calls: Call[]) {
  let step = 0;
  return new MockLanguageModelV4({
    doGenerate: async () => {
      const call = calls[step];
      step++;
      if (!call) return { content: [{ type: 'text', text: 'done' }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] };
      return {
        content: [{ type: 'tool-call', toolCallId: `call-${step}`, toolName: call.toolName, input: JSON.stringify(call.input) }],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage,
        warnings: [],
      };
    },
  });
}

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('createSandboxTools', () => {
  it('given the simulated sandbox, should offer every tool with a described JSON Schema input', async () => {
    const tools = createSandboxTools({ transport: createMemoryTransport(), sandboxId: 'abc123' });
    expect(Object.keys(tools)).toEqual([...SANDBOX_TOOL_NAMES]);
    for (const [name, t] of Object.entries(tools)) {
      expect((t.description as string).length, name).toBeGreaterThan(40);
      const schema = await (t.inputSchema as { jsonSchema: unknown }).jsonSchema;
      expect(schema, name).toMatchObject({ type: 'object' });
      for (const [prop, def] of Object.entries((schema as { properties: Record<string, { description?: string }> }).properties)) {
        expect(def.description, `${name}.${prop}`).toBeTruthy();
      }
    }
  });

  it('given each flat tool, should validate exactly what its JSON Schema says (types, required, minimum, maximum)', async () => {
    const tools = createSandboxTools({ transport: createMemoryTransport(), sandboxId: 'abc123' });
    type Prop = { type: string; minimum?: number; maximum?: number };
    const sample = (p: Prop) => (p.type === 'string' ? 'a' : p.type === 'integer' ? (p.minimum ?? 0) : {});
    let checked = 0;
    for (const [name, t] of Object.entries(tools)) {
      if (name === 'computer') continue;
      const schema = (await (t.inputSchema as { jsonSchema: unknown }).jsonSchema) as { properties: Record<string, Prop>; required?: string[] };
      const validate = (v: unknown) => (t.inputSchema as unknown as { validate: (v: unknown) => Promise<{ success: boolean; error?: Error }> }).validate(v);
      const valid = Object.fromEntries(Object.entries(schema.properties).map(([k, p]) => [k, sample(p)]));
      expect((await validate(valid)).success, name).toBe(true);
      for (const key of schema.required ?? []) {
        const { [key]: _dropped, ...missing } = valid;
        expect((await validate(missing)).error?.message, `${name} without ${key}`).toBe(`${name}: \`${key}\` is required`);
        checked++;
      }
      for (const [key, p] of Object.entries(schema.properties)) {
        const wrong = p.type === 'string' ? 1 : 'x';
        expect((await validate({ ...valid, [key]: wrong })).success, `${name}.${key} of the wrong type`).toBe(false);
        if (p.minimum !== undefined) expect((await validate({ ...valid, [key]: p.minimum - 1 })).success, `${name}.${key} below its minimum`).toBe(false);
        if (p.maximum !== undefined) expect((await validate({ ...valid, [key]: p.maximum + 1 })).success, `${name}.${key} above its maximum`).toBe(false);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('given a model calling every tool on the simulated sandbox, should return each result to it', async () => {
    const transport = createMemoryTransport({ files: { '/home/user/notes.txt': 'old notes\n' }, logIntervalMs: 0 });
    const tools = createSandboxTools({
      transport,
      sandboxId: 'abc123',
      approval: { exec: false, writeFile: false, computer: false },
    });
    const calls: Call[] = [
      { toolName: 'writeFile', input: { path: '/home/user/notes.txt', content: 'new notes ✓\n' } },
      { toolName: 'writeFile', input: { path: '/home/user/index.html', content: '<h1>Hi</h1>' } },
      { toolName: 'readFile', input: { path: '/home/user/notes.txt' } },
      { toolName: 'listFiles', input: { path: '/home/user' } },
      { toolName: 'exec', input: { command: 'cat index.html' } },
      { toolName: 'exec', input: { command: 'nope' } },
      { toolName: 'previewUrl', input: { port: 3000 } },
      { toolName: 'screenshot', input: {} },
      { toolName: 'computer', input: { action: { type: 'click', x: 10, y: 20 } } },
      { toolName: 'computer', input: { action: { type: 'type', text: 'hello' } } },
    ];
    const model = scriptedModel(calls);
    const result = await generateText({ model, tools, prompt: 'Use every tool', stopWhen: stepCountIs(20) });

    expect(result.text).toBe('done');
    const outputs = result.steps.flatMap((s) => s.toolResults).map((r) => [r.toolName, r.output] as const);
    expect(outputs).toHaveLength(calls.length);
    expect(result.steps.flatMap((s) => s.content).filter((c) => c.type === 'tool-error')).toEqual([]);

    const [write1, write2, read, list, exec1, exec2, preview, shot, click, type] = outputs.map(([, o]) => o as Record<string, unknown>);
    expect(write1).toEqual({ path: '/home/user/notes.txt', bytes: 14, previous: 'old notes\n' });
    expect(write2).toEqual({ path: '/home/user/index.html', bytes: 11 });
    expect(read).toEqual({ path: '/home/user/notes.txt', content: 'new notes ✓\n' });
    expect((list!.entries as Array<{ name: string; isDir: boolean }>).map((e) => e.name).sort()).toEqual(['index.html', 'notes.txt']);
    expect(exec1).toEqual({ exitCode: 0, output: '<h1>Hi</h1>' });
    expect(exec2!.exitCode).toBe(127);
    expect(exec2!.output).toContain('nope: command not found');
    expect(preview!.port).toBe(3000);
    expect(preview!.url).toMatch(/^data:text\/html/);
    expect(shot).toMatchObject({ width: 1280, height: 800, mediaType: 'image/svg+xml' });
    expect(Buffer.from(shot!.data as string, 'base64').toString()).toContain('<svg');
    expect(click).toMatchObject({ action: { type: 'click', x: 10, y: 20 }, screenshot: { width: 1280, height: 800 } });
    expect(type!.action).toEqual({ type: 'type', text: 'hello' });

    // What the sandbox received.
    expect(transport.inspect('abc123').actions).toEqual([
      { type: 'click', x: 10, y: 20 },
      { type: 'type', text: 'hello' },
    ]);

    // What the model saw: ANSI stripped from exec, no content echo for writeFile, the screenshot as its image.
    const last = model.doGenerateCalls.at(-1)!.prompt;
    const toolOutputs = last
      .filter((m) => m.role === 'tool')
      .flatMap((m) => m.content)
      .map((p) => (p as { output: unknown }).output);
    expect(toolOutputs[0]).toEqual({ type: 'json', value: { path: '/home/user/notes.txt', bytes: 14, created: false } });
    expect(JSON.stringify(toolOutputs[5])).not.toContain('\u001b[');
    expect(JSON.stringify(toolOutputs[5])).toContain('nope: command not found');
    const shotForModel = toolOutputs[7] as { type: string; value: Array<{ type: string; text?: string }> };
    expect(shotForModel.type).toBe('content');
    expect(shotForModel.value[0]!.text).toContain('Screenshot, 1280×800');
    expect(shotForModel.value[0]!.text).toContain('<svg');
  });

  it('given default approval, should ask before exec, writeFile and computer and run the read-only tools at once', async () => {
    const transport = createMemoryTransport({ logIntervalMs: 0 });
    const tools = createSandboxTools({ transport, sandboxId: 'abc123' });
    const asked: string[] = [];
    for (const [toolName, input] of [
      ['exec', { command: 'touch x' }],
      ['writeFile', { path: '/home/user/x', content: 'x' }],
      ['computer', { action: { type: 'move', x: 1, y: 1 } }],
      ['readFile', { path: '/home/user/.profile' }],
      ['listFiles', { path: '/home/user' }],
      ['previewUrl', { port: 8080 }],
      ['screenshot', {}],
    ] as const) {
      const result = await generateText({ model: scriptedModel([{ toolName, input }]), tools, prompt: 'go', stopWhen: stepCountIs(2) });
      if (result.content.some((c) => c.type === 'tool-approval-request')) asked.push(toolName);
    }
    expect(asked).toEqual(['exec', 'writeFile', 'computer']);
    // Nothing that needed approval ran.
    expect(transport.inspect('abc123').actions).toEqual([]);
    expect(await transport.files!.list({ sandboxId: 'abc123', path: '/home/user' })).not.toContainEqual(expect.objectContaining({ name: 'x' }));
  });

  it('given approval overrides, should ask for what the host says (per input too)', async () => {
    const tools = createSandboxTools({
      transport: createMemoryTransport({ logIntervalMs: 0 }),
      sandboxId: 'abc123',
      approval: { exec: (input) => /\brm\b/.test(input.command), readFile: true },
    });
    const ask = async (toolName: string, input: unknown) =>
      (await generateText({ model: scriptedModel([{ toolName, input }]), tools, prompt: 'go', stopWhen: stepCountIs(2) })).content.some(
        (c) => c.type === 'tool-approval-request',
      );
    expect(await ask('exec', { command: 'ls' })).toBe(false);
    expect(await ask('exec', { command: 'rm -rf scratch' })).toBe(true);
    expect(await ask('readFile', { path: '/x' })).toBe(true);
  });

  it('given a denial in the messages, should not run the tool and should tell the model it was denied', async () => {
    const transport = createMemoryTransport({ logIntervalMs: 0, files: { '/home/user/scratch/a.txt': 'a' } });
    const tools = createSandboxTools({ transport, sandboxId: 'abc123' });
    const model = scriptedModel([{ toolName: 'exec', input: { command: 'rm -rf scratch' } }]);
    const first = await generateText({ model, tools, prompt: 'clean up', stopWhen: stepCountIs(3) });
    const request = first.content.find((c) => c.type === 'tool-approval-request')!;
    expect(request).toBeDefined();
    const messages: ModelMessage[] = [
      { role: 'user', content: 'clean up' },
      ...first.response.messages,
      { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: request.approvalId, approved: false, reason: 'keep my files' }] },
    ];
    await generateText({ model, tools, messages, stopWhen: stepCountIs(3) });
    const denied = model.doGenerateCalls
      .at(-1)!
      .prompt.filter((m) => m.role === 'tool')
      .flatMap((m) => m.content)
      .find((p) => p.type === 'tool-result');
    expect((denied as { output: unknown }).output).toEqual({ type: 'execution-denied', reason: 'keep my files' });
    expect(await transport.files!.list({ sandboxId: 'abc123', path: '/home/user/scratch' })).toHaveLength(1);
  });

  it('given a SandboxError, should become a tool error naming its code, and never throw', async () => {
    const transport = createMemoryTransport({ logIntervalMs: 0, files: { '/home/user/bin.dat': '' } });
    await transport.files!.write({ sandboxId: 'abc123', path: '/home/user/bin.dat', content: new Uint8Array([0, 1, 2, 255]) });
    const tools = createSandboxTools({ transport, sandboxId: 'abc123', approval: { computer: false } });
    const result = await generateText({
      model: scriptedModel([
        { toolName: 'readFile', input: { path: '/home/user/missing.txt' } },
        { toolName: 'readFile', input: { path: '/home/user/bin.dat' } },
        { toolName: 'previewUrl', input: { port: 70000 } },
        { toolName: 'computer', input: { action: { type: 'click', x: 5000, y: 1 } } },
        { toolName: 'computer', input: { action: { type: 'jump' } } },
      ]),
      tools,
      prompt: 'go',
      stopWhen: stepCountIs(10),
    });
    const errors = result.steps.flatMap((s) => s.content).filter((c) => c.type === 'tool-error');
    const text = errors.map((e) => String((e as { error: unknown }).error instanceof Error ? (e as { error: Error }).error.message : (e as { error: unknown }).error));
    expect(text).toHaveLength(5);
    expect(text[0]).toMatch(/^readFile failed \[not_found\]/);
    expect(text[1]).toMatch(/binary file \(4 bytes\)/);
    expect(text[2]).toMatch(/port.*at most 65535/);
    expect(text[3]).toMatch(/^computer failed \[invalid_request\]: .*outside the display/);
    expect(text[4]).toMatch(/Unknown action type|action/i);
    expect(result.text).toBe('done');
  });

  it('given an unexpected throw or an unsupported transport, should report it as a tool error', async () => {
    const transport: SandboxTransport = {
      getPreviewLink: async () => {
        throw new SandboxError('unavailable', 'sandbox is starting');
      },
      exec: async () => {
        throw new TypeError('boom');
      },
    };
    const tools = createSandboxTools({ transport, sandboxId: 's', approval: { exec: false } });
    expect(Object.keys(tools)).toEqual(['exec', 'previewUrl']);
    const result = await generateText({
      model: scriptedModel([
        { toolName: 'exec', input: { command: 'ls' } },
        { toolName: 'previewUrl', input: { port: 3000 } },
      ]),
      tools,
      prompt: 'go',
      stopWhen: stepCountIs(5),
    });
    const errors = result.steps.flatMap((s) => s.content).filter((c) => c.type === 'tool-error').map((e) => ((e as { error: Error }).error).message);
    expect(errors).toEqual(['exec failed: boom', 'previewUrl failed [unavailable]: sandbox is starting']);
  });

  it('given include, should return only those tools', () => {
    const tools = createSandboxTools({ transport: createMemoryTransport({ logIntervalMs: 0 }), sandboxId: 'abc123', include: ['readFile', 'screenshot'] });
    expect(Object.keys(tools)).toEqual(['readFile', 'screenshot']);
  });

  it('given a transport without files or computer use, should leave those tools out', () => {
    const tools = createSandboxTools({ transport: createMemoryTransport({ without: ['files', 'computerUse', 'exec'] }), sandboxId: 'abc123' });
    expect(Object.keys(tools)).toEqual(['previewUrl']);
  });
});
