export * from './web-terminal';
export type { AsChildProps } from './internal/slot';
