// What .storybook/main.ts defines for the live stories (same shape as vite/client's, so they merge).
interface ImportMetaEnv {
  readonly STORYBOOK_SANDBOX_URL?: string;
  readonly STORYBOOK_SANDBOX_TOKEN?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
