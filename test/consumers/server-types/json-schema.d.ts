// `ai`'s own declarations (@ai-sdk/provider) import types from `json-schema`,
// which ships none, and `ai` does not depend on @types/json-schema: with
// skipLibCheck: false every app that installs `ai` needs @types/json-schema or
// a declaration like this one. sandbox-elements' declarations do not need it.
declare module 'json-schema' {
  export interface JSONSchema7 {
    [keyword: string]: unknown;
  }
  export type JSONSchema7Definition = JSONSchema7 | boolean;
}
