// Interaction tests as stories: the flows a user performs, each a `play`
// function. `npm test` runs them in Chromium (the `storybook` vitest project);
// in Storybook, watch them step by step in the Interactions panel.
import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import {
  ComputerUseDisplay,
  ComputerUseProvider,
  ComputerUseToolbar,
  ToolList,
  ToolPanel,
  WebPreview,
  WebPreviewBody,
  WebPreviewConsole,
  WebPreviewNavigation,
  WebPreviewUrl,
  type AiToolPart,
  type ComputerUseHistoryEntry,
} from '../src';
import { WebTerminal } from '../src/terminal';
import '../src/styles/tool.css';
import { aiPart, seedCalls } from '../src/tool/fixtures';

const meta: Meta = {
  title: 'Flows',
  // Several components per flow: their Docs pages are under each family.
  tags: ['!autodocs'],
  parameters: { layout: 'padded' },
};
export default meta;
type Story = StoryObj;

const WAIT = { timeout: 10_000 };

// ─── Tool: approve, and deny with a reason ──────────────────────────────────

function ApprovalDemo() {
  const initial = (): AiToolPart[] => [
    { ...aiPart('approval-requested', { name: 'delete_branch', id: 'call-delete' }), input: { branch: 'feature/old' } },
    { ...aiPart('approval-requested', { name: 'deploy', id: 'call-deploy' }), input: { env: 'production' } },
  ];
  const [parts, setParts] = React.useState(initial);
  const [log, setLog] = React.useState<string[]>([]);
  const answer = (id: string, approved: boolean, reason?: string) => {
    setLog((l) => [...l, `${approved ? 'approved' : 'denied'} ${id}${reason ? `: ${reason}` : ''}`]);
    setParts((ps) => ps.map((p) => (p.toolCallId === id ? { ...p, state: 'approval-responded', approval: { id: p.approval!.id, approved, reason } } : p)));
  };
  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 720 }}>
      {parts.map((p) => (
        <ToolPanel key={p.toolCallId} tool={p} onApprove={(inv) => answer(inv.id, true)} onDeny={(reason, inv) => answer(inv.id, false, reason)} />
      ))}
      <ol aria-label="Responses sent">
        {log.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
    </div>
  );
}

/** Approve one call; deny the other with a typed reason. */
export const ApproveAndDenyWithReason: Story = {
  render: () => <ApprovalDemo />,
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const [first, second] = canvas.getAllByRole('group', { name: 'Approval' });
    await step('approve the first call', async () => {
      await userEvent.click(within(first!).getByRole('button', { name: 'Approve' }));
      await expect(await canvas.findByText('approved call-delete')).toBeVisible();
    });
    await step('deny the second with a reason', async () => {
      await userEvent.type(within(second!).getByRole('textbox', { name: /reason/i }), 'Not on a Friday');
      await userEvent.click(within(second!).getByRole('button', { name: 'Deny' }));
      await expect(await canvas.findByText('denied call-deploy: Not on a Friday')).toBeVisible();
      // The panel shows the decision and its reason.
      await expect(await canvas.findByText(/Denied: Not on a Friday/)).toBeVisible();
    });
  },
};

// ─── ToolList: expand an item by keyboard ───────────────────────────────────

/** Tab into the list, move with ArrowDown, open with Enter, close with Space. */
export const ExpandToolListItemByKeyboard: Story = {
  render: () => (
    <div style={{ maxWidth: 720 }}>
      <ToolList tools={seedCalls.slice(0, 3)} />
    </div>
  ),
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const triggers = canvas.getAllByRole('button', { expanded: false });
    await step('focus the first item and move down', async () => {
      triggers[0]!.focus();
      await userEvent.keyboard('{ArrowDown}');
      await expect(triggers[1]).toHaveFocus();
    });
    await step('Enter opens it, Space closes it', async () => {
      await userEvent.keyboard('{Enter}');
      await waitFor(() => expect(triggers[1]).toHaveAttribute('aria-expanded', 'true'));
      await userEvent.keyboard(' ');
      await waitFor(() => expect(triggers[1]).toHaveAttribute('aria-expanded', 'false'));
    });
  },
};

