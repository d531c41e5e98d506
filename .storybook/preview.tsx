import type { Preview } from '@storybook/react-vite';
import * as React from 'react';
import { SandboxProvider, createMemoryTransport } from '../src';
import type { MemoryTransportOptions } from '../src';
import '../src/styles/base.css';
import { loadFamilyStyles } from './load-styles';
import { primeSandbox, sandboxOptionsFromArgs } from '../stories/support/sandbox-controls';

loadFamilyStyles();

/**
 * Every story runs on the simulated sandbox unless it supplies its own
 * `SandboxProvider` (stories that show failure states do). Its options come
 * from `parameters.memoryTransport`, overridden by the sandbox controls
 * (`sandboxArgTypes` in stories/support/sandbox-controls.ts) where a story has them.
 */
const preview: Preview = {
  tags: ['autodocs'],
  decorators: [
    (Story, context) => {
      const fromArgs = sandboxOptionsFromArgs(context.args);
      const key = JSON.stringify(fromArgs);
      const transport = React.useMemo(() => {
        const t = createMemoryTransport({ ...(context.parameters.memoryTransport as MemoryTransportOptions | undefined), ...fromArgs.options });
        primeSandbox(t, fromArgs);
        return t;
        // eslint-disable-next-line react-hooks/exhaustive-deps
      }, [context.id, key]);
      React.useEffect(() => () => transport.dispose(), [transport]);
      const theme = context.globals.theme === 'dark' ? 'dark' : 'light';
      return (
        <SandboxProvider key={key} transport={transport} sandboxId="abc123">
          {/* As wide as its content (a grid wider than a 320 px viewport keeps its theme background). */}
          <div data-theme={theme} style={{ padding: 16, background: 'var(--se-bg)', color: 'var(--se-fg)', minHeight: '100%', boxSizing: 'border-box', width: 'fit-content', minWidth: '100%' }}>
            <Story />
          </div>
        </SandboxProvider>
      );
    },
  ],
  globalTypes: {
    theme: {
      description: 'Theme',
      toolbar: { title: 'Theme', icon: 'contrast', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true, sort: 'requiredFirst' },
    docs: { toc: true },
    a11y: {
      // Any axe violation fails the story's test (npm test runs every story
      // through the storybook vitest project, light and dark).
      test: 'error',
      // Page-level rules that do not apply to a component rendered alone (a
      // host page supplies landmarks and the h1).
      options: { rules: { region: { enabled: false }, 'landmark-one-main': { enabled: false }, 'page-has-heading-one': { enabled: false } } },
    },
  },
};

export default preview;
