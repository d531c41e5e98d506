import * as React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ToolList } from '../tool/list';
import type { AiToolPart } from '../tool/normalize';
import { SandboxProvider } from '../transport/provider';
import { createMemoryTransport } from '../transport/memory';
import { diffLines } from './diff';
import { describeComputerAction, sandboxToolRenderers, ExecToolRenderer } from './renderers';

const part = (name: string, state: AiToolPart['state'], fields: Partial<AiToolPart> = {}): AiToolPart => ({
  type: `tool-${name}`,
  toolCallId: `${name}-${state}`,
  state,
  ...fields,
});
const svg = (w: number, h: number) =>
  Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#123"/></svg>`).toString('base64');

function renderList(tools: AiToolPart[], props: Partial<React.ComponentProps<typeof ToolList>> = {}) {
  const transport = createMemoryTransport({ logIntervalMs: 0 });
  return render(
    <SandboxProvider transport={transport} sandboxId="abc123">
      <ToolList tools={tools} renderers={sandboxToolRenderers} {...props} />
    </SandboxProvider>,
  );
}
const panelOf = (name: string, status: string) => document.querySelector<HTMLElement>(`[data-sandbox-tool="${name}"][data-status="${status}"]`)!;

describe('sandboxToolRenderers', () => {
  it('should have a renderer for every sandbox tool, each exported on its own', () => {
    expect(Object.keys(sandboxToolRenderers)).toEqual(['exec', 'readFile', 'writeFile', 'listFiles', 'previewUrl', 'screenshot', 'computer']);
    expect(sandboxToolRenderers.exec).toBe(ExecToolRenderer);
  });

  describe('exec', () => {
    it('given output with ANSI colours, should show it as a terminal does, with the exit code', () => {
      renderList([
        part('exec', 'output-available', { input: { command: 'ls' }, output: { exitCode: 0, output: '\u001b[34msrc\u001b[0m  README.md\n' } }),
        part('exec', 'output-error', { input: { command: 'cat x' }, errorText: 'exec failed [not_found]: No such file' }),
      ]);
      const done = panelOf('exec', 'completed');
      expect(within(done).getByText('ls').closest('pre')).toHaveTextContent('$ ls');
      const out = within(done).getByLabelText('Command output');
      expect(out).toHaveTextContent('src README.md');
      expect(within(out).getByText('src')).toHaveAttribute('data-fg', 'blue');
      expect(out.textContent).not.toContain('\u001b');
      expect(within(done).getByText('Exit code 0')).toHaveAttribute('data-exit', 'success');
      expect(within(panelOf('exec', 'error')).getByText('exec failed [not_found]: No such file')).toBeInTheDocument();
    });

    it('given a failing command, should mark the exit code as a failure', () => {
      renderList([part('exec', 'output-available', { input: { command: 'nope' }, output: { exitCode: 127, output: 'nope: command not found\n' } })]);
      expect(screen.getByText('Exit code 127')).toHaveAttribute('data-exit', 'failure');
    });

    it('given approval is requested, should show the command and send the denial with its reason', async () => {
      const onDeny = vi.fn();
      const onApprove = vi.fn();
      renderList([part('exec', 'approval-requested', { input: { command: 'rm -rf scratch' }, approval: { id: 'ap1' } })], { onDeny, onApprove });
      const panel = panelOf('exec', 'approval-requested');
      expect(within(panel).getByText('rm -rf scratch')).toBeVisible();
      await userEvent.type(within(panel).getByLabelText('Reason (optional)'), 'keep it');
      await userEvent.click(within(panel).getByRole('button', { name: 'Deny' }));
      expect(onDeny).toHaveBeenCalledWith('keep it', expect.objectContaining({ name: 'exec', approval: { id: 'ap1' } }));
      expect(onApprove).not.toHaveBeenCalled();
    });

    it('given streaming input and a denial, should show what arrived and the decision', () => {
      renderList([
        part('exec', 'input-streaming', { input: { command: 'npm' } }),
        part('exec', 'output-denied', { input: { command: 'rm -rf /' }, approval: { id: 'a', approved: false, reason: 'no' } }),
      ]);
      expect(within(panelOf('exec', 'streaming')).getByText('npm')).toBeInTheDocument();
      expect(within(panelOf('exec', 'denied')).getByText('Denied: no')).toBeInTheDocument();
    });
  });

  describe('files', () => {
    it('given readFile, should show the file under its path', () => {
      renderList([part('readFile', 'output-available', { input: { path: '/a.txt' }, output: { path: '/a.txt', content: 'one\ntwo\n' } })]);
      const file = screen.getByRole('figure');
      expect(within(file).getByText('/a.txt', { selector: 'figcaption' })).toBeInTheDocument();
      expect([...file.querySelectorAll('[data-se-part="sandbox-file-line"]')].map((l) => l.textContent)).toEqual(['one\n', 'two\n']);
    });

    it('given writeFile awaiting approval, should show the content to be written', () => {
      renderList([part('writeFile', 'approval-requested', { input: { path: '/index.html', content: '<h1>Hi</h1>' }, approval: { id: 'w' } })]);
      expect(screen.getByText('<h1>Hi</h1>')).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Approve' })).toBeInTheDocument();
    });

    it('given writeFile with previous content, should show a diff against it', () => {
      renderList([
        part('writeFile', 'output-available', {
          input: { path: '/n.txt', content: 'a\nB\nc\n' },
          output: { path: '/n.txt', bytes: 6, previous: 'a\nb\nc\n' },
        }),
      ]);
      const lines = [...document.querySelectorAll('[data-se-part="sandbox-diff-line"]')].map((l) => [l.getAttribute('data-kind'), l.textContent]);
      expect(lines).toEqual([
        ['same', ' a\n'],
        ['removed', '-b\n'],
        ['added', '+B\n'],
        ['same', ' c\n'],
      ]);
      expect(screen.getByText('+1 −1')).toBeInTheDocument();
    });

    it('given writeFile of a new file, should show every line as added', () => {
      renderList([part('writeFile', 'output-available', { input: { path: '/new.txt', content: 'x\ny' }, output: { path: '/new.txt', bytes: 3 } })]);
      expect(screen.getByText('new file, 2 lines')).toBeInTheDocument();
      expect([...document.querySelectorAll('[data-kind="added"]')]).toHaveLength(2);
    });

    it('given listFiles, should show a tree with folders first', () => {
      renderList([
        part('listFiles', 'output-available', {
          input: { path: '/home/user' },
          output: {
            path: '/home/user',
            entries: [
              { name: 'b.txt', path: '/home/user/b.txt', isDir: false, size: 2048 },
              { name: 'src', path: '/home/user/src', isDir: true, size: 0 },
              { name: 'a.txt', path: '/home/user/a.txt', isDir: false, size: 5 },
            ],
          },
        }),
      ]);
      const items = within(screen.getByRole('list', { name: 'Entries of /home/user' })).getAllByRole('listitem');
      expect(items.map((i) => i.textContent)).toEqual(['├─ src/', '├─ a.txt 5 B', '└─ b.txt 2.0 KB']);
    });
  });

  it('given previewUrl, should show the port live in an inline WebPreview', async () => {
    renderList([part('previewUrl', 'output-available', { input: { port: 8080 }, output: { port: 8080, url: 'https://example.test/' } })]);
    const frame = await waitFor(() => {
      const f = document.querySelector('iframe');
      expect(f?.getAttribute('src')).toMatch(/^data:text\/html/);
      return f!;
    });
    // Resolved through the provider's transport for port 8080, not the stale URL.
    expect(decodeURIComponent(frame.getAttribute('src')!)).toContain('port 8080');
  });

  it('given screenshot, should show the image; given a bad value, should show none', () => {
    renderList([
      part('screenshot', 'output-available', { input: {}, output: { width: 640, height: 400, mediaType: 'image/svg+xml', data: svg(640, 400) } }),
      { ...part('screenshot', 'output-available', { input: {}, output: { width: 1, height: 1, mediaType: 'text/html', data: 'PHNjcmlwdD4=' } }), toolCallId: 'bad' },
    ]);
    const img = screen.getByRole('img', { name: 'Screenshot of the sandbox desktop (640×400)' });
    expect(img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(screen.getByText('No image')).toBeInTheDocument();
  });

  it('given computer, should describe the action and mark its point on the screenshot', () => {
    renderList([
      part('computer', 'approval-requested', { input: { action: { type: 'click', x: 10, y: 20 } }, approval: { id: 'c' } }),
      part('computer', 'output-available', {
        input: { action: { type: 'drag', from: { x: 5, y: 6 }, to: { x: 50, y: 60 } } },
        output: { action: { type: 'drag', from: { x: 5, y: 6 }, to: { x: 50, y: 60 } }, screenshot: { width: 640, height: 400, mediaType: 'image/svg+xml', data: svg(640, 400) } },
      }),
    ]);
    expect(within(panelOf('computer', 'approval-requested')).getByText('Click at (10, 20)')).toBeInTheDocument();
    const done = panelOf('computer', 'completed');
    expect(within(done).getByRole('img', { name: 'The desktop after: Drag from (5, 6) to (50, 60)' })).toBeInTheDocument();
    const points = [...done.querySelectorAll('[data-se-part="sandbox-action-point"]')].map((c) => [c.getAttribute('cx'), c.getAttribute('cy')]);
    expect(points).toEqual([
      ['5', '6'],
      ['50', '60'],
    ]);
    expect(done.querySelector('svg[data-se-part="sandbox-action-marker"]')).toHaveAttribute('viewBox', '0 0 640 400');
  });

  it('should describe every action type', () => {
    expect(
      [
        { type: 'click', x: 1, y: 2, double: true },
        { type: 'move', x: 1, y: 2 },
        { type: 'scroll', x: 1, y: 2, direction: 'down' },
        { type: 'type', text: 'hi' },
        { type: 'press', key: 'Enter', modifiers: ['ctrl'] },
        { type: 'hotkey', keys: 'ctrl+c' },
        { type: 'jump' },
        undefined,
      ].map(describeComputerAction),
    ).toEqual(['Double-click at (1, 2)', 'Move to (1, 2)', 'Scroll down at (1, 2)', 'Type "hi"', 'Press ctrl+Enter', 'Press ctrl+c', 'Unknown action "jump"', 'Waiting for the action…']);
  });
});

describe('sandboxToolRenderers — labels', () => {
  it('given labels.sandbox on the list, should show and name everything in their words, keeping the rest English', () => {
    const shot = { width: 640, height: 400, mediaType: 'image/svg+xml', data: svg(640, 400) };
    renderList(
      [
        part('exec', 'output-available', { input: { command: 'ls' }, output: { exitCode: 2, output: 'x\n', truncated: true } }),
        part('readFile', 'output-available', { input: { path: 'a.txt' }, output: { path: 'a.txt', content: 'hi\n' } }),
        part('writeFile', 'output-available', { input: { path: 'n.txt', content: 'a\nb\n' }, output: { path: 'n.txt' } }),
        part('listFiles', 'output-available', { input: { path: '/w' }, output: { path: '/w', entries: [{ name: 'f', isDir: false, size: 2048 }] } }),
        { ...part('listFiles', 'output-available', { input: { path: '/e' }, output: { path: '/e', entries: [] } }), toolCallId: 'empty' },
        part('previewUrl', 'input-available', { input: { port: 3000 } }),
        part('screenshot', 'output-available', { input: {}, output: { width: 0, height: 0, mediaType: 'image/png', data: '' } }),
        part('computer', 'output-available', { input: { action: { type: 'move', x: 1, y: 2 } }, output: { action: { type: 'move', x: 1, y: 2 }, screenshot: shot } }),
        { ...part('computer', 'output-available', { input: { action: { type: 'move', x: 1, y: 2 } }, output: { action: { type: 'move', x: 1, y: 2 } } }), toolCallId: 'noshot' },
      ],
      {
        labels: {
          sandbox: {
            commandOutput: 'Ausgabe',
            outputDropped: '…gekürzt…',
            exitCode: (code) => `Rückgabewert ${code}`,
            fileContent: (path) => `Inhalt von ${path}`,
            newFile: (lines) => `neue Datei, ${lines} Zeilen`,
            fileChanges: (path) => `Änderungen an ${path}`,
            directoryEntries: (path) => `Einträge in ${path ?? 'dem Ordner'}`,
            emptyDirectory: 'Leerer Ordner',
            fileSize: (bytes) => `${bytes} Byte`,
            port: (port) => `Anschluss ${port ?? '…'}`,
            computerAction: (action) => `Aktion ${(action as { type?: string } | undefined)?.type ?? '?'}`,
            desktopAfter: (action) => `Bildschirm nach: ${action}`,
            noScreenshot: 'Fertig (kein Bildschirmfoto)',
          },
        },
      },
    );
    const exec = panelOf('exec', 'completed');
    expect(within(exec).getByLabelText('Ausgabe')).toHaveTextContent('…gekürzt…');
    expect(within(exec).getByText('Rückgabewert 2')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Inhalt von a.txt' })).toBeInTheDocument();
    expect(screen.getByText('neue Datei, 2 Zeilen')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Änderungen an n.txt' })).toBeInTheDocument();
    expect(screen.getByRole('list', { name: 'Einträge in /w' })).toHaveTextContent('f 2048 Byte');
    expect(screen.getByText('Leerer Ordner')).toBeInTheDocument();
    expect(screen.getByText('Anschluss 3000')).toBeInTheDocument();
    expect(screen.getByText('No image')).toBeInTheDocument();
    expect(screen.getAllByText('Aktion move')).toHaveLength(2);
    expect(screen.getByRole('img', { name: 'Bildschirm nach: Aktion move' })).toBeInTheDocument();
    expect(screen.getByText('Fertig (kein Bildschirmfoto)')).toBeInTheDocument();
  });
});

describe('diffLines', () => {
  it('given edits in the middle, should keep the rest and number both sides', () => {
    expect(diffLines('a\nb\nc\nd\n', 'a\nc\nX\nd\n')).toEqual([
      { kind: 'same', text: 'a', oldNo: 1, newNo: 1 },
      { kind: 'removed', text: 'b', oldNo: 2 },
      { kind: 'same', text: 'c', oldNo: 3, newNo: 2 },
      { kind: 'added', text: 'X', newNo: 3 },
      { kind: 'same', text: 'd', oldNo: 4, newNo: 4 },
    ]);
  });
  it('given empty sides, should be all added or all removed', () => {
    expect(diffLines('', 'x\n').map((l) => l.kind)).toEqual(['added']);
    expect(diffLines('x\ny', '').map((l) => l.kind)).toEqual(['removed', 'removed']);
  });
  it('given texts too large to compare fully, should still be a correct edit script', () => {
    const before = Array.from({ length: 3000 }, (_, i) => `a${i}`).join('\n');
    const after = Array.from({ length: 3000 }, (_, i) => `b${i}`).join('\n');
    const out = diffLines(`head\n${before}\ntail`, `head\n${after}\ntail`);
    expect(out.filter((l) => l.kind === 'removed')).toHaveLength(3000);
    expect(out.filter((l) => l.kind === 'added')).toHaveLength(3000);
    expect(out[0]).toEqual({ kind: 'same', text: 'head', oldNo: 1, newNo: 1 });
    expect(out.at(-1)).toEqual({ kind: 'same', text: 'tail', oldNo: 3002, newNo: 3002 });
  });
});
