import { fireEvent, render, screen } from '@testing-library/react';
import * as React from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Slot } from './slot';
import { composeEventHandlers } from './compose-event-handlers';

describe('Slot', () => {
  it('given a child element, should render the child with the part props laid under its own', () => {
    render(
      <Slot data-part="reload" title="part" className="part" style={{ color: 'red', margin: 1 }} aria-label="Reload">
        <a href="#x" title="child" className="child" style={{ color: 'blue' }}>
          go
        </a>
      </Slot>,
    );
    const link = screen.getByRole('link', { name: 'Reload' });
    expect(link.getAttribute('data-part')).toBe('reload');
    expect(link.title).toBe('child');
    expect(link.className).toBe('part child');
    expect(link.style.color).toBe('blue');
    expect(link.style.margin).toBe('1px');
  });

  it("given handlers on both, should run the child's first, and a preventDefault() there should skip the part's behaviour", () => {
    const order: string[] = [];
    const part = vi.fn(() => order.push('part'));
    const { rerender } = render(
      <Slot onClick={composeEventHandlers(undefined, part)}>
        <button type="button" onClick={() => order.push('child')}>
          go
        </button>
      </Slot>,
    );
    fireEvent.click(screen.getByRole('button'));
    expect(order).toEqual(['child', 'part']);
    rerender(
      <Slot onClick={composeEventHandlers(undefined, part)}>
        <button type="button" onClick={(event) => event.preventDefault()}>
          go
        </button>
      </Slot>,
    );
    fireEvent.click(screen.getByRole('button'));
    expect(part).toHaveBeenCalledTimes(1);
  });

  it("given refs on both, should give the element to the part's ref and the child's", () => {
    const partRef = React.createRef<HTMLElement>();
    const childRef = React.createRef<HTMLButtonElement>();
    render(
      <Slot ref={partRef}>
        <button type="button" ref={childRef}>
          go
        </button>
      </Slot>,
    );
    expect(partRef.current).toBe(screen.getByRole('button'));
    expect(childRef.current).toBe(screen.getByRole('button'));
  });

  it('given text or two children instead of one element, should log a clear error and still show them', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { unmount } = render(<Slot>text</Slot>);
    expect(screen.getByText('text')).toBeTruthy();
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/asChild.*exactly one React element/));
    unmount();
    error.mockClear();
    render(
      <Slot>
        <b>one</b>
        <b>two</b>
      </Slot>,
    );
    expect(screen.getByText('one')).toBeTruthy();
    expect(screen.getByText('two')).toBeTruthy();
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });
});
