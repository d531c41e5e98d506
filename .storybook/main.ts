import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.stories.@(ts|tsx)', '../test/e2e/live/*.stories.tsx'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    config.build ??= {};
    config.build.chunkSizeWarningLimit = 4000;
    config.build.rollupOptions ??= {};
    const previous = config.build.rollupOptions.onwarn;
    config.build.rollupOptions.onwarn = (warning, warn) => {
      if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
      if (previous) previous(warning, warn);
      else warn(warning);
    };
    // Live stories read the URL and token of `npm run dev:live` from here.
    config.define = {
      ...config.define,
      'import.meta.env.STORYBOOK_SANDBOX_URL': JSON.stringify(process.env.STORYBOOK_SANDBOX_URL ?? ''),
      'import.meta.env.STORYBOOK_SANDBOX_TOKEN': JSON.stringify(process.env.STORYBOOK_SANDBOX_TOKEN ?? ''),
    };
    return config;
  },
};

export default config;
