/**
 * The documented data attributes style every state in a real browser (#13):
 * the terminal's connection status is `data-status` on the root, viewport and
 * status parts. Checked with getComputedStyle in Chromium.
 */
import * as React from 'react';
import { createStyledMount } from '../../test/support/styled-mount';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxProvider } from '../transport/provider';
import { createMemoryTransport, type MemoryTransport } from '../transport/memory';
import { WebTerminal } from './index';

const CSS = `
  [data-se-part='web-terminal'][data-status='error'] { outline: 3px solid rgb(200, 0, 0); }
  [data-se-part='web-terminal-viewport'][data-status='error'] { padding-top: 5px; }
  [data-se-part='web-terminal-status'][data-status='error'] { color: rgb(201, 0, 0); }
  [data-se-part='web-terminal'][data-status='unsupported'] { outline: 3px solid rgb(0, 0, 200); }
  [data-se-part='web-terminal'][data-status='connected'] { outline: 3px solid rgb(0, 200, 0); }
  [data-se-part='web-terminal-status'][data-status='connected'] { display: none; }
`;

const transports: MemoryTransport[] = [];
afterEach(() => {
  for (const t of transports.splice(0)) t.dispose();
});
const mount = createStyledMount(CSS, { hostStyle: 'width: 480px; height: 240px;', boxStyle: 'width: 100%; height: 100%;' });

describe('WebTerminal data attributes in Chromium', () => {
  it('given no transport, should match [data-status=error] rules on the root, viewport and status', () => {
    const { q, style } = mount(<WebTerminal sandboxId="abc123" />);
    expect(q('web-terminal').getAttribute('data-status')).toBe('error');
    expect(q('web-terminal').hasAttribute('data-state')).toBe(false);
    expect(style('web-terminal').outlineColor).toBe('rgb(200, 0, 0)');
    expect(style('web-terminal-viewport').paddingTop).toBe('5px');
    expect(style('web-terminal-status').color).toBe('rgb(201, 0, 0)');
    expect(q('web-terminal-status').textContent).toContain('SandboxProvider');
  });

  it('given a transport without a terminal, should match [data-status=unsupported]', () => {
    const transport = createMemoryTransport({ without: ['pty'] });
    transports.push(transport);
    const { style } = mount(
      <SandboxProvider transport={transport} sandboxId="abc123">
        <WebTerminal />
      </SandboxProvider>,
    );
    expect(style('web-terminal').outlineColor).toBe('rgb(0, 0, 200)');
  });

  it('given the memory shell, should match [data-status=connected] once connected', async () => {
    const transport = createMemoryTransport();
    transports.push(transport);
    const { q, style } = mount(
      <SandboxProvider transport={transport} sandboxId="abc123">
        <WebTerminal />
      </SandboxProvider>,
    );
    await expect.poll(() => q('web-terminal').getAttribute('data-status'), { timeout: 10_000 }).toBe('connected');
    expect(style('web-terminal').outlineColor).toBe('rgb(0, 200, 0)');
    expect(style('web-terminal-status').display).toBe('none');
  });
});
