// What `tsc` (skipLibCheck: false) checks: the public types of every server
// entry, with only the server packages the README lists installed
// (ws, @daytonaio/sdk, node-pty, ai; @types/node as any Node app has).
export type * as server from 'sandbox-elements/server';
export type * as daytona from 'sandbox-elements/daytona';
export type * as local from 'sandbox-elements/local';
export type * as ai from 'sandbox-elements/ai';
