/**
 * The documented data attributes style every state in a real browser (#13):
 * the session and display status is `data-status`, `data-state` is `on|off`
 * on the mode toggles. Checked with getComputedStyle in Chromium.
 */
import * as React from 'react';
import { createStyledMount } from '../../test/support/styled-mount';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { SandboxProvider } from '../transport/provider';
import { createMemoryTransport, type MemoryTransport } from '../transport/memory';
import { ComputerUseDisplay, ComputerUseProvider, ComputerUseToolbar } from './index';

const CSS = `
  [data-se-part='computer-use-display'][data-status='error'] { outline: 3px solid rgb(200, 0, 0); }
  [data-se-part='computer-use-status'][data-status='error'] { color: rgb(201, 0, 0); }
  [data-se-part='computer-use-display'][data-status='live'] { outline: 3px solid rgb(0, 200, 0); }
  [data-se-part='computer-use-display'][data-status='unsupported'] { outline: 3px solid rgb(0, 0, 200); }
  [data-se-part='computer-use-toolbar'][data-status='active'] { padding-top: 5px; }
  [data-se-part='computer-use-mode'][data-state='on'] { font-weight: 700; }
  [data-se-part='computer-use-mode'][data-state='off'] { font-weight: 300; }
`;

const transports: MemoryTransport[] = [];
afterEach(() => {
  for (const t of transports.splice(0)) t.dispose();
});
const mountStyled = createStyledMount(CSS, { hostStyle: 'width: 640px;' });

function mount(transport: MemoryTransport) {
  transports.push(transport);
  return mountStyled(
    <SandboxProvider transport={transport} sandboxId="abc123">
      <ComputerUseProvider>
        <ComputerUseToolbar />
        <ComputerUseDisplay refreshIntervalMs={0} />
      </ComputerUseProvider>
    </SandboxProvider>,
  );
}

describe('ComputerUse data attributes in Chromium', () => {
  it('given a failing screenshot, should match [data-status=error] on the display and its status', async () => {
    const transport = createMemoryTransport();
    transport.failNext('computerUse.screenshot', 'unavailable', 'Xvfb is gone');
    const { q, style } = mount(transport);
    await expect.poll(() => q('computer-use-display').getAttribute('data-status')).toBe('error');
    expect(q('computer-use-display').hasAttribute('data-state')).toBe(false);
    expect(style('computer-use-display').outlineColor).toBe('rgb(200, 0, 0)');
    expect(style('computer-use-status').color).toBe('rgb(201, 0, 0)');
    expect(q('computer-use-status').textContent).toContain('Xvfb is gone');
  });

  it('given a live desktop, should match [data-status=live|active] and on|off on the mode toggles as they change', async () => {
    const { host, q, style } = mount(createMemoryTransport());
    await expect.poll(() => q('computer-use-display').getAttribute('data-status')).toBe('live');
    expect(style('computer-use-display').outlineColor).toBe('rgb(0, 200, 0)');
    expect(style('computer-use-toolbar').paddingTop).toBe('5px');
    const modes = [...host.querySelectorAll<HTMLElement>('[data-se-part="computer-use-mode"]')];
    const on = modes.find((m) => m.getAttribute('data-state') === 'on')!;
    const off = modes.find((m) => m.getAttribute('data-state') === 'off')!;
    expect(getComputedStyle(on).fontWeight).toBe('700');
    expect(getComputedStyle(off).fontWeight).toBe('300');
    await userEvent.click(off);
    expect(getComputedStyle(off).fontWeight).toBe('700');
    expect(getComputedStyle(on).fontWeight).toBe('300');
  });

  it('given a transport without computer use, should match [data-status=unsupported]', () => {
    const { style } = mount(createMemoryTransport({ without: ['computerUse'] }));
    expect(style('computer-use-display').outlineColor).toBe('rgb(0, 0, 200)');
  });
});
