import { fireEvent, render, screen } from '@testing-library/react';
import * as React from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { Slot } from './slot';
import { CollapsibleContent, collapsibleTriggerProps, openState } from './collapsible';

function Disclosure({ defaultOpen = false, forceMount, onClick }: { defaultOpen?: boolean; forceMount?: true; onClick?: React.MouseEventHandler }) {
  const [open, setOpen] = React.useState(defaultOpen);
  const id = React.useId();
  return (
    <div data-testid="root" data-state={openState(open)}>
      <button {...collapsibleTriggerProps(open, setOpen, id, { onClick })}>Details</button>
      <CollapsibleContent open={open} id={id} forceMount={forceMount} data-testid="content">
        <p>Body</p>
      </CollapsibleContent>
    </div>
  );
}

describe('in-house collapsible (after Radix Collapsible)', () => {
  it('given a click, should open and close, with aria-expanded, data-state and aria-controls naming the content while open', () => {
    render(<Disclosure />);
    const trigger = screen.getByRole('button', { name: 'Details' });
    expect(trigger).toHaveAttribute('type', 'button');
    expect(trigger).toHaveAttribute('aria-expanded', 'false');
    expect(trigger).toHaveAttribute('data-state', 'closed');
    expect(trigger).not.toHaveAttribute('aria-controls');
    expect(screen.queryByTestId('content')).toBeNull();

    fireEvent.click(trigger);
    const content = screen.getByTestId('content');
    expect(trigger).toHaveAttribute('aria-expanded', 'true');
    expect(trigger).toHaveAttribute('aria-controls', content.id);
    expect(content).toHaveAttribute('data-state', 'open');
    expect(content).not.toHaveAttribute('hidden');
    expect(screen.getByTestId('root')).toHaveAttribute('data-state', 'open');
    expect(screen.getByText('Body')).toBeVisible();

    // No exit animation (jsdom has none): the content leaves at once.
    fireEvent.click(trigger);
    expect(trigger).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByTestId('content')).toBeNull();
  });

  it('given a user click handler that prevents default, should run it and keep the state', () => {
    const onClick = vi.fn((e: React.MouseEvent) => e.preventDefault());
    render(<Disclosure onClick={onClick} />);
    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Details' })).toHaveAttribute('aria-expanded', 'false');
  });

  it('given forceMount, should keep the content element while closed, hidden and without its children', () => {
    render(<Disclosure forceMount />);
    const content = screen.getByTestId('content');
    expect(content).toHaveAttribute('hidden');
    expect(content).toHaveAttribute('data-state', 'closed');
    expect(content).toBeEmptyDOMElement();
    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    expect(content).not.toHaveAttribute('hidden');
    expect(screen.getByText('Body')).toBeVisible();
    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    expect(screen.getByTestId('content')).toBe(content);
    expect(content).toHaveAttribute('hidden');
    expect(content).toBeEmptyDOMElement();
  });

  it('given a Slot (asChild), should put the trigger behaviour and attributes on the child element', () => {
    function AsChild() {
      const [open, setOpen] = React.useState(false);
      return (
        <Slot {...collapsibleTriggerProps(open, setOpen, 'c', {})}>
          <a href="#details">More</a>
        </Slot>
      );
    }
    render(<AsChild />);
    const link = screen.getByRole('link', { name: 'More' });
    fireEvent.click(link);
    expect(link).toHaveAttribute('aria-expanded', 'true');
    expect(link).toHaveAttribute('data-state', 'open');
  });

  it('given server rendering, should render the open state without touching the DOM', () => {
    const html = renderToString(<Disclosure defaultOpen />);
    expect(html).toContain('aria-expanded="true"');
    expect(html).toContain('data-state="open"');
    expect(html).toContain('<p>Body</p>');
  });
});
