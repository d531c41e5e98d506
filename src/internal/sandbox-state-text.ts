import type { SandboxInfo, SandboxState } from '../transport/types';

const SAYS: Partial<Record<SandboxState, string>> = {
  creating: 'is being created…',
  starting: 'is starting…',
  restoring: 'is being restored from the archive…',
  running: 'is running.',
  stopping: 'is stopping…',
  stopped: 'is stopped.',
  archiving: 'is being archived…',
  archived: 'is archived.',
  deleting: 'is being deleted.',
  deleted: 'was deleted.',
  error: 'failed.',
  unknown: 'is in an unknown state.',
};

/**
 * The English sentence for a sandbox's lifecycle state, shared by the
 * families' default labels (`sandboxUnavailable` in WebPreview, WebTerminal
 * and ComputerUse) so the three say the same thing. A state this version does
 * not know is named as the server sent it.
 */
export function describeSandboxState(info: SandboxInfo): string {
  return `Sandbox ${info.id} ${SAYS[info.state] ?? `is in an unknown state (${info.state}).`}${info.errorReason ? ` Reason: ${info.errorReason}` : ''}`;
}

/**
 * The English lifecycle strings every family's labels share (WebPreview,
 * ComputerUse, WebTerminal): one copy in a bundle that has several families.
 */
export const defaultSandboxLifecycleLabels = {
  sandboxUnavailable: describeSandboxState,
  startSandbox: 'Start sandbox',
  restoreSandbox: 'Restore sandbox',
  checkAgain: 'Check again',
};
