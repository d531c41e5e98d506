// The page the VNC end-to-end test drives: the real ComputerUseVncDisplay
// (from source, through the `sandbox-elements/vnc` entry), connected through a
// transport whose preview link points at websockify on loopback.
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { ComputerUseActions, ComputerUseProvider, SandboxProvider, type SandboxTransport } from '../../../src/index';
import { ComputerUseVncDisplay } from '../../../src/vnc';

const params = new URLSearchParams(location.search);
const wsPort = Number(params.get('wsPort'));
const log = ((window as unknown as { __vnc: { connects: number; disconnects: number; links: number; errors: string[] } }).__vnc = {
  connects: 0,
  disconnects: 0,
  links: 0,
  errors: [] as string[],
});
const transport: SandboxTransport = {
  async getPreviewLink({ port }) {
    log.links++;
    if (port !== 6080) throw new Error(`unexpected port ${port}`);
    return { url: `http://127.0.0.1:${wsPort}/` };
  },
};

function App() {
  const [viewOnly, setViewOnly] = React.useState(false);
  (window as unknown as { setViewOnly: (v: boolean) => void }).setViewOnly = setViewOnly;
  return (
    <SandboxProvider transport={transport} sandboxId="e2e">
      {/* No computer-use API on this transport: the keyboard panel types over the VNC connection. */}
      <ComputerUseProvider>
      <ComputerUseVncDisplay
        id="vnc"
        style={{ width: 512, height: 384 }}
        viewOnly={viewOnly}
        reconnectDelayMs={200}
        maxReconnectDelayMs={1000}
        onConnect={() => log.connects++}
        onDisconnect={() => log.disconnects++}
        onError={(e) => log.errors.push(e.message)}
      />
      <ComputerUseActions id="actions" />
      </ComputerUseProvider>
    </SandboxProvider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
