/**
 * The documented data attributes style every state in a real browser (#13):
 * a part's own status is `data-status`, `data-state` is `open|closed` on the
 * console (a Radix collapsible) and `on|off` on toggles. Checked with
 * getComputedStyle in Chromium.
 */
import * as React from 'react';
import { createStyledMount } from '../../test/support/styled-mount';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { WebPreview, WebPreviewBody, WebPreviewConsole, WebPreviewDevice, WebPreviewNavigation, WebPreviewUrl } from './index';

const CSS = `
  [data-se-part='web-preview'][data-status='error'] { outline: 3px solid rgb(200, 0, 0); }
  [data-se-part='web-preview'][data-status='ready'] { outline: 3px solid rgb(0, 0, 200); }
  [data-se-part='web-preview-status'][data-status='error'] { color: rgb(201, 0, 0); }
  [data-se-part='web-preview-navigation'][data-status='error'] { padding-top: 5px; }
  [data-se-part='web-preview-body'][data-status='error'] { padding-top: 6px; }
  [data-se-part='web-preview-url'][data-status='invalid'] { padding-top: 7px; }
  [data-se-part='web-preview-console'][data-state='open'] { outline: 2px solid rgb(1, 2, 3); }
  [data-se-part='web-preview-console'][data-state='closed'] { outline: 2px dotted rgb(4, 5, 6); }
  [data-se-part='web-preview-console'][data-status='idle'] { padding-top: 8px; }
  [data-se-part='web-preview-console-level-toggle'][data-state='off'] { opacity: 0.25; }
  [data-se-part='web-preview-device-option'][data-state='on'] { font-weight: 700; }
  [data-se-part='web-preview-device-option'][data-state='off'] { font-weight: 300; }
`;

const mount = createStyledMount(CSS);

describe('WebPreview data attributes in Chromium', () => {
  it('given a refused address, should match [data-status=error] rules on the root, navigation, body and status', async () => {
    const { q, style } = mount(
      <WebPreview defaultUrl="javascript:alert(1)">
        <WebPreviewNavigation />
        <WebPreviewBody />
      </WebPreview>,
    );
    await expect.poll(() => q('web-preview').getAttribute('data-status')).toBe('error');
    expect(q('web-preview').hasAttribute('data-state')).toBe(false);
    expect(style('web-preview').outlineColor).toBe('rgb(200, 0, 0)');
    expect(style('web-preview-navigation').paddingTop).toBe('5px');
    expect(style('web-preview-body').paddingTop).toBe('6px');
    expect(style('web-preview-status').color).toBe('rgb(201, 0, 0)');
    expect(q('web-preview-status').textContent).toContain('Refused to show');
  });

  it('given a loaded page, should match [data-status=ready]; given input it refuses, the URL bar matches [data-status=invalid]', async () => {
    const { q, style } = mount(
      <WebPreview defaultUrl="http://127.0.0.1:9/">
        <WebPreviewUrl />
        <WebPreviewBody />
      </WebPreview>,
    );
    await expect.poll(() => q('web-preview').getAttribute('data-status'), { timeout: 10_000 }).toBe('ready');
    expect(style('web-preview').outlineColor).toBe('rgb(0, 0, 200)');
    const input = q('web-preview-url-input') as HTMLInputElement;
    await userEvent.clear(input);
    await userEvent.type(input, 'ftp://x{Enter}');
    expect(q('web-preview-url').getAttribute('data-status')).toBe('invalid');
    expect(style('web-preview-url').paddingTop).toBe('7px');
  });

  it('given the console, should match [data-state=open|closed] as it toggles, and on|off on the level toggles', async () => {
    const { host, q, style } = mount(
      <WebPreview>
        <WebPreviewConsole />
        <WebPreviewDevice rotate={false} fullscreen={false} />
      </WebPreview>,
    );
    expect(q('web-preview-console').getAttribute('data-state')).toBe('open');
    expect(style('web-preview-console').outlineColor).toBe('rgb(1, 2, 3)');
    expect(style('web-preview-console').paddingTop).toBe('8px');
    const debug = host.querySelector<HTMLElement>('[data-se-part="web-preview-console-level-toggle"][data-level="debug"]')!;
    expect(getComputedStyle(debug).opacity).toBe('1');
    await userEvent.click(debug);
    expect(debug.getAttribute('data-state')).toBe('off');
    expect(getComputedStyle(debug).opacity).toBe('0.25');
    await userEvent.click(q('web-preview-console-trigger'));
    expect(q('web-preview-console').getAttribute('data-state')).toBe('closed');
    expect(style('web-preview-console').outlineStyle).toBe('dotted');
    expect(style('web-preview-console').outlineColor).toBe('rgb(4, 5, 6)');

    const options = host.querySelectorAll<HTMLElement>('[data-se-part="web-preview-device-option"]');
    expect(getComputedStyle(options[0]!).fontWeight).toBe('700');
    expect(getComputedStyle(options[1]!).fontWeight).toBe('300');
    await userEvent.click(options[1]!);
    expect(getComputedStyle(options[1]!).fontWeight).toBe('700');
    expect(getComputedStyle(options[0]!).fontWeight).toBe('300');
  });
});
