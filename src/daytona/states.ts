import type { SandboxInfo, SandboxState } from '../transport/types';

/**
 * Every state of Daytona's `SandboxState` (22 in SDK 0.218) mapped onto the
 * contract's. The raw state is kept as `daytonaState` on every `SandboxInfo`.
 * A state missing here (a newer Daytona) maps to `unknown`.
 */
export const DAYTONA_STATE_MAP: Readonly<Record<string, SandboxState>> = {
  creating: 'creating',
  pending_build: 'creating',
  building_snapshot: 'creating',
  pulling_snapshot: 'creating',
  restoring: 'restoring',
  starting: 'starting',
  resuming: 'starting',
  resizing: 'starting',
  started: 'running',
  snapshotting: 'running',
  forking: 'running',
  stopping: 'stopping',
  pausing: 'stopping',
  stopped: 'stopped',
  paused: 'stopped',
  archiving: 'archiving',
  archived: 'archived',
  destroying: 'deleting',
  destroyed: 'deleted',
  error: 'error',
  build_failed: 'error',
  unknown: 'unknown',
};

/** Daytona states in which a lifecycle call is refused until the change completes. */
export const DAYTONA_TRANSITIONAL_STATES: ReadonlySet<string> = new Set([
  'creating',
  'pending_build',
  'building_snapshot',
  'pulling_snapshot',
  'restoring',
  'starting',
  'resuming',
  'resizing',
  'snapshotting',
  'forking',
  'stopping',
  'pausing',
  'archiving',
  'destroying',
]);

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
