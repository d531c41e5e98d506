// ─── createSandboxTools ─────────────────────────────────────────────────────
// AI SDK 7 tools over any SandboxTransport. Server-safe: no React, and `ai` is
// the only peer it loads. Every failure becomes a tool error (the SDK reports
// a thrown `execute` as an `output-error` part and tells the model), so no
// call throws past the tool; a SandboxError's text names its code.
import { jsonSchema, tool, type Tool } from 'ai';
import { isSandboxError } from '../transport/errors';
import type { ComputerAction, SandboxTransport, Screenshot } from '../transport/types';
import { stripAnsi } from '../web-preview/ansi';
import { computerActionSchema, objectInput, validateComputerInput } from './schemas';
import type {
  ComputerToolInput,
  ComputerToolOutput,
  ExecToolInput,
  ExecToolOutput,
  ListFilesToolInput,
  ListFilesToolOutput,
  PreviewUrlToolInput,
  PreviewUrlToolOutput,
  ReadFileToolInput,
  ReadFileToolOutput,
  SandboxToolImage,
  SandboxToolName,
  ScreenshotToolInput,
  ScreenshotToolOutput,
  WriteFileToolInput,
  WriteFileToolOutput,
} from './types';

/** Whether a call needs the user's approval: a flag, or decided per input. */
export type SandboxToolApproval<INPUT> = boolean | ((input: INPUT) => boolean | PromiseLike<boolean>);

/** The tools `createSandboxTools` can return, by name. */
export interface SandboxToolSet {
  exec: Tool<ExecToolInput, ExecToolOutput>;
  readFile: Tool<ReadFileToolInput, ReadFileToolOutput>;
  writeFile: Tool<WriteFileToolInput, WriteFileToolOutput>;
  listFiles: Tool<ListFilesToolInput, ListFilesToolOutput>;
  previewUrl: Tool<PreviewUrlToolInput, PreviewUrlToolOutput>;
  screenshot: Tool<ScreenshotToolInput, ScreenshotToolOutput>;
  computer: Tool<ComputerToolInput, ComputerToolOutput>;
}

/** What `createSandboxTools` returns: the tools the transport can serve. */
export type SandboxTools = Partial<SandboxToolSet>;

export interface CreateSandboxToolsOptions {
  /** The transport that reaches the sandbox (memory, local, Daytona, HTTP). */
  transport: SandboxTransport;
  /** The sandbox every call acts on. */
  sandboxId: string;
  /**
   * Only these tools (those whose capability the transport lacks are left out regardless).
   * @default every tool
   */
  include?: readonly SandboxToolName[];
  /**
   * Approval per tool, overriding the defaults. (A `toolApproval` passed to
   * `streamText` / `generateText` takes precedence over both.)
   * @default { exec: true, writeFile: true, computer: true } (the others run without asking)
   */
  approval?: { [K in SandboxToolName]?: SandboxToolApproval<Parameters<NonNullable<SandboxToolSet[K]['execute']>>[0]> };
  /**
   * Characters of command output kept (the end is kept); the rest is dropped.
   * @default 32000
   */
  maxOutputChars?: number;
  /**
   * Largest file `readFile` returns, in bytes.
   * @default 1048576 (1 MiB)
   */
  maxReadBytes?: number;
}

/** Tools that change the sandbox ask first unless told otherwise. */
export const DEFAULT_SANDBOX_TOOL_APPROVAL: Readonly<Record<SandboxToolName, boolean>> = {
  exec: true,
  readFile: false,
  writeFile: true,
  listFiles: false,
  previewUrl: false,
  screenshot: false,
  computer: true,
};

/** The message a tool error carries: `[code] message` for a SandboxError. */
export function sandboxToolErrorMessage(tool: SandboxToolName, error: unknown): string {
  if (isSandboxError(error)) return `${tool} failed [${error.code}]: ${error.message}`;
  if (error instanceof Error) return `${tool} failed: ${error.message}`;
  return `${tool} failed: ${String(error)}`;
}

/** Runs `fn`, rethrowing anything as an Error whose text names the SandboxError code. */
async function guard<T>(name: SandboxToolName, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const wrapped = new Error(sandboxToolErrorMessage(name, error));
    if (isSandboxError(error)) Object.assign(wrapped, { code: error.code });
    throw wrapped;
  }
}

