import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SandboxProvider, ToolPanel, createMemoryTransport } from 'sandbox-elements';
import { WebTerminal } from 'sandbox-elements/terminal';
import 'sandbox-elements/styles.css';
import '@xterm/xterm/css/xterm.css';

// The simulated sandbox runs in the page: no server needed.
const transport = createMemoryTransport();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SandboxProvider transport={transport} sandboxId="abc123">
      <ToolPanel tool={{ id: 'call_1', name: 'read_file', status: 'completed', args: { path: 'README.md' }, result: { content: '# Hello' } }} />
      <WebTerminal style={{ height: 300 }} />
    </SandboxProvider>
  </StrictMode>,
);
