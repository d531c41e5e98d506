import { render, screen } from '@testing-library/react';
import * as React from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryTransport } from './memory';
import { SandboxProvider, useOptionalSandboxTransport, useSandboxId, useSandboxTransport } from './provider';

function ShowTransport({ id }: { id?: string }) {
  const transport = useSandboxTransport();
  const sandboxId = useSandboxId(id);
  return <p>{`${typeof transport.getPreviewLink} ${sandboxId ?? 'none'}`}</p>;
}

describe('SandboxProvider', () => {
  it('given a provider, when a component asks for the transport, should receive it and the default sandbox', () => {
    render(
      <SandboxProvider transport={createMemoryTransport()} sandboxId="abc123">
        <ShowTransport />
        <ShowTransport id="own" />
      </SandboxProvider>,
    );
    expect(screen.getByText('function abc123')).toBeInTheDocument();
    expect(screen.getByText('function own')).toBeInTheDocument();
  });

  it('given no provider, useSandboxTransport should throw an error naming SandboxProvider', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<ShowTransport />)).toThrow(/`useSandboxTransport` must be used within `SandboxProvider`/);
    spy.mockRestore();
  });

  it('given no provider, useOptionalSandboxTransport should return null', () => {
    function Probe() {
      return <p>{useOptionalSandboxTransport() === null ? 'no transport' : 'transport'}</p>;
    }
    render(<Probe />);
    expect(screen.getByText('no transport')).toBeInTheDocument();
  });

  it('should render on the server', () => {
    const html = renderToString(
      <SandboxProvider transport={createMemoryTransport()} sandboxId="abc123">
        <ShowTransport />
      </SandboxProvider>,
    );
    expect(html).toBe('<p>function abc123</p>');
  });
});
