// Renderers for the sandbox tools (`sandbox-elements/ai`) in ToolList.
export {
  sandboxToolRenderers,
  ExecToolRenderer,
  ReadFileToolRenderer,
  WriteFileToolRenderer,
  ListFilesToolRenderer,
  PreviewUrlToolRenderer,
  ScreenshotToolRenderer,
  ComputerToolRenderer,
  describeComputerAction,
  defaultSandboxToolLabels,
} from './renderers';
export { diffLines, type DiffLine } from './diff';
export type {
  SandboxToolName,
  SandboxToolImage,
  ExecToolInput,
  ExecToolOutput,
  ReadFileToolInput,
  ReadFileToolOutput,
  WriteFileToolInput,
  WriteFileToolOutput,
  ListFilesToolInput,
  ListFilesToolOutput,
  PreviewUrlToolInput,
  PreviewUrlToolOutput,
  ScreenshotToolInput,
  ScreenshotToolOutput,
  ComputerToolInput,
  ComputerToolOutput,
} from '../ai/types';
