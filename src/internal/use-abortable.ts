import * as React from 'react';
import { isSandboxError, toSandboxError, type SandboxError } from '../transport/errors';
import { useLatest } from './use-latest';

export type AbortableState<T> =
  | { status: 'idle'; data?: undefined; error?: undefined }
  | { status: 'pending'; data?: T; error?: undefined }
  | { status: 'success'; data: T; error?: undefined }
  | { status: 'error'; data?: T; error: SandboxError };

/**
 * Run `run(signal)` whenever `deps` change, aborting the previous run. The
 * result of an aborted run is dropped. `retry()` runs again with the same deps.
 * Pass `enabled: false` to stay idle.
 */
export function useAbortableRequest<T>(
  run: (signal: AbortSignal) => Promise<T>,
  deps: React.DependencyList,
  options: { enabled?: boolean } = {},
): AbortableState<T> & { retry: () => void } {
  const enabled = options.enabled ?? true;
  const [state, setState] = React.useState<AbortableState<T>>(
    enabled ? { status: 'pending' } : { status: 'idle' },
  );
  const [attempt, setAttempt] = React.useState(0);
  const runRef = useLatest(run);

  React.useEffect(() => {
    if (!enabled) {
      setState({ status: 'idle' });
      return;
    }
    const controller = new AbortController();
    setState((prev) => ({ status: 'pending', data: prev.data } as AbortableState<T>));
    runRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'success', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', error: isSandboxError(error) ? error : toSandboxError(error) });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, attempt, ...deps]);

  const retry = React.useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, retry };
}
