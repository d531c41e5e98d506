// The core entry: transport contract and the components that need no heavy peer.
export * from './transport';
export * from './web-preview';
export * from './tool';
export * from './computer-use';
export * from './http';
export * from './sandbox-renderers';
// The `asChild` prop that button and link parts take (their props types extend it).
export type { AsChildProps } from './internal/slot';
// What the components know of a sandbox's lifecycle (`useComputerUse().sandbox`, `WebPreview`'s context).
export type { SandboxLifecycle, SandboxLifecycleAction } from './internal/use-sandbox-lifecycle';
