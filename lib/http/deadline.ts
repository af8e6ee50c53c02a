/**
 * One abort signal for a request that follows both the caller's signal and the current phase's time limit.
 * `arm` starts a new phase (DNS, headers, body) with its own limit; `timedOut` names the phase that ran out.
 */
export interface Deadline {
  readonly signal: AbortSignal;
  arm(phase: string, timeoutMs: number): void;
  readonly timedOut: { phase: string; timeoutMs: number } | null;
  dispose(): void;
}

export function createDeadline(parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let timedOut: { phase: string; timeoutMs: number } | null = null;
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });

  return {
    signal: controller.signal,
    arm(phase, timeoutMs) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = { phase, timeoutMs };
        controller.abort(new Error(`${phase} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    },
    get timedOut() {
      return timedOut;
    },
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
export function raceWithSignal<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
