import { capitalize } from '../internal/labels';
import { defaultSandboxLifecycleLabels } from '../internal/sandbox-state-text';
import type { SandboxInfo } from '../transport/types';
import type { ComputerUseMode } from './context';

/**
 * Every string the ComputerUse family shows or announces. Pass any subset as
 * `labels` on `ComputerUseProvider`; missing keys keep the English defaults
 * in `defaultComputerUseLabels`. A part's own props (`label`, `placeholder`,
 * `modeLabels`, `aria-label`, quick-key and hotkey `label`s) still win.
 */
export interface ComputerUseLabels {
  /** Accessible name of `ComputerUseRoot`. */
  root: string;
  /** Accessible name of the screenshot display (`role="application"`). */
  display: string;
  /** Accessible name of the VNC display. */
  vncDisplay: string;
  /** Name of the toolbar. */
  toolbar: string;
  /** Name of the mode radio group. */
  modes: string;
  /** Name of an input mode. */
  modeName: (mode: ComputerUseMode) => string;
  takeControl: string;
  handToAgent: string;
  refresh: string;
  /** Name of the keyboard panel. */
  keyboard: string;
  /** Name and placeholder of the text field. */
  textToType: string;
  textPlaceholder: string;
  type: string;
  quickKeys: string;
  hotkeys: string;
  starting: string;
  connecting: string;
  inactive: string;
  paused: string;
  /** Paused by the `paused` prop, not by visibility. */
  pausedByHost: string;
  error: string;
  unsupported: string;
  start: string;
  retry: string;
  /** The sandbox is not running (stopped, archived, on its way up or down, failed). */
  sandboxUnavailable: string | ((info: SandboxInfo) => string);
  /** Starts a stopped sandbox. */
  startSandbox: string;
  /** Restores an archived sandbox. */
  restoreSandbox: string;
  /** Reads the sandbox's state again (error, unknown). */
  checkAgain: string;
  vncReconnecting: string | ((attempt: number | undefined) => string);
  vncRetryNow: string;
  vncCredentials: string;
  vncError: string;
  vncUnsupported: string;
  /** The error when there is no `SandboxProvider`. */
  noProvider: string;
  /** The error when the transport has no `computerUse`. */
  noComputerUse: string;
  /** The error when no sandbox is given. */
  noSandbox: string;
}

/** The English defaults of `ComputerUseLabels`. */
export const defaultComputerUseLabels: ComputerUseLabels = {
  root: 'Computer use',
  display: 'Sandbox desktop',
  vncDisplay: 'Sandbox desktop (VNC)',
  toolbar: 'Computer use',
  modes: 'Input mode',
  modeName: capitalize,
  takeControl: 'Take control',
  handToAgent: 'Hand to agent',
  refresh: 'Refresh',
  keyboard: 'Keyboard',
  textToType: 'Text to type',
  textPlaceholder: 'Text to type…',
  type: 'Type',
  quickKeys: 'Keys',
  hotkeys: 'Shortcuts',
  starting: 'Starting computer use…',
  connecting: 'Connecting to the desktop…',
  inactive: 'Computer use is not running in this sandbox.',
  paused: 'Paused while the desktop is out of view.',
  pausedByHost: 'Paused.',
  error: 'The desktop could not be shown.',
  unsupported: 'This sandbox does not support computer use.',
  start: 'Start',
  retry: 'Retry',
  ...defaultSandboxLifecycleLabels,
  vncReconnecting: (attempt) => `Connection lost. Reconnecting…${attempt ? ` (attempt ${attempt})` : ''}`,
  vncRetryNow: 'Retry now',
  vncCredentials: 'The VNC server asks for credentials.',
  vncError: 'Could not connect to the desktop.',
  vncUnsupported: 'No VNC endpoint to connect to.',
  noProvider: 'ComputerUseProvider needs a SandboxProvider (or render it inside one).',
  noComputerUse: 'This transport has no computer use',
  noSandbox: 'ComputerUseProvider needs a sandboxId (prop or SandboxProvider)',
};
