'use client';
// All four families on a Daytona sandbox, through the server's /api/sandbox:
// WebPreview (signed preview URL + entrypoint logs), ComputerUse (screenshots
// and input), ToolPanel/ToolList (an agent's calls) and WebTerminal (a PTY).
import { useEffect, useMemo, useState } from 'react';
import {
  ComputerUseProvider,
  SandboxProvider,
  ToolList,
  WebPreview,
  WebPreviewBody,
  WebPreviewConsole,
  WebPreviewNavigation,
  WebPreviewUrl,
  createHttpTransport,
} from 'sandbox-elements';
import { WebTerminal } from 'sandbox-elements/terminal';

export default function Page() {
  // Same-origin: the sandbox cookie set by /api/workspace rides along.
  const transport = useMemo(() => createHttpTransport({ baseUrl: '/api/sandbox', capabilities: ['getSandbox', 'logs', 'pty', 'computerUse'] }), []);
  const [workspace, setWorkspace] = useState(/** @type {{ sandboxId?: string; error?: string }} */ ({}));

  useEffect(() => {
    const controller = new AbortController();
    fetch('/api/workspace', { method: 'POST', signal: controller.signal })
      .then(async (res) => {
        const body = await res.json();
        setWorkspace(res.ok ? { sandboxId: body.sandboxId } : { error: body.error?.message ?? 'Could not open a workspace' });
      })
      .catch((error) => {
        if (error.name !== 'AbortError') setWorkspace({ error: String(error.message ?? error) });
      });
    return () => controller.abort();
  }, []);

  if (workspace.error) return <p role="alert">{workspace.error}</p>;
  if (!workspace.sandboxId) return <p aria-busy="true">Starting your sandbox…</p>;

  return (
    <SandboxProvider transport={transport} sandboxId={workspace.sandboxId}>
      <main style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16, padding: 16 }}>
        <section aria-label="Preview">
          <WebPreview port={3000}>
            <WebPreviewNavigation />
            <WebPreviewUrl />
            <WebPreviewBody style={{ height: 420 }} />
            <WebPreviewConsole />
          </WebPreview>
        </section>

        <section aria-label="Desktop">
          {/* Toolbar, display and actions by default; starts computer use if it is off. */}
          <ComputerUseProvider autoStart />
        </section>

        <section aria-label="Terminal" style={{ height: 360 }}>
          <WebTerminal />
        </section>

        <section aria-label="Agent">
          <ToolList
            tools={[
              { id: '1', name: 'startDevServer', status: 'completed', args: { port: 3000 }, result: { pid: 4242 } },
              { id: '2', name: 'screenshot', status: 'running', args: { format: 'jpeg' } },
            ]}
          />
        </section>
      </main>
    </SandboxProvider>
  );
}
