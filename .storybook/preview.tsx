import type { Preview } from '@storybook/react-vite';
import * as React from 'react';
import { SandboxProvider, createMemoryTransport } from '../src';
import '../src/styles/base.css';
import { loadFamilyStyles } from './load-styles';

loadFamilyStyles();

/**
 * Every story runs on the simulated sandbox unless it supplies its own
 * `SandboxProvider` (stories that show failure states do).
 */
const preview: Preview = {
  decorators: [
    (Story, context) => {
      const transport = React.useMemo(() => createMemoryTransport(context.parameters.memoryTransport ?? {}), [context.id]);
      React.useEffect(() => () => transport.dispose(), [transport]);
      return (
        <SandboxProvider transport={transport} sandboxId="abc123">
          <div data-theme={context.globals.theme === 'dark' ? 'dark' : 'light'} style={{ padding: 16, background: 'var(--se-bg)', color: 'var(--se-fg)', minHeight: '100%' }}>
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
    controls: { expanded: true },
  },
};

export default preview;
