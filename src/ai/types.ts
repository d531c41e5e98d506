// The inputs and outputs of the sandbox tools. No runtime code and no `ai`
// import: the renderers in the core entry read these types too.
import type { ComputerAction, FileEntry } from '../transport/types';

/** The name of each tool `createSandboxTools` can return. */
export type SandboxToolName = 'exec' | 'readFile' | 'writeFile' | 'listFiles' | 'previewUrl' | 'screenshot' | 'computer';

/** Every tool name, in the order they are documented. */
export const SANDBOX_TOOL_NAMES: readonly SandboxToolName[] = ['exec', 'readFile', 'writeFile', 'listFiles', 'previewUrl', 'screenshot', 'computer'];

export interface ExecToolInput {
  command: string;
  cwd?: string;
  timeoutMs?: number;
}
export interface ExecToolOutput {
  exitCode: number;
  /** The command's output as the sandbox printed it (ANSI colours kept; the model gets it without them). */
  output: string;
  /** True when the start of a long output was dropped. */
  truncated?: boolean;
}

export interface ReadFileToolInput {
  path: string;
}
export interface ReadFileToolOutput {
  path: string;
  content: string;
}

export interface WriteFileToolInput {
  path: string;
  content: string;
}
export interface WriteFileToolOutput {
  path: string;
  /** UTF-8 bytes written. */
  bytes: number;
  /** The file's text before the write, when it existed and was text. */
  previous?: string;
}

export interface ListFilesToolInput {
  path: string;
}
export interface ListFilesToolOutput {
  path: string;
  entries: FileEntry[];
}

export interface PreviewUrlToolInput {
  port: number;
}
export interface PreviewUrlToolOutput {
  port: number;
  url: string;
}

/** An image as the tools return it: base64 data and its media type. */
export interface SandboxToolImage {
  width: number;
  height: number;
  /** `image/png`, `image/jpeg`, or `image/svg+xml` (the simulated sandbox). */
  mediaType: string;
  /** Base64, no `data:` prefix. */
  data: string;
}

export type ScreenshotToolInput = Record<string, never>;
/** `{ width, height }` for the UI, plus the image (the model receives it as image content). */
export type ScreenshotToolOutput = SandboxToolImage;

export interface ComputerToolInput {
  action: ComputerAction;
}
export interface ComputerToolOutput {
  action: ComputerAction;
  /** The screen after the action, when it could be taken. */
  screenshot?: SandboxToolImage;
}
