import * as React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  WebPreview,
  WebPreviewBackButton,
  WebPreviewBody,
  WebPreviewConsole,
  WebPreviewDevice,
  WebPreviewNavigation,
  WebPreviewReloadButton,
  WebPreviewRetryButton,
  WebPreviewUrl,
  defaultWebPreviewLabels,
} from './index';

const frame = (container: HTMLElement) => container.querySelector<HTMLIFrameElement>('iframe[data-se-part="web-preview-frame"]');

/** A design-system button, as a user would pass to `asChild`. */
const MyButton = React.forwardRef<HTMLButtonElement, React.ComponentPropsWithoutRef<'button'>>(function MyButton(props, ref) {
  return <button {...props} ref={ref} data-my-button="" />;
});

describe('WebPreview labels (#13)', () => {
  it('given labels on the root, should translate every part: buttons, placeholder, statuses and accessible names', async () => {
    render(
      <WebPreview
        labels={{
          navigation: 'Vorschau-Navigation',
          back: 'Zurück',
          forward: 'Vorwärts',
          reload: 'Neu laden',
          openInNewTab: 'In neuem Tab öffnen',
          address: 'Vorschauadresse',
          addressPlaceholder: 'https:// oder ein Port',
          empty: 'Gib eine URL oder einen Port ein.',
          device: 'Gerät',
          deviceName: (d) => ({ responsive: 'Flexibel', desktop: 'Desktop', tablet: 'Tablet', mobile: 'Handy' })[d],
          rotate: 'Drehen',
          consoleTitle: 'Konsole',
          clear: 'Leeren',
          searchLogs: 'Logs durchsuchen',
          levelName: (l) => ({ debug: 'Debug', info: 'Info', log: 'Log', warn: 'Warnung', error: 'Fehler' })[l],
          consoleSummary: ({ total }) => `${total} Einträge`,
        }}
      >
        <WebPreviewNavigation />
        <WebPreviewUrl />
        <WebPreviewDevice fullscreen={false} />
        <WebPreviewBody />
        <WebPreviewConsole subscribe={false} />
      </WebPreview>,
    );
    expect(screen.getByRole('group', { name: 'Vorschau-Navigation' })).toBeInTheDocument();
    for (const name of ['Zurück', 'Vorwärts', 'Neu laden', 'In neuem Tab öffnen', 'Handy', 'Drehen', 'Leeren']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    expect(screen.getByRole('textbox', { name: 'Vorschauadresse' })).toHaveAttribute('placeholder', 'https:// oder ein Port');
    expect(screen.getByText('Gib eine URL oder einen Port ein.')).toBeInTheDocument();
    expect(screen.getByRole('searchbox', { name: 'Logs durchsuchen' })).toHaveAttribute('placeholder', 'Logs durchsuchen');
    expect(screen.getByRole('button', { name: /Warnung/ })).toBeInTheDocument();
    expect(screen.getByText('0 Einträge')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Konsole/ })).toBeInTheDocument();
  });

  it('given refusal labels, should show the translated refusal of a root URL and of typed input', async () => {
    render(
      <WebPreview
        defaultUrl="javascript:alert(1)"
        labels={{
          refusedUrl: (url) => `Abgelehnt: ${url}`,
          addressRefused: ({ reason }) => `Nicht erlaubt (${reason})`,
          retry: 'Nochmal',
        }}
      >
        <WebPreviewUrl />
        <WebPreviewBody />
      </WebPreview>,
    );
    expect(await screen.findByText('Abgelehnt: javascript:alert(1)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Nochmal' })).toHaveAttribute('data-se-part', 'web-preview-retry-button');
    const input = screen.getByRole('textbox');
    await userEvent.clear(input);
    await userEvent.type(input, 'ftp://example.com{Enter}');
    expect(screen.getByText('Nicht erlaubt (scheme)')).toHaveAttribute('role', 'alert');
  });

  it('given a part prop, should win over the labels; given no labels, should use the exported English defaults', () => {
    render(
      <WebPreview labels={{ back: 'Zurück' }}>
        <WebPreviewNavigation aria-label="Mine" />
        <WebPreviewBackButton aria-label="Back (mine)" />
        <WebPreviewReloadButton />
      </WebPreview>,
    );
    expect(screen.getByRole('group', { name: 'Mine' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Back (mine)' })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Zurück' })).toHaveLength(1);
    expect(screen.getAllByRole('button', { name: defaultWebPreviewLabels.reload })).toHaveLength(2);
  });

  it('given a WebPreviewConsole on its own, should take its own labels', () => {
    render(<WebPreviewConsole subscribe={false} labels={{ clear: 'Leeren' }} />);
    expect(screen.getByRole('button', { name: 'Leeren' })).toBeInTheDocument();
  });
});

describe('WebPreview asChild (#13)', () => {
  it('given Reload asChild with a design-system button, should keep the part attributes and reload the frame', async () => {
    const ref = React.createRef<HTMLButtonElement>();
    const { container } = render(
      <WebPreview defaultUrl="https://example.com/">
        <WebPreviewReloadButton asChild ref={ref}>
          <MyButton className="mine">Neu</MyButton>
        </WebPreviewReloadButton>
        <WebPreviewBody />
      </WebPreview>,
    );
    const button = screen.getByRole('button', { name: 'Reload' });
    expect(button).toHaveAttribute('data-my-button');
    expect(button).toHaveAttribute('data-se-part', 'web-preview-reload-button');
    expect(button).toHaveClass('mine');
    expect(button).toHaveTextContent('Neu');
    expect(button).not.toHaveTextContent('↻');
    expect(ref.current).toBe(button);
    const before = frame(container);
    expect(before).not.toBeNull();
    fireEvent.click(button);
    await waitFor(() => expect(frame(container)).not.toBe(before));
  });

  it('given Back asChild with a link at the start of history, should mark it disabled and do nothing on click', () => {
    const { container } = render(
      <WebPreview defaultUrl="https://example.com/">
        <WebPreviewBackButton asChild>
          <a href="#back">Zurück</a>
        </WebPreviewBackButton>
        <WebPreviewBody />
      </WebPreview>,
    );
    const link = screen.getByRole('link', { name: 'Back' });
    expect(link).toHaveAttribute('data-disabled', '');
    const before = frame(container);
    fireEvent.click(link);
    expect(frame(container)).toBe(before);
  });

  it('given Retry asChild in a custom renderStatus, should reload after an error', async () => {
    render(
      <WebPreview defaultUrl="javascript:alert(1)">
        <WebPreviewBody
          renderStatus={() => (
            <WebPreviewRetryButton asChild>
              <MyButton>Try again</MyButton>
            </WebPreviewRetryButton>
          )}
        />
      </WebPreview>,
    );
    const button = await screen.findByRole('button', { name: 'Try again' });
    expect(button).toHaveAttribute('data-se-part', 'web-preview-retry-button');
    expect(button).toHaveAttribute('data-my-button');
  });
});
