// sandbox-elements/ai: AI SDK 7 tools over any SandboxTransport (server-safe, no React).
export {
  createSandboxTools,
  sandboxToolErrorMessage,
  DEFAULT_SANDBOX_TOOL_APPROVAL,
  type CreateSandboxToolsOptions,
  type SandboxToolApproval,
  type SandboxToolSet,
  type SandboxTools,
} from './tools';
export { computerActionSchema } from './schemas';
export * from './types';
