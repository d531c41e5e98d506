// @vitest-environment node
import * as React from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from '../transport/memory';
import { SandboxProvider } from '../transport/provider';
import { ComputerUseActions, ComputerUseDisplay, ComputerUseProvider, ComputerUseToolbar } from './index';
import { ComputerUseVncDisplay } from './vnc';

describe('server rendering', () => {
  it('should render every part without window or document', () => {
    expect(typeof window).toBe('undefined');
    const html = renderToString(
      <SandboxProvider transport={createMemoryTransport()} sandboxId="abc123">
        <ComputerUseProvider>
          <ComputerUseToolbar />
          <ComputerUseDisplay />
          <ComputerUseVncDisplay />
          <ComputerUseActions />
        </ComputerUseProvider>
      </SandboxProvider>,
    );
    expect(html).toContain('data-se-part="computer-use-display"');
    expect(html).toContain('data-status="connecting"');
    expect(html).toContain('data-se-part="computer-use-vnc"');
    expect(html).toContain('role="radiogroup"');
    expect(html).toContain('<canvas');
  });

  it('the one-line form should render the default parts', () => {
    const html = renderToString(
      <SandboxProvider transport={createMemoryTransport({ without: ['computerUse'] })} sandboxId="abc123">
        <ComputerUseProvider />
      </SandboxProvider>,
    );
    expect(html).toContain('data-status="unsupported"');
    expect(html).toContain('This sandbox does not support computer use.');
  });
});
