import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { useSandboxTransport } from '../src';

function TransportSummary() {
  const transport = useSandboxTransport();
  const capabilities = ['getSandbox', 'subscribeLogs', 'openPty', 'computerUse', 'exec', 'files', 'sandboxes'].filter(
    (k) => (transport as unknown as Record<string, unknown>)[k] !== undefined,
  );
  const [state, setState] = React.useState('resolving');
  React.useEffect(() => {
    const controller = new AbortController();
    transport.getSandbox?.({ sandboxId: 'abc123' }, controller.signal).then(
      (info) => setState(info.state),
      (error: Error) => setState(`error: ${error.message}`),
    );
    return () => controller.abort();
  }, [transport]);
  return (
    <div data-se-part="welcome">
      <h1>sandbox-elements</h1>
      <p>
        Every story runs on the simulated sandbox <code>abc123</code> (state: <strong data-testid="sandbox-state">{state}</strong>).
      </p>
      <p>Capabilities of this transport: {capabilities.join(', ')}.</p>
    </div>
  );
}

const meta: Meta<typeof TransportSummary> = {
  title: 'Welcome',
  // A live summary of the transport, not a component to document (Introduction is the docs page).
  tags: ['!autodocs'],
  component: TransportSummary,
};
export default meta;

export const Overview: StoryObj<typeof TransportSummary> = {};
