// One page, one scenario per load (`?scenario=…`), all through the real stack:
// createHttpTransport → createSandboxHandler → createLocalTransport.
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import {
  ComputerUseActions,
  ComputerUseDisplay,
  ComputerUseProvider,
  createHttpTransport,
  SandboxProvider,
  ToolList,
  WebPreview,
  WebPreviewBody,
  WebPreviewConsole,
  WebPreviewNavigation,
  WebPreviewUrl,
  type ToolCall,
} from '../../../src/index';
import { WebTerminal, type WebTerminalHandle } from '../../../src/terminal';
import { ComputerUseVncDisplay } from '../../../src/vnc';

const params = new URLSearchParams(location.search);
const scenario = params.get('scenario');
const token = params.get('token') ?? '';
const transport = createHttpTransport({
  baseUrl: `${location.origin}/api/sandbox`,
  headers: { Authorization: `Bearer ${token}` },
});

declare global {
  interface Window {
    __e2e: { terminal?: WebTerminalHandle | null; connected?: { sessionId: string; reattached: boolean }; ready?: boolean };
  }
}
window.__e2e = {};

// The optional theme, as a host app links it (the runner writes it next to the page).
const theme = document.createElement('link');
theme.rel = 'stylesheet';
theme.href = '/theme.css';
document.head.append(theme);

function TerminalScenario() {
  const handle = React.useRef<WebTerminalHandle | null>(null);
  React.useEffect(() => {
    window.__e2e.terminal = handle.current;
  });
  return (
    <div id="terminal-box" style={{ width: 640, height: 300, border: '1px solid #888' }}>
      <WebTerminal
        sessionId={params.get('session') ?? undefined}
        handleRef={(h) => void (handle.current = window.__e2e.terminal = h)}
        onConnect={(details) => void (window.__e2e.connected = details)}
        cursorBlink={false}
        autoFocus
        resizeDebounceMs={20}
        style={{ width: '100%', height: '100%' }}
      />
    </div>
  );
}

function PreviewScenario() {
  const port = Number(params.get('port'));
  return (
    <WebPreview port={port}>
      <WebPreviewNavigation />
      <WebPreviewUrl />
      <WebPreviewBody style={{ width: 800, height: 240 }} />
      <WebPreviewConsole sessionId={params.get('session') ?? undefined} maxHeight={200} />
    </WebPreview>
  );
}

function ComputerUseScenario() {
  return (
    <ComputerUseProvider autoStart>
      <div style={{ width: 768 }}>
        <ComputerUseDisplay refreshIntervalMs={400} overlay="none" />
      </div>
      <ComputerUseActions />
    </ComputerUseProvider>
  );
}

function VncScenario() {
  return (
    <div style={{ width: 768, height: 576 }}>
      <ComputerUseVncDisplay port={Number(params.get('port'))} viewOnly style={{ width: '100%', height: '100%' }} />
    </div>
  );
}

/** Real `exec` results, shown the way an AI chat shows its tool calls. */
function ToolsScenario() {
  const commands = React.useMemo(() => JSON.parse(params.get('commands') ?? '[]') as string[], []);
  const [tools, setTools] = React.useState<ToolCall[]>(() =>
    commands.map((command, i) => ({ id: `exec-${i}`, name: 'exec', title: command, status: 'running', args: { command }, startedAt: Date.now() })),
  );
  React.useEffect(() => {
    let live = true;
    commands.forEach((command, i) => {
      const update = (patch: Partial<ToolCall>) =>
        live && setTools((list) => list.map((t) => (t.id === `exec-${i}` ? { ...t, ...patch, endedAt: Date.now() } : t)));
      transport.exec!({ sandboxId: 'local', command, timeoutMs: 10_000 }).then(
        (result) =>
          update(result.exitCode === 0 ? { status: 'completed', result } : { status: 'error', result, error: `exit code ${result.exitCode}: ${result.output.trim()}` }),
        (error: Error) => update({ status: 'error', error }),
      );
    });
    return () => {
      live = false;
    };
  }, [commands]);
  return <ToolList tools={tools} label="Commands" />;
}

const scenarios: Record<string, () => React.ReactElement> = {
  terminal: TerminalScenario,
  preview: PreviewScenario,
  'computer-use': ComputerUseScenario,
  vnc: VncScenario,
  tools: ToolsScenario,
};
const Scenario = scenario ? scenarios[scenario] : undefined;

createRoot(document.getElementById('root')!).render(
  <React.StrictMode>
    <SandboxProvider transport={transport} sandboxId="local">
      {Scenario ? <Scenario /> : <p role="alert">Unknown scenario {String(scenario)}</p>}
    </SandboxProvider>
  </React.StrictMode>,
);
window.__e2e.ready = true;
