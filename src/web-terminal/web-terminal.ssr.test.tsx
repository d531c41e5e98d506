// @vitest-environment node
import * as React from 'react';
import { renderToString } from 'react-dom/server';
import { SandboxProvider, createMemoryTransport } from '../transport';
import { WebTerminal } from './index';

describe('WebTerminal on the server', () => {
  it('given no DOM, should import and render a placeholder with the state, the viewport and the status text', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof (globalThis as { self?: unknown }).self).toBe('undefined');
    const transport = createMemoryTransport();
    const html = renderToString(
      <SandboxProvider transport={transport}>
        <WebTerminal sandboxId="abc123" port={22222} />
      </SandboxProvider>,
    );
    expect(html).toMatch(/^<div role="group" aria-label="Terminal" aria-busy="true" data-se-part="web-terminal" data-status="connecting">/);
    expect(html).toContain('<div data-se-part="web-terminal-viewport" data-status="connecting"></div>');
    expect(html).toContain('Connecting…');
    // Rendering never opens a PTY: that happens in an effect.
    expect(transport.stats().calls.openPty).toBeUndefined();
  });

  it('should render the same states the client starts in', () => {
    const unsupported = renderToString(
      <SandboxProvider transport={createMemoryTransport({ without: ['pty'] })}>
        <WebTerminal sandboxId="abc123" />
      </SandboxProvider>,
    );
    expect(unsupported).toContain('data-status="unsupported"');
    const idle = renderToString(
      <SandboxProvider transport={createMemoryTransport()}>
        <WebTerminal />
      </SandboxProvider>,
    );
    expect(idle).toContain('data-status="idle"');
    expect(renderToString(<WebTerminal sandboxId="abc123" />)).toContain('data-status="error"');
  });
});
