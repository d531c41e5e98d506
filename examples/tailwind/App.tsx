// The Tailwind example: the components as they are, styled by styles.css
// through their data attributes only (no className anywhere).
import * as React from 'react';
import {
  ComputerUseProvider,
  ComputerUseToolbar,
  SandboxProvider,
  ToolPanel,
  WebPreview,
  WebPreviewNavigation,
  WebPreviewUrl,
  createMemoryTransport,
  type SandboxTransport,
} from 'sandbox-elements';
import './styles.css';

export function App({ transport = createMemoryTransport(), theme = 'light' }: { transport?: SandboxTransport; theme?: 'light' | 'dark' }) {
  return (
    <SandboxProvider transport={transport} sandboxId="abc123">
      <main data-theme={theme}>
        <ToolPanel
          tool={{ type: 'tool-delete_branch', toolCallId: 'call-1', state: 'approval-requested', input: { branch: 'feature/old' }, approval: { id: 'approval-1' } }}
          onApprove={() => undefined}
          onDeny={() => undefined}
        />
        <ToolPanel tool={{ id: 'call-2', name: 'write_file', status: 'error', args: { path: '/etc/passwd' }, error: 'EACCES: permission denied' }} defaultOpen />
        <WebPreview port={3000}>
          <WebPreviewNavigation />
          <WebPreviewUrl />
        </WebPreview>
        <ComputerUseProvider>
          <ComputerUseToolbar />
        </ComputerUseProvider>
        <ComputerUseProvider defaultControl="agent">
          <ComputerUseToolbar />
        </ComputerUseProvider>
      </main>
    </SandboxProvider>
  );
}
