// What .storybook/main.ts defines for the live stories (same shape as vite/client's, so they merge).
interface ImportMetaEnv {
  readonly STORYBOOK_SANDBOX_URL?: string;
  readonly STORYBOOK_SANDBOX_TOKEN?: string;
  /** The sandbox id the live server serves (`npm run dev:live` sets it; Storybook exposes STORYBOOK_* variables). */
  readonly STORYBOOK_SANDBOX_ID?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
