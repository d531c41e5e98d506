import type * as React from 'react';
import type { SandboxError } from '../transport/errors';
import type { ComputerAction, ComputerUseTransport, KeyModifier, MouseButton, Screenshot, ScreenshotRequest } from '../transport/types';
import type { Disposable } from '../transport/types';
import { createContext, type StrictContext } from '../internal/strict-context';
import type { SandboxLifecycle } from '../internal/use-sandbox-lifecycle';
import type { ComputerUseLabels } from './labels';
import type { Point, Size } from './geometry';

/** What pointer and keyboard input on the display turns into. */
export type ComputerUseMode = 'view' | 'click' | 'move' | 'drag' | 'scroll' | 'type';
export const COMPUTER_USE_MODES: readonly ComputerUseMode[] = ['view', 'click', 'move', 'drag', 'scroll', 'type'];

/** Who drives the desktop. While the agent is in control the display is view-only. */
export type ComputerUseControl = 'user' | 'agent';

/** Where computer use stands in the sandbox; `unavailable`: the sandbox itself is not running (see `sandbox`). */
export type ComputerUseSessionState = 'checking' | 'inactive' | 'starting' | 'active' | 'unavailable' | 'error' | 'unsupported';

/** Who asked for an action. */
export type ComputerActionSource = 'user' | 'agent';

export type ComputerActionStatus = 'queued' | 'running' | 'done' | 'error';

/** One action in the provider's bounded history. */
export interface ComputerUseHistoryEntry {
  /** Increasing id, unique within one provider. */
  id: number;
  action: ComputerAction;
  source: ComputerActionSource;
  status: ComputerActionStatus;
  /** When `perform` was called, epoch ms. */
  time: number;
  /** When the transport finished (or refused) it, epoch ms. */
  settledAt?: number;
  error?: SandboxError;
}

export interface PerformOptions {
  /** Who asked; shown in the history and the overlay. @default 'user' */
  source?: ComputerActionSource;
  /** Cancels this action (queued or in flight). @default undefined */
  signal?: AbortSignal;
}

export interface ModeChangeDetails {
  reason: 'toolbar' | 'keyboard' | 'api';
  event?: Event | React.SyntheticEvent;
}
export interface ControlChangeDetails {
  reason: 'take-control' | 'hand-off' | 'api';
  event?: Event | React.SyntheticEvent;
}

export interface ComputerUseMouse {
  move(x: number, y: number, options?: PerformOptions): Promise<void>;
  click(x: number, y: number, options?: PerformOptions & { button?: MouseButton; double?: boolean }): Promise<void>;
  doubleClick(x: number, y: number, options?: PerformOptions & { button?: MouseButton }): Promise<void>;
  drag(from: Point, to: Point, options?: PerformOptions & { button?: MouseButton }): Promise<void>;
  scroll(x: number, y: number, direction: 'up' | 'down', amount?: number, options?: PerformOptions): Promise<void>;
}
export interface ComputerUseKeyboard {
  type(text: string, options?: PerformOptions & { delayMs?: number }): Promise<void>;
  press(key: string, modifiers?: KeyModifier[], options?: PerformOptions): Promise<void>;
  hotkey(keys: string, options?: PerformOptions): Promise<void>;
}
export interface ComputerUseScreenshot {
  /** Take one screenshot (independent of the display's refresh loop). */
  capture(options?: Omit<ScreenshotRequest, 'sandboxId'>, signal?: AbortSignal): Promise<Screenshot>;
}

/**
 * Another way to carry out actions than `transport.computerUse.perform`: the
 * VNC display registers one so keyboard actions travel over its connection.
 */
export interface ComputerActionDriver {
  /** Whether this driver carries out `action`; the rest go to the transport. */
  handles(action: ComputerAction): boolean;
  perform(action: ComputerAction, signal: AbortSignal): Promise<void>;
}

/** Everything the ComputerUse parts (and your own) read from `ComputerUseProvider`. */
export interface ComputerUseContextValue {
  sandboxId: string | undefined;
  /** The transport's computer-use capability, or `undefined` when it has none. */
  computerUse: ComputerUseTransport | undefined;
  state: ComputerUseSessionState;
  /** Why `state` is `error` (or `unsupported`). */
  error: SandboxError | null;
  /** The sandbox's lifecycle state and the action it calls for (Start, Restore, Check again); `state` is `unavailable` while it is not running. */
  sandbox: SandboxLifecycle;
  /** Start computer use in the sandbox (from `inactive` or `error`). */
  start(): Promise<void>;
  /** Check the status again (after an error). */
  retry(): void;
  mode: ComputerUseMode;
  setMode(mode: ComputerUseMode, details?: ModeChangeDetails): void;
  control: ComputerUseControl;
  setControl(control: ComputerUseControl, details?: ControlChangeDetails): void;
  /** The sandbox display size, once known (from `displayInfo` or a screenshot). */
  displaySize: Size | null;
  /** Validate and queue an action; resolves when the transport has performed it. */
  perform(action: ComputerAction, options?: PerformOptions): Promise<void>;
  /** The most recent actions, oldest first. */
  history: readonly ComputerUseHistoryEntry[];
  clearHistory(): void;
  mouse: ComputerUseMouse;
  keyboard: ComputerUseKeyboard;
  screenshot: ComputerUseScreenshot;
  /** Ask every display to fetch a new frame now. */
  refresh(): void;
  /** @internal For displays: fires on `refresh()` and after every settled action. */
  onInvalidate(listener: () => void): Disposable;
  /** @internal For displays: report the size seen in a screenshot. */
  reportDisplaySize(size: Size): void;
  /** Whether keyboard actions can be sent now (computer use active, or a VNC display connected). */
  keyboardAvailable: boolean;
  /** @internal For displays: route some actions through another connection (VNC). */
  registerDriver(driver: ComputerActionDriver): Disposable;
  /** Every user-visible string, the provider's `labels` over the English defaults. */
  labels: ComputerUseLabels;
}

export const [ComputerUseContextProvider, useComputerUseContext]: StrictContext<ComputerUseContextValue> = /* @__PURE__ */ createContext<ComputerUseContextValue>('ComputerUseProvider');

/** The nearest `ComputerUseProvider`'s state and actions (mode, control, `perform`, helpers, history). */
export function useComputerUse(): ComputerUseContextValue {
  return useComputerUseContext('useComputerUse');
}
