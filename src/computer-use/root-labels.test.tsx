import * as React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxProvider } from '../transport/provider';
import { createMemoryTransport, type MemoryTransport } from '../transport/memory';
import { ComputerUseActions, ComputerUseDisplay, ComputerUseProvider, ComputerUseRoot, ComputerUseToolbar, defaultComputerUseLabels } from './index';

const transports: MemoryTransport[] = [];
afterEach(() => {
  for (const t of transports.splice(0)) t.dispose();
});
function memory(options?: Parameters<typeof createMemoryTransport>[0]) {
  const t = createMemoryTransport(options);
  transports.push(t);
  return t;
}

describe('ComputerUseProvider outside a SandboxProvider (#13)', () => {
  it('given no SandboxProvider, should not throw and should show an error state, like WebPreview and WebTerminal', () => {
    render(<ComputerUseProvider sandboxId="abc123" />);
    const root = screen.getByRole('group', { name: 'Computer use' });
    expect(root).toHaveAttribute('data-se-part', 'computer-use');
    expect(root).toHaveAttribute('data-status', 'error');
    expect(screen.getByRole('application', { name: 'Sandbox desktop' })).toHaveAttribute('data-status', 'error');
    expect(screen.getByRole('alert')).toHaveTextContent(defaultComputerUseLabels.noProvider);
  });
});

describe('ComputerUseRoot (#13)', () => {
  it('given your own parts in a ComputerUseRoot, should forward the ref, merge className, spread props and carry the session status', async () => {
    const ref = React.createRef<HTMLDivElement>();
    render(
      <SandboxProvider transport={memory()} sandboxId="abc123">
        <ComputerUseProvider>
          <ComputerUseRoot ref={ref} className="desk" data-testid="root" style={{ width: 320 }}>
            <ComputerUseDisplay refreshIntervalMs={0} />
          </ComputerUseRoot>
        </ComputerUseProvider>
      </SandboxProvider>,
    );
    const root = screen.getByTestId('root');
    expect(ref.current).toBe(root);
    expect(root).toHaveClass('desk');
    expect(root.style.width).toBe('320px');
    expect(root).toHaveAttribute('data-mode', 'click');
    await waitFor(() => expect(root).toHaveAttribute('data-status', 'active'));
  });

  it('given ComputerUseRoot outside a provider, should throw a message naming the provider', () => {
    expect(() => render(<ComputerUseRoot />)).toThrow('`ComputerUseRoot` must be used within `ComputerUseProvider`');
  });
});

describe('ComputerUse labels (#13)', () => {
  it('given labels on the provider, should translate the toolbar, display, keyboard panel and statuses', async () => {
    render(
      <SandboxProvider transport={memory({ computerUseActive: false })} sandboxId="abc123">
        <ComputerUseProvider
          labels={{
            root: 'Computersteuerung',
            toolbar: 'Werkzeuge',
            modes: 'Eingabemodus',
            modeName: (m) => ({ view: 'Ansehen', click: 'Klicken', move: 'Bewegen', drag: 'Ziehen', scroll: 'Scrollen', type: 'Tippen' })[m],
            handToAgent: 'An den Agenten übergeben',
            refresh: 'Aktualisieren',
            display: 'Sandbox-Desktop',
            inactive: 'Computersteuerung läuft nicht.',
            start: 'Starten',
            keyboard: 'Tastatur',
            textToType: 'Text zum Tippen',
            textPlaceholder: 'Text…',
            type: 'Senden',
          }}
        />
      </SandboxProvider>,
    );
    expect(screen.getByRole('group', { name: 'Computersteuerung' })).toBeInTheDocument();
    expect(screen.getByRole('toolbar', { name: 'Werkzeuge' })).toBeInTheDocument();
    expect(screen.getByRole('radiogroup', { name: 'Eingabemodus' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Klicken' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'An den Agenten übergeben' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Aktualisieren' })).toBeInTheDocument();
    expect(screen.getByRole('application', { name: 'Sandbox-Desktop' })).toBeInTheDocument();
    expect(await screen.findByText('Computersteuerung läuft nicht.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Starten' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Tastatur' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Text zum Tippen' })).toHaveAttribute('placeholder', 'Text…');
    expect(screen.getByRole('button', { name: 'Senden' })).toBeInTheDocument();
  });

  it('given a part prop, should win over the provider labels', () => {
    render(
      <SandboxProvider transport={memory()} sandboxId="abc123">
        <ComputerUseProvider labels={{ display: 'Desktop (labels)', modeName: () => 'X' }}>
          <ComputerUseToolbar modeLabels={{ click: 'Click (mine)' }} />
          <ComputerUseDisplay label="Desktop (mine)" refreshIntervalMs={0} />
          <ComputerUseActions placeholder="Mine…" />
        </ComputerUseProvider>
      </SandboxProvider>,
    );
    expect(screen.getByRole('application', { name: 'Desktop (mine)' })).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Click (mine)' })).toBeInTheDocument();
    expect(screen.getAllByRole('radio', { name: 'X' })).toHaveLength(5);
    expect(screen.getByRole('textbox')).toHaveAttribute('placeholder', 'Mine…');
  });
});
