import type { Meta, StoryObj } from '@storybook/react-vite';
import * as React from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import {
  WebPreview,
  WebPreviewBody,
  WebPreviewConsole,
  WebPreviewDevice,
  WebPreviewNavigation,
  WebPreviewUrl,
  type WebPreviewLabels,
} from '../src';

/**
 * Every user-visible string of a family goes through one `labels` prop on its
 * root (#13): typed, with English defaults exported (`defaultWebPreviewLabels`,
 * `defaultWebTerminalLabels`, `defaultComputerUseLabels`). Strings that depend
 * on state are functions, so a translation can order words its own way.
 * Here the whole WebPreview family in German.
 */
const meta: Meta<typeof WebPreview> = {
  title: 'Labels (i18n)',
  component: WebPreview,
  parameters: { layout: 'padded' },
};
export default meta;
type Story = StoryObj<typeof WebPreview>;

const DEVICES = { responsive: 'Flexibel', desktop: 'Desktop', tablet: 'Tablet', mobile: 'Handy' } as const;
const LEVELS = { debug: 'Debug', info: 'Info', log: 'Log', warn: 'Warnung', error: 'Fehler' } as const;

/** Every key of `WebPreviewLabels`, in German (the type makes a missing key a compile error). */
const germanWebPreviewLabels: WebPreviewLabels = {
  navigation: 'Vorschau-Navigation',
  back: 'Zurück',
  forward: 'Vorwärts',
  reload: 'Neu laden',
  openInNewTab: 'In neuem Tab öffnen',
  address: 'Vorschauadresse',
  addressPlaceholder: (port) => (port !== undefined ? `localhost:${port}/` : 'https:// oder ein Port'),
  addressRefused: ({ reason }) =>
    ({
      empty: 'Gib eine URL, einen Port oder einen Pfad ein.',
      too_long: 'Diese Adresse ist zu lang.',
      control_characters: 'Diese Adresse enthält Steuerzeichen.',
      scheme: 'Nur http: und https: sind erlaubt.',
      port: 'Der Port muss zwischen 1 und 65535 liegen.',
      credentials: 'Adressen mit Benutzername oder Passwort sind nicht erlaubt.',
      malformed: 'Das ist keine URL, kein Port und kein Pfad.',
      'no-page': 'Es gibt noch keine Seite für diesen Pfad; gib eine URL oder einen Port ein.',
    })[reason],
  frameTitle: ({ sandboxId, port }) => (sandboxId !== undefined && port !== undefined ? `Vorschau von Sandbox ${sandboxId}, Port ${port}` : 'Webvorschau'),
  resolving: 'Vorschaulink wird aufgelöst…',
  loading: 'Vorschau wird geladen…',
  empty: 'Gib eine URL oder einen Port ein.',
  sandboxUnavailable: (info) => `Sandbox ${info.id} ist ${info.state}.${info.errorReason ? ` Grund: ${info.errorReason}` : ''}`,
  startSandbox: 'Sandbox starten',
  restoreSandbox: 'Sandbox wiederherstellen',
  checkAgain: 'Erneut prüfen',
  unsupported: 'Dieser Transport kann keine Vorschau zeigen.',
  failed: 'Die Vorschau konnte nicht geladen werden.',
  retry: 'Erneut versuchen',
  refusedUrl: (url) => `„${url.slice(0, 60)}“ wird nicht angezeigt: Eine Vorschau muss eine http(s)-URL sein.`,
  loadTimeout: (seconds) => `Die Vorschau wurde nicht innerhalb von ${seconds} s geladen`,
  needsSandbox: (missing) => (missing === 'transport' ? 'WebPreview braucht einen SandboxProvider, um einen Port zu zeigen' : 'WebPreview braucht eine sandboxId, um einen Port zu zeigen'),
  device: 'Gerät',
  deviceName: (device) => DEVICES[device],
  rotate: 'Drehen',
  fullscreen: 'Vollbild',
  exitFullscreen: 'Vollbild beenden',
  consoleTitle: 'Konsole',
  consoleFilters: 'Konsolenfilter',
  consoleLevels: 'Stufen',
  levelName: (level) => LEVELS[level],
  searchLogs: 'Logs durchsuchen',
  pauseAutoScroll: 'Automatisches Scrollen anhalten',
  resumeAutoScroll: 'Automatisches Scrollen fortsetzen',
  clear: 'Leeren',
  reconnect: 'Neu verbinden',
  consoleOutput: (title) => `Ausgabe: ${title}`,
  consoleUnsupported: 'Dieser Transport streamt keine Sandbox-Logs.',
  consoleSummary: ({ shown, total, filtered, dropped, capacity }) =>
    `${filtered ? `${shown} von ${total} Einträgen` : `${total} ${total === 1 ? 'Eintrag' : 'Einträge'}`}${dropped > 0 ? ` · ${dropped} ältere verworfen (Grenze ${capacity})` : ''}`,
};

/** The WebPreview family, fully in German: navigation, address bar, devices, frame and console. */
export const GermanWebPreview: Story = {
  render: () => (
    <WebPreview sandboxId="abc123" port={3000} labels={germanWebPreviewLabels} style={{ height: 560 }}>
      <WebPreviewNavigation />
      <WebPreviewUrl />
      <WebPreviewDevice />
      <WebPreviewBody />
      <WebPreviewConsole maxHeight={140} />
    </WebPreview>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('group', { name: 'Vorschau-Navigation' })).toBeInTheDocument();
    for (const name of ['Zurück', 'Vorwärts', 'Neu laden', 'In neuem Tab öffnen', 'Handy', 'Drehen', 'Leeren']) {
      await expect(canvas.getByRole('button', { name })).toBeInTheDocument();
    }
    await expect(await canvas.findByTitle('Vorschau von Sandbox abc123, Port 3000')).toBeInTheDocument();
    await expect(canvas.getByRole('searchbox', { name: 'Logs durchsuchen' })).toBeInTheDocument();
    // Type once the preview has loaded (under load the first render of the
    // frame and console can still be running); the refusal may take a while too.
    const root = canvasElement.querySelector('[data-se-part="web-preview"]')!;
    await waitFor(() => expect(root).toHaveAttribute('data-status', 'ready'), { timeout: 10_000 });
    const address = canvas.getByRole('textbox', { name: 'Vorschauadresse' });
    await userEvent.clear(address);
    await userEvent.type(address, 'ftp://example.com{Enter}');
    await expect(await canvas.findByText('Nur http: und https: sind erlaubt.', {}, { timeout: 5_000 })).toBeInTheDocument();
  },
};