function toBase64(bytes: Uint8Array): string {
  const B = (globalThis as { Buffer?: { from(b: Uint8Array): { toString(enc: string): string } } }).Buffer;
  if (B) return B.from(bytes).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function imageOf(shot: Screenshot): Promise<SandboxToolImage> {
  const bytes = new Uint8Array(await shot.image.arrayBuffer());
  return { width: shot.width, height: shot.height, mediaType: shot.image.type || 'image/png', data: toBase64(bytes) };
}

/**
 * The model's view of an image. Raster images go as image content; an SVG
 * (the simulated sandbox draws its desktop as one) goes as its text, which
 * models read but most providers would refuse as an image.
 */
function imageForModel(image: SandboxToolImage, caption: string) {
  if (image.mediaType === 'image/svg+xml') {
    const svg = new TextDecoder().decode(Uint8Array.from(atob(image.data), (c) => c.charCodeAt(0)));
    return { type: 'content' as const, value: [{ type: 'text' as const, text: `${caption}\nThe screen as SVG:\n${svg}` }] };
  }
  return {
    type: 'content' as const,
    value: [
      { type: 'text' as const, text: caption },
      { type: 'file' as const, mediaType: image.mediaType, data: { type: 'data' as const, data: image.data } },
    ],
  };
}

const describeAction = (a: ComputerAction): string => {
  switch (a.type) {
    case 'click':
      return `${a.double ? 'Double-clicked' : 'Clicked'}${a.button && a.button !== 'left' ? ` ${a.button}` : ''} at (${a.x}, ${a.y})`;
    case 'move':
      return `Moved the pointer to (${a.x}, ${a.y})`;
    case 'drag':
      return `Dragged from (${a.from.x}, ${a.from.y}) to (${a.to.x}, ${a.to.y})`;
    case 'scroll':
      return `Scrolled ${a.direction} ${a.amount ?? 3} at (${a.x}, ${a.y})`;
    case 'type':
      return `Typed ${JSON.stringify(a.text)}`;
    case 'press':
      return `Pressed ${[...(a.modifiers ?? []), a.key].join('+')}`;
    case 'hotkey':
      return `Pressed ${a.keys}`;
  }
};

function isBinary(bytes: Uint8Array): boolean {
  if (bytes.subarray(0, 8192).includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/**
 * AI SDK 7 tools that act on one sandbox through `transport`: `exec`,
 * `readFile`, `writeFile`, `listFiles`, `previewUrl`, `screenshot`, `computer`.
 * A tool whose capability the transport lacks is left out.
 *
 * ```ts
 * const tools = createSandboxTools({ transport, sandboxId });
 * streamText({ model, tools, messages });
 * ```
 */
export function createSandboxTools(options: CreateSandboxToolsOptions): SandboxTools {
  const { transport, sandboxId, include, approval = {} } = options;
  const maxOutput = options.maxOutputChars ?? 32_000;
  const maxRead = options.maxReadBytes ?? 1024 * 1024;
  const wanted = (name: SandboxToolName) => !include || include.includes(name);
  const needsApproval = <K extends SandboxToolName>(name: K) => {
    const given = approval[name];
    return given === undefined ? DEFAULT_SANDBOX_TOOL_APPROVAL[name] : given;
  };
  // Read at call time, so a transport whose capability is added later still works.
  const files = () => transport.files!;
  const computerUse = () => transport.computerUse!;
  const tools: SandboxTools = {};

  if (wanted('exec') && transport.exec) {
    tools.exec = tool({
      description:
        'Run one shell command in the sandbox and wait for it to finish. Returns the exit code and the combined output. ' +
        'For a long-running process (a dev server), start it in the background (`cmd > log 2>&1 &`) so the call returns.',
      inputSchema: objectInput<ExecToolInput>(
        'exec',
        {
          command: { type: 'string', description: 'The shell command line, e.g. `ls -la` or `npm test`.' },
          cwd: { type: 'string', description: 'Directory to run in. Default: the sandbox user’s home.' },
          timeoutMs: { type: 'integer', minimum: 1, description: 'Give up after this many milliseconds.' },
        },
        ['command'],
      ),
      needsApproval: needsApproval('exec'),
      execute: (input, { abortSignal }) =>
        guard<ExecToolOutput>('exec', async () => {
          const result = await transport.exec!({ sandboxId, command: input.command, cwd: input.cwd, timeoutMs: input.timeoutMs }, abortSignal);
          const truncated = result.output.length > maxOutput;
          return { exitCode: result.exitCode, output: truncated ? result.output.slice(-maxOutput) : result.output, ...(truncated ? { truncated } : {}) };
        }),
      toModelOutput: ({ output }) => ({
        type: 'json',
        value: { exitCode: output.exitCode, output: stripAnsi(output.output), ...(output.truncated ? { truncated: true } : {}) },
      }),
    });
  }

  if (transport.files) {
    if (wanted('readFile')) {
      tools.readFile = tool({
        description: 'Read a text file from the sandbox. Binary files are refused.',
        inputSchema: objectInput<ReadFileToolInput>(
          'readFile',
          { path: { type: 'string', description: 'Path of the file, absolute (/home/user/app/index.html) or relative to the home directory.' } },
          ['path'],
        ),
        needsApproval: needsApproval('readFile'),
        execute: (input, { abortSignal }) =>
          guard<ReadFileToolOutput>('readFile', async () => {
            const bytes = await files().read({ sandboxId, path: input.path }, abortSignal);
            if (bytes.byteLength > maxRead) throw new Error(`${input.path} is ${bytes.byteLength} bytes; the limit is ${maxRead}. Read a part with exec (head, sed -n).`);
            if (isBinary(bytes)) throw new Error(`${input.path} is a binary file (${bytes.byteLength} bytes); only text files can be read.`);
            return { path: input.path, content: new TextDecoder().decode(bytes) };
          }),
      });
    }
    if (wanted('writeFile')) {
      tools.writeFile = tool({
        description: 'Create or replace a text file in the sandbox with the given content. Parent directories must exist.',
        inputSchema: objectInput<WriteFileToolInput>(
          'writeFile',
          {
            path: { type: 'string', description: 'Path of the file to write.' },
            content: { type: 'string', description: 'The complete new content of the file.' },
          },
          ['path', 'content'],
        ),
        needsApproval: needsApproval('writeFile'),
        execute: (input, { abortSignal }) =>
          guard<WriteFileToolOutput>('writeFile', async () => {
            let previous: string | undefined;
            try {
              const old = await files().read({ sandboxId, path: input.path }, abortSignal);
              if (old.byteLength <= maxRead && !isBinary(old)) previous = new TextDecoder().decode(old);
            } catch (error) {
              // A new file has no previous content; any other failure is the write's to report.
              if (!isSandboxError(error) || error.code !== 'not_found') throw error;
            }
            await files().write({ sandboxId, path: input.path, content: input.content }, abortSignal);
            const bytes = new TextEncoder().encode(input.content).byteLength;
            return previous === undefined ? { path: input.path, bytes } : { path: input.path, bytes, previous };
          }),
        // The model wrote the content; sending it back (and the old text) wastes its context.
        toModelOutput: ({ output }) => ({ type: 'json', value: { path: output.path, bytes: output.bytes, created: output.previous === undefined } }),
      });
    }
    if (wanted('listFiles')) {
      tools.listFiles = tool({
        description: 'List the entries of a directory in the sandbox (name, path, whether it is a directory, size in bytes).',
        inputSchema: objectInput<ListFilesToolInput>('listFiles', { path: { type: 'string', description: 'The directory to list, e.g. /home/user.' } }, ['path']),
        needsApproval: needsApproval('listFiles'),
        execute: (input, { abortSignal }) =>
          guard<ListFilesToolOutput>('listFiles', async () => {
            const entries = await files().list({ sandboxId, path: input.path }, abortSignal);
            return { path: input.path, entries: entries.map(({ name, path, isDir, size }) => ({ name, path, isDir, size })) };
          }),
      });
    }
  }

  if (wanted('previewUrl')) {
    tools.previewUrl = tool({
      description: 'Get the URL at which a person can open what the sandbox serves on a port (shown to the user as a live preview).',
      inputSchema: objectInput<PreviewUrlToolInput>(
        'previewUrl',
        { port: { type: 'integer', minimum: 1, maximum: 65535, description: 'The port a server in the sandbox listens on, e.g. 3000.' } },
        ['port'],
      ),
      needsApproval: needsApproval('previewUrl'),
      execute: (input, { abortSignal }) =>
        guard<PreviewUrlToolOutput>('previewUrl', async () => {
          const link = await transport.getPreviewLink({ sandboxId, port: input.port }, abortSignal);
          return { port: input.port, url: link.url };
        }),
      // A data: URL (the simulated sandbox) can be long and tells the model nothing.
      toModelOutput: ({ output }) => ({ type: 'json', value: { port: output.port, url: output.url.startsWith('data:') ? '(inline page shown to the user)' : output.url } }),
    });
  }

  if (transport.computerUse) {
    if (wanted('screenshot')) {
      tools.screenshot = tool({
        description: 'Take a screenshot of the sandbox desktop. Coordinates for the computer tool are pixels of this image.',
        inputSchema: objectInput<ScreenshotToolInput>('screenshot', {}),
        needsApproval: needsApproval('screenshot'),
        execute: (_input, { abortSignal }) =>
          guard<ScreenshotToolOutput>('screenshot', async () => imageOf(await computerUse().screenshot({ sandboxId, format: 'png' }, abortSignal))),
        toModelOutput: ({ output }) => imageForModel(output, `Screenshot, ${output.width}×${output.height} pixels.`),
      });
    }
    if (wanted('computer')) {
      tools.computer = tool({
        description:
          'Perform one mouse or keyboard action on the sandbox desktop: click, move, drag, scroll, type, press or hotkey. ' +
          'Returns a screenshot taken after the action. Take a screenshot first to find coordinates.',
        inputSchema: jsonSchema<ComputerToolInput>(
          {
            type: 'object',
            properties: { action: computerActionSchema },
            required: ['action'],
            additionalProperties: false,
          },
          { validate: validateComputerInput },
        ),
        needsApproval: needsApproval('computer'),
        execute: (input, { abortSignal }) =>
          guard<ComputerToolOutput>('computer', async () => {
            await computerUse().perform({ sandboxId, action: input.action }, abortSignal);
            try {
              return { action: input.action, screenshot: await imageOf(await computerUse().screenshot({ sandboxId, format: 'png' }, abortSignal)) };
            } catch {
              // The action happened; a failed look afterwards must not report it as failed.
              return { action: input.action };
            }
          }),
        toModelOutput: ({ output }) =>
          output.screenshot
            ? imageForModel(output.screenshot, `${describeAction(output.action)}. The screen now:`)
            : { type: 'text', value: `${describeAction(output.action)}.` },
      });
    }
  }
  return tools;
}
