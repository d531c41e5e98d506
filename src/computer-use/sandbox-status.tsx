import * as React from 'react';
import { formatLabel } from '../internal/labels';
import type { SandboxLifecycle } from '../internal/use-sandbox-lifecycle';
import type { ComputerUseLabels } from './labels';

/**
 * The sandbox is not running: its state, and Start, Restore or Check again
 * (nothing while a transition runs). Shown by the screenshot display and the
 * VNC display alike.
 */
export function SandboxStatus({ sandbox, labels }: { sandbox: SandboxLifecycle; labels: ComputerUseLabels }) {
  const { info, action, error } = sandbox;
  const failed = error !== null || info?.state === 'error';
  return (
    <div data-se-part="computer-use-status" data-status="unavailable" data-sandbox-state={info?.state} role={failed ? 'alert' : 'status'}>
      <span data-se-part="computer-use-status-text">{error ? error.message : info ? formatLabel(labels.sandboxUnavailable, info) : null}</span>
      {action ? (
        <button type="button" data-se-part="computer-use-sandbox-action" data-action={action} onClick={sandbox.run}>
          {action === 'start' ? labels.startSandbox : action === 'restore' ? labels.restoreSandbox : labels.checkAgain}
        </button>
      ) : null}
    </div>
  );
}
