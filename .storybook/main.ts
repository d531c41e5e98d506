import type { StorybookConfig } from '@storybook/react-vite';

const config: StorybookConfig = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.@(ts|tsx)', '../test/e2e/live/*.stories.tsx'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: {
    // Props tables come from the TypeScript types (JSDoc and `@default` included).
    reactDocgen: 'react-docgen-typescript',
    reactDocgenTypescriptOptions: {
      shouldExtractLiteralValuesFromEnum: true,
      shouldRemoveUndefinedFromOptional: true,
      // Our own props only: the hundreds of inherited DOM attributes bury them.
      propFilter: (prop) => !prop.parent || !/node_modules/.test(prop.parent.fileName),
    },
  },
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