// ─── WebPreview: type a URL and go back; filter and clear the console ────────

function PreviewDemo({ withConsole }: { withConsole?: boolean }) {
  // With the console, every row fits its window (the list is virtualised: rows out of view are not in the page).
  return (
    <WebPreview port={3000} style={{ height: withConsole ? undefined : 360, maxWidth: 900 }}>
      <WebPreviewNavigation />
      <WebPreviewUrl />
      <WebPreviewBody style={withConsole ? { height: 160 } : undefined} />
      {withConsole ? <WebPreviewConsole defaultOpen maxHeight={2000} /> : null}
    </WebPreview>
  );
}

/** Type a path in the address bar, press Enter, then go Back to where you were. */
export const TypeUrlAndGoBack: Story = {
  render: () => <PreviewDemo />,
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const address = canvas.getByRole('textbox', { name: 'Preview address' });
    const back = canvas.getByRole('button', { name: 'Back' });
    const value = () => (address as HTMLInputElement).value;
    await waitFor(() => expect(value()).toMatch(/\/$/), WAIT);
    const start = value();
    await step('type /about and press Enter', async () => {
      await userEvent.clear(address);
      await userEvent.type(address, '/about{Enter}');
      await waitFor(() => expect(value()).toMatch(/\/about$/), WAIT);
      await waitFor(() => expect(back).toBeEnabled(), WAIT);
    });
    await step('Back returns to the first page', async () => {
      await userEvent.click(back);
      await waitFor(() => expect(value()).toBe(start), WAIT);
      await expect(back).toBeDisabled();
    });
  },
};

/** Show errors only, search, then clear the console. */
export const FilterAndClearConsole: Story = {
  parameters: { memoryTransport: { logIntervalMs: 0, logBacklog: 20 } },
  render: () => <PreviewDemo withConsole />,
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const log = await canvas.findByRole('log', undefined, WAIT);
    await waitFor(() => expect(log.textContent).not.toBe(''), WAIT);
    const rows = () => log.querySelectorAll('[data-se-part="web-preview-console-entry"]');
    await waitFor(() => expect(rows().length).toBeGreaterThan(2), WAIT);
    const levels = within(canvas.getByRole('group', { name: 'Levels' }));
    await step('turn every level off but errors', async () => {
      const errorToggle = levels.getAllByRole('button').find((b) => b.getAttribute('data-level') === 'error')!;
      const errors = Number(errorToggle.querySelector('[data-se-part="web-preview-console-count"]')?.textContent);
      expect(errors).toBeGreaterThan(0);
      expect(rows().length).toBeGreaterThan(errors);
      for (const button of levels.getAllByRole('button', { pressed: true })) {
        if (button !== errorToggle) await userEvent.click(button);
      }
      await waitFor(() => expect(rows().length).toBe(errors));
      for (const row of rows()) expect(row).toHaveAttribute('data-level', 'error');
    });
    await step('search narrows the rows', async () => {
      for (const button of levels.getAllByRole('button', { pressed: false })) await userEvent.click(button);
      const before = rows().length;
      await userEvent.type(canvas.getByRole('searchbox', { name: 'Search logs' }), 'GET');
      await waitFor(() => expect(rows().length).toBeLessThan(before));
      for (const row of rows()) expect(row.textContent).toMatch(/GET/i);
      await userEvent.clear(canvas.getByRole('searchbox', { name: 'Search logs' }));
    });
    await step('Clear empties the console', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Clear' }));
      await waitFor(() => expect(rows().length).toBe(0));
    });
  },
};

// ─── WebTerminal: type and see the echo ─────────────────────────────────────

