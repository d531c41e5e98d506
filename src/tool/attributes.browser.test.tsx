/**
 * The documented data attributes style every state in a real browser:
 * Radix's `data-state="open|closed"` survives on the root, trigger and
 * content (so `[data-state=open]` rules match), and the tool's own status is
 * `data-status` on every part. Checked with getComputedStyle in Chromium.
 */
import * as React from 'react';
import { createStyledMount } from '../../test/support/styled-mount';
import { userEvent } from 'vitest/browser';
import { aiPart, seedCalls } from './fixtures';
import { ToolList } from './list';
import { ToolPanel } from './panel';
import type { ToolInput } from './normalize';

const CSS = `
  [data-se-part='tool-panel'][data-state='open'] { outline: 3px solid rgb(1, 2, 3); }
  [data-se-part='tool-panel'][data-state='closed'] { outline: 1px dotted rgb(4, 5, 6); }
  [data-se-part='tool-panel-trigger'][data-state='open'] { color: rgb(7, 8, 9); }
  [data-se-part='tool-panel-content'][data-state='open'] { background-color: rgb(10, 11, 12); }
  [data-se-part='tool-panel'][data-status='error'] { border-left-color: rgb(200, 0, 0); border-left-style: solid; border-left-width: 4px; }
  [data-se-part='tool-panel-status'][data-status='error'] { color: rgb(201, 0, 0); }
  [data-se-part='tool-panel'][data-status='denied'] { border-left-color: rgb(0, 0, 202); border-left-style: solid; border-left-width: 4px; }
  [data-se-part='tool-list-item'][data-status='completed'] { padding-top: 7px; }
  [data-se-part='tool-list-count'][data-status='denied'] { font-weight: 700; }
`;

const mount = createStyledMount(CSS);

describe('ToolPanel data attributes in Chromium', () => {
  it('given an open panel, should match [data-state=open] rules on the root, trigger and content', async () => {
    const { q, style } = mount(<ToolPanel tool={seedCalls[2]!} />);
    expect(style('tool-panel').outlineColor).toBe('rgb(4, 5, 6)');
    await userEvent.click(q('tool-panel-trigger'));
    expect(q('tool-panel').getAttribute('data-state')).toBe('open');
    expect(style('tool-panel').outlineColor).toBe('rgb(1, 2, 3)');
    expect(style('tool-panel').outlineWidth).toBe('3px');
    expect(style('tool-panel-trigger').color).toBe('rgb(7, 8, 9)');
    expect(style('tool-panel-content').backgroundColor).toBe('rgb(10, 11, 12)');
  });

  it('given a failed tool, should match [data-status=error] rules (and the panel, open by itself, still matches [data-state=open])', () => {
    const { style } = mount(<ToolPanel tool={aiPart('output-error')} />);
    expect(style('tool-panel').borderLeftColor).toBe('rgb(200, 0, 0)');
    expect(style('tool-panel-status').color).toBe('rgb(201, 0, 0)');
    expect(style('tool-panel').outlineColor).toBe('rgb(1, 2, 3)');
  });

  it('given a denial, should match [data-status=denied] on the panel and the list summary', () => {
    const tools: ToolInput[] = [seedCalls[2]!, { ...aiPart('approval-responded'), approval: { id: 'a', approved: false, reason: 'no' } }];
    const { host, style } = mount(<ToolList tools={tools} />);
    const panels = host.querySelectorAll<HTMLElement>('[data-se-part="tool-panel"]');
    expect(getComputedStyle(panels[1]!).borderLeftColor).toBe('rgb(0, 0, 202)');
    expect(style('tool-list-item').paddingTop).toBe('7px');
    const denied = host.querySelector<HTMLElement>('[data-se-part="tool-list-count"][data-status="denied"]')!;
    expect(denied.textContent).toContain('1 denied');
    expect(getComputedStyle(denied).fontWeight).toBe('700');
  });
});
