import { capitalize } from '../internal/labels';
import { defaultSandboxLifecycleLabels } from '../internal/sandbox-state-text';
import type { LogLevel, SandboxInfo } from '../transport/types';
import type { WebPreviewDeviceName } from './context';
import type { PreviewInputError } from './url';

/**
 * Every string the WebPreview family shows or announces. Pass any subset as
 * `labels` on `WebPreview` (or on a `WebPreviewConsole` used on its own);
 * missing keys keep the English defaults in `defaultWebPreviewLabels`. A
 * part's own `aria-label`, `title`, `placeholder` or `children` still wins.
 */
export interface WebPreviewLabels {
  /** Name of the navigation button group. */
  navigation: string;
  back: string;
  forward: string;
  reload: string;
  openInNewTab: string;
  /** Name of the address field. */
  address: string;
  /** Placeholder of the address field, given the previewed port (if any). */
  addressPlaceholder: string | ((port: number | undefined) => string);
  /** Why the address bar refused what was typed (`message` is the English text). */
  addressRefused: string | ((refusal: { reason: PreviewInputError | 'no-page'; message: string }) => string);
  /** The frame's accessible name. */
  frameTitle: string | ((target: { sandboxId?: string; port?: number }) => string);
  resolving: string;
  loading: string;
  /** Shown before there is a URL or a port. */
  empty: string;
  /** A sandbox that is not running (stopped, archived, on its way up or down, failed). */
  sandboxUnavailable: string | ((info: SandboxInfo) => string);
  /** Starts a stopped sandbox. */
  startSandbox: string;
  /** Restores an archived sandbox. */
  restoreSandbox: string;
  /** Reads the sandbox's state again (error, unknown). */
  checkAgain: string;
  /** When the transport cannot give previews and says nothing more. */
  unsupported: string;
  /** When the page failed and the error says nothing more. */
  failed: string;
  retry: string;
  /** A URL given to the root (`url`, `defaultUrl`) that is not http(s). */
  refusedUrl: string | ((url: string) => string);
  /** The page sent no `load` event in time. */
  loadTimeout: string | ((seconds: number) => string);
  /** A port asked for without a `SandboxProvider` or `sandboxId`. */
  needsSandbox: string | ((missing: 'transport' | 'sandboxId') => string);
  /** Name of the device group. */
  device: string;
  /** Name of a device preset. */
  deviceName: (device: WebPreviewDeviceName) => string;
  rotate: string;
  fullscreen: string;
  exitFullscreen: string;
  consoleTitle: string;
  consoleFilters: string;
  consoleLevels: string;
  /** Name of a log level on its filter toggle. */
  levelName: (level: LogLevel) => string;
  searchLogs: string;
  pauseAutoScroll: string;
  resumeAutoScroll: string;
  clear: string;
  reconnect: string;
  /** Name of the log list, given the console's title. */
  consoleOutput: string | ((title: string) => string);
  consoleUnsupported: string;
  /** The count line under the list. */
  consoleSummary: string | ((counts: { shown: number; total: number; filtered: boolean; dropped: number; capacity: number }) => string);
}

/** The English defaults of `WebPreviewLabels`. */
export const defaultWebPreviewLabels: WebPreviewLabels = {
  navigation: 'Preview navigation',
  back: 'Back',
  forward: 'Forward',
  reload: 'Reload',
  openInNewTab: 'Open in new tab',
  address: 'Preview address',
  addressPlaceholder: (port) => (port !== undefined ? `localhost:${port}/` : 'https:// or a port'),
  addressRefused: ({ message }) => message,
  frameTitle: ({ sandboxId, port }) => (sandboxId !== undefined && port !== undefined ? `Preview of sandbox ${sandboxId}, port ${port}` : 'Web preview'),
  resolving: 'Resolving preview link…',
  loading: 'Loading preview…',
  empty: 'Enter a URL or a port to preview.',
  ...defaultSandboxLifecycleLabels,
  unsupported: 'This transport cannot show previews.',
  failed: 'The preview failed to load.',
  retry: 'Retry',
  refusedUrl: (url) => `Refused to show "${url.length > 60 ? `${url.slice(0, 60)}…` : url}": a preview must be an http(s) URL.`,
  loadTimeout: (seconds) => `The preview did not load within ${seconds} s`,
  needsSandbox: (missing) => `WebPreview needs a ${missing === 'transport' ? 'SandboxProvider' : 'sandboxId'} to preview a port`,
  device: 'Device',
  deviceName: capitalize,
  rotate: 'Rotate',
  fullscreen: 'Fullscreen',
  exitFullscreen: 'Exit fullscreen',
  consoleTitle: 'Console',
  consoleFilters: 'Console filters',
  consoleLevels: 'Levels',
  levelName: capitalize,
  searchLogs: 'Search logs',
  pauseAutoScroll: 'Pause auto-scroll',
  resumeAutoScroll: 'Resume auto-scroll',
  clear: 'Clear',
  reconnect: 'Reconnect',
  consoleOutput: (title) => `${title} output`,
  consoleUnsupported: 'This transport does not stream sandbox logs.',
  consoleSummary: ({ shown, total, filtered, dropped, capacity }) =>
    `${filtered ? `${shown} of ${total} entries shown` : `${total} ${total === 1 ? 'entry' : 'entries'}`}${dropped > 0 ? ` · ${dropped} older dropped (limit ${capacity})` : ''}`,
};
