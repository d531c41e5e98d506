/**
 * Exit animations in a real browser, as Radix Presence keeps them: a closed
 * content whose `[data-state=closed]` rule starts an animation stays in the
 * document until that animation ends; without one (or with an endless one
 * that both states share) it leaves at once.
 */
import * as React from 'react';
import { flushSync } from 'react-dom';
import { vi } from 'vitest';
import { createStyledMount } from '../../test/support/styled-mount';
import { CollapsibleContent, collapsibleTriggerProps } from './collapsible';

const CSS = `
  @keyframes se-test-out { from { opacity: 1; } to { opacity: 0; } }
  @keyframes se-test-spin { from { transform: rotate(0deg); } to { transform: rotate(360deg); } }
  @keyframes se-test-in { from { opacity: 0; } to { opacity: 1; } }
  .exit[data-state='closed'] { animation: se-test-out 300ms linear; }
  .enter[data-state='open'] { animation: se-test-in 300ms linear; }
  .endless { animation: se-test-spin 1s linear infinite; }
`;

const mount = createStyledMount(CSS);

function Disclosure({ className, forceMount }: { className?: string; forceMount?: true }) {
  const [open, setOpen] = React.useState(true);
  return (
    <>
      <button {...collapsibleTriggerProps(open, setOpen, 'c', { 'data-se-part': 'trigger' })}>Details</button>
      <CollapsibleContent open={open} id="c" className={className} forceMount={forceMount} data-se-part="content">
        <p data-se-part="body">Body</p>
      </CollapsibleContent>
    </>
  );
}

const close = (trigger: HTMLElement) => flushSync(() => trigger.click());
// Listened for on the host: a bubbling listener runs after the content's own.
const next = (host: HTMLElement, type: string) => new Promise<void>((resolve) => host.addEventListener(type, () => resolve(), { once: true }));

describe('in-house collapsible exit animations in Chromium', () => {
  it('given an exit animation, should keep the content mounted until it ends, then remove it', async () => {
    const { host, q } = mount(<Disclosure className="exit" />);
    const ended = next(host, 'animationend');
    close(q('trigger'));
    expect(q('trigger').getAttribute('aria-expanded')).toBe('false');
    const content = host.querySelector('[data-se-part="content"]');
    expect(content?.getAttribute('data-state')).toBe('closed');
    expect(content?.hasAttribute('hidden')).toBe(false);
    expect(host.querySelector('[data-se-part="body"]')).not.toBeNull();
    await ended;
    // Removed in the animationend dispatch itself (flushSync), before the next paint.
    expect(host.querySelector('[data-se-part="content"]')).toBeNull();
  });

  it('given forceMount and an exit animation, should show the content while it runs, then hide it', async () => {
    const { host, q } = mount(<Disclosure className="exit" forceMount />);
    const content = q('content');
    close(q('trigger'));
    expect(content.hasAttribute('hidden')).toBe(false);
    await vi.waitFor(() => expect(content.hasAttribute('hidden')).toBe(true), { timeout: 5000 });
    expect(host.querySelector('[data-se-part="content"]')).toBe(content);
    expect(host.querySelector('[data-se-part="body"]')).toBeNull();
  });

  it('given a close while the enter animation runs, should wait for the exit animation, not the cancelled enter one', async () => {
    const { host, q } = mount(<Disclosure className="enter exit" />);
    await next(host, 'animationstart');
    const cancelled = next(host, 'animationcancel');
    const ended = next(host, 'animationend');
    close(q('trigger'));
    await cancelled;
    expect(host.querySelector('[data-se-part="content"]')).not.toBeNull();
    await ended;
    expect(host.querySelector('[data-se-part="content"]')).toBeNull();
  });

  it('given no animation, should remove the content at once', () => {
    const { host, q } = mount(<Disclosure />);
    close(q('trigger'));
    expect(host.querySelector('[data-se-part="content"]')).toBeNull();
  });

  it('given an endless animation in both states, should not wait for it', () => {
    const { host, q } = mount(<Disclosure className="endless" />);
    close(q('trigger'));
    expect(host.querySelector('[data-se-part="content"]')).toBeNull();
  });

  it('given a reopen while the exit animation runs, should keep the content and its children', async () => {
    const { host, q } = mount(<Disclosure className="exit" />);
    const content = q('content');
    const started = next(host, 'animationstart');
    const cancelled = next(host, 'animationcancel');
    close(q('trigger'));
    await started;
    flushSync(() => q('trigger').click());
    expect(q('trigger').getAttribute('aria-expanded')).toBe('true');
    expect(content.getAttribute('data-state')).toBe('open');
    // The open state removed the exit animation; its cancel event must not remove the content.
    await cancelled;
    expect(host.querySelector('[data-se-part="content"]')).toBe(content);
    expect(host.querySelector('[data-se-part="body"]')).not.toBeNull();
  });
});
