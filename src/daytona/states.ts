import type { SandboxInfo, SandboxState } from '../transport/types';

/**
 * Daytona's lifecycle states (0.218 has 22) folded onto the contract's eight.
 * The raw state is kept as `daytonaState` on every `SandboxInfo`.
 */
export const DAYTONA_STATE_MAP: Readonly<Record<string, SandboxState>> = {
  creating: 'creating',
  restoring: 'creating',
  pending_build: 'creating',
  building_snapshot: 'creating',
  pulling_snapshot: 'creating',
  starting: 'starting',
  resuming: 'starting',
  resizing: 'starting',
  started: 'running',
  snapshotting: 'running',
  forking: 'running',
  stopping: 'stopping',
  pausing: 'stopping',
  archiving: 'stopping',
  destroying: 'stopping',
  stopped: 'stopped',
  paused: 'stopped',
  destroyed: 'stopped',
  archived: 'archived',
  error: 'error',
  build_failed: 'error',
  unknown: 'unknown',
};

export function mapDaytonaState(state: unknown): SandboxState {
  return (typeof state === 'string' && DAYTONA_STATE_MAP[state]) || 'unknown';
}

/** The fields of an SDK `Sandbox` (or a sandbox DTO) that `SandboxInfo` carries. */
export interface DaytonaSandboxLike {
  id: string;
  name?: string;
  state?: string;
  errorReason?: string;
  labels?: Record<string, string>;
  target?: string;
  cpu?: number;
  gpu?: number;
  memory?: number;
  disk?: number;
  createdAt?: string;
  updatedAt?: string;
  lastActivityAt?: string;
  recoverable?: boolean;
}

export function toSandboxInfo(sandbox: DaytonaSandboxLike): SandboxInfo {
  const info: SandboxInfo = {
    id: sandbox.id,
    state: mapDaytonaState(sandbox.state),
    daytonaState: sandbox.state ?? 'unknown',
    labels: { ...(sandbox.labels ?? {}) },
  };
  if (sandbox.errorReason) info.errorReason = sandbox.errorReason;
  for (const key of ['name', 'target', 'cpu', 'gpu', 'memory', 'disk', 'createdAt', 'updatedAt', 'lastActivityAt', 'recoverable'] as const) {
    if (sandbox[key] !== undefined && sandbox[key] !== null) info[key] = sandbox[key];
  }
  return info;
}
