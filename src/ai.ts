// Entry: sandbox-elements/ai. Server-safe; `ai` 7 is its optional peer.
export * from './ai/index';
