export interface HostThrottleOptions {
  /** Requests allowed in flight at once per host. */
  maxConcurrency: number;
  /** Minimum time between two request starts on the same host. */
  minDelayMs: number;
  now?: () => number;
}

/** Per-call overrides, e.g. a robots.txt Crawl-delay for that host. */
export interface ScheduleOptions {
  maxConcurrency?: number;
  minDelayMs?: number;
  signal?: AbortSignal;
}

export interface HostThrottleStats {
  host: string;
  active: number;
  queued: number;
  started: number;
  /** Highest number of tasks seen in flight at once. */
  maxActive: number;
  lastStartAt: number | null;
}

export interface HostThrottle {
  /** Runs `task` when the host has a free slot and its delay has passed; queued calls start in FIFO order. */
  schedule<T>(host: string, task: () => Promise<T>, options?: ScheduleOptions | AbortSignal): Promise<T>;
  stats(host: string): HostThrottleStats;
  snapshot(): HostThrottleStats[];
}

interface Waiter {
  maxConcurrency: number;
  minDelayMs: number;
  start(): void;
  cancel(reason: unknown): void;
}

interface HostState {
  active: number;
  queue: Waiter[];
  started: number;
  maxActive: number;
  lastStartAt: number | null;
  /** Longest delay any call asked for: the state must outlive it so the next start still waits. */
  longestDelayMs: number;
  timer?: NodeJS.Timeout;
}

// A monotonic clock: a wall-clock step (NTP, a VM resuming) must not shorten the delay between two requests.
export function createHostThrottle({ maxConcurrency, minDelayMs, now = () => performance.now() }: HostThrottleOptions): HostThrottle {
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) throw new TypeError('maxConcurrency must be an integer >= 1');
  if (!(minDelayMs >= 0)) throw new TypeError('minDelayMs must be >= 0');
  const hosts = new Map<string, HostState>();

  function stateOf(host: string): HostState {
    let state = hosts.get(host);
    if (!state) {
      state = { active: 0, queue: [], started: 0, maxActive: 0, lastStartAt: null, longestDelayMs: minDelayMs };
      hosts.set(host, state);
    }
    return state;
  }

  function pump(host: string, state: HostState): void {
    clearTimeout(state.timer);
    state.timer = undefined;
    while (state.queue.length > 0) {
      const next = state.queue[0];
      if (state.active >= next.maxConcurrency) return; // a finishing task pumps again
      const wait = state.lastStartAt === null ? 0 : state.lastStartAt + next.minDelayMs - now();
      if (wait > 0) {
        state.timer = setTimeout(() => pump(host, state), wait);
        return;
      }
      state.queue.shift();
      state.active += 1;
      state.started += 1;
      state.maxActive = Math.max(state.maxActive, state.active);
      state.lastStartAt = now();
      next.start();
    }
    if (state.active === 0) forgetWhenIdle(host, state);
  }

  function forgetWhenIdle(host: string, state: HostState): void {
    const remaining = state.lastStartAt === null ? 0 : state.lastStartAt + state.longestDelayMs - now();
    state.timer = setTimeout(() => {
      if (state.active === 0 && state.queue.length === 0 && hosts.get(host) === state) hosts.delete(host);
    }, Math.max(0, remaining));
    state.timer.unref();
  }

  function toStats(host: string, state: HostState | undefined): HostThrottleStats {
    return {
      host,
      active: state?.active ?? 0,
      queued: state?.queue.length ?? 0,
      started: state?.started ?? 0,
      maxActive: state?.maxActive ?? 0,
      lastStartAt: state?.lastStartAt ?? null,
    };
  }

  return {
    schedule<T>(host: string, task: () => Promise<T>, optionsOrSignal?: ScheduleOptions | AbortSignal): Promise<T> {
      const options: ScheduleOptions = optionsOrSignal instanceof AbortSignal ? { signal: optionsOrSignal } : optionsOrSignal ?? {};
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(signal.reason);
      const state = stateOf(host);
      const waiterDelay = options.minDelayMs ?? minDelayMs;
      state.longestDelayMs = Math.max(state.longestDelayMs, waiterDelay);

      return new Promise<T>((resolve, reject) => {
        const onAbort = () => waiter.cancel(signal?.reason);
        const waiter: Waiter = {
          maxConcurrency: options.maxConcurrency ?? maxConcurrency,
          minDelayMs: waiterDelay,
          start() {
            signal?.removeEventListener('abort', onAbort);
            Promise.resolve()
              .then(task)
              .then(resolve, reject)
              .finally(() => {
                state.active -= 1;
                pump(host, state);
              });
          },
          cancel(reason) {
            const index = state.queue.indexOf(waiter);
            if (index === -1) return;
            state.queue.splice(index, 1);
            reject(reason);
            pump(host, state);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        state.queue.push(waiter);
        pump(host, state);
      });
    },
    stats: (host) => toStats(host, hosts.get(host)),
    snapshot: () => [...hosts].map(([host, state]) => toStats(host, state)),
  };
}