/** Type a command in the terminal; the simulated shell answers. */
export const TypeInTerminal: Story = {
  render: () => (
    <div style={{ height: 300, maxWidth: 800 }}>
      <WebTerminal style={{ height: '100%' }} />
    </div>
  ),
  play: async ({ canvasElement, step }) => {
    const root = canvasElement.querySelector<HTMLElement>('[data-se-part="web-terminal"]')!;
    await waitFor(() => expect(root).toHaveAttribute('data-status', 'connected'), WAIT);
    const screen = () => canvasElement.querySelector('.xterm-rows')?.textContent ?? '';
    await waitFor(() => expect(screen()).toMatch(/\$/), WAIT);
    await step('type a command and press Enter', async () => {
      const input = canvasElement.querySelector<HTMLTextAreaElement>('textarea.xterm-helper-textarea')!;
      input.focus();
      await userEvent.keyboard('echo hello-from-play{Enter}');
      // The command line echoes, then the shell prints its output on a line of its own.
      await waitFor(() => expect(screen().match(/hello-from-play/g)?.length).toBeGreaterThanOrEqual(2), WAIT);
    });
  },
};

// ─── ComputerUse: click and type on the desktop; hand control and take it back ─

function DesktopDemo({ defaultControl }: { defaultControl?: 'user' | 'agent' }) {
  const [sent, setSent] = React.useState<ComputerUseHistoryEntry[]>([]);
  return (
    <div style={{ display: 'grid', gap: 8, maxWidth: 760 }}>
      <ComputerUseProvider defaultControl={defaultControl} onAction={(e) => setSent((s) => [...s, e])}>
        <ComputerUseToolbar />
        <ComputerUseDisplay style={{ aspectRatio: '16 / 10' }} />
      </ComputerUseProvider>
      <ol aria-label="Actions sent">
        {sent.map((e) => (
          <li key={e.id}>
            {e.source} {e.action.type}
            {e.action.type === 'type' ? ` "${e.action.text}"` : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** A primary click at the middle of `el`, with real coordinates (user-event's default is 0, 0). */
async function clickMiddle(el: HTMLElement) {
  const r = el.getBoundingClientRect();
  const coords = { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 };
  await userEvent.pointer([{ target: el, coords }, { keys: '[MouseLeft]', target: el, coords }]);
}

/** Click on the desktop, switch to Type and type: each reaches the sandbox as an action. */
export const ClickAndTypeOnDesktop: Story = {
  render: () => <DesktopDemo />,
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const desktop = canvas.getByRole('application', { name: 'Sandbox desktop' });
    const sent = canvas.getByRole('list', { name: 'Actions sent' });
    await waitFor(() => expect(desktop).toHaveAttribute('data-status', 'live'), WAIT);
    await step('click the notepad', async () => {
      await clickMiddle(desktop);
      await waitFor(() => expect(sent).toHaveTextContent('user click'), WAIT);
    });
    await step('switch to Type and type', async () => {
      await userEvent.click(canvas.getByRole('radio', { name: /type/i }));
      await clickMiddle(desktop);
      // Keys typed within 30 ms reach the sandbox as one `type` action; `delay: null`
      // sends them in one go, as a fast typist would, so a loaded machine cannot split them.
      await userEvent.keyboard('hi there', { delay: null });
      await waitFor(() => expect(sent).toHaveTextContent('user type "hi there"'), WAIT);
    });
  },
};

/** Hand the desktop to the agent (input stops), then take control back. */
export const HandControlToAgentAndBack: Story = {
  render: () => <DesktopDemo />,
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    const desktop = canvas.getByRole('application', { name: 'Sandbox desktop' });
    await waitFor(() => expect(desktop).toHaveAttribute('data-status', 'live'), WAIT);
    // The toolbar's hand-off button (the display shows its own Take control while the agent drives).
    const handOff = canvasElement.querySelector<HTMLButtonElement>('[data-se-part="computer-use-control"]')!;
    await step('hand to the agent', async () => {
      await expect(handOff).toHaveTextContent('Hand to agent');
      await userEvent.click(handOff);
      await waitFor(() => expect(handOff).toHaveTextContent('Take control'));
      await waitFor(() => expect(desktop).toHaveAttribute('aria-disabled', 'true'));
    });
    await step('take control back', async () => {
      await userEvent.click(handOff);
      await waitFor(() => expect(handOff).toHaveTextContent('Hand to agent'));
      await waitFor(() => expect(desktop).not.toHaveAttribute('aria-disabled'));
    });
  },
};
