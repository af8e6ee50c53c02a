import { isFetchFailure } from './fetch-failure';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit; default 5. */
  failureThreshold?: number;
  /** How long an open host stays paused before one trial request is let through. */
  coolDownMs: number;
  now?: () => number;
}

export interface HostCircuit {
  host: string;
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: number | null;
  /** When an open circuit lets its next trial through. */
  retryAt: number | null;
}

export interface CircuitBreaker {
  /** True while the host is paused. In half-open state exactly one caller gets false: that call is the trial. */
  isOpen(host: string): boolean;
  record(host: string, ok: boolean): void;
  state(host: string): CircuitState;
  /** Hosts that are not healthy (failing, open or on trial), for progress and metrics. */
  snapshot(): HostCircuit[];
}

interface Circuit {
  state: CircuitState;
  consecutiveFailures: number;
  openedAt: number | null;
  trialStartedAt: number | null;
}

/** Failures that say something about the host's health (not about our request): 5xx, timeouts, network errors. */
export function isHostFailure(error: unknown): boolean {
  return isFetchFailure(error) && (error.type === 'HttpServerError' || error.type === 'Timeout' || error.type === 'NetworkError');
}

export function createCircuitBreaker({ failureThreshold = 5, coolDownMs, now = Date.now }: CircuitBreakerOptions): CircuitBreaker {
  if (!Number.isInteger(failureThreshold) || failureThreshold < 1) throw new TypeError('failureThreshold must be an integer >= 1');
  if (!(coolDownMs >= 0)) throw new TypeError('coolDownMs must be >= 0');
  // Only hosts with failures are kept; a success forgets the host.
  const circuits = new Map<string, Circuit>();

  function open(circuit: Circuit): void {
    circuit.state = 'open';
    circuit.openedAt = now();
    circuit.trialStartedAt = null;
  }

  return {
    isOpen(host) {
      const circuit = circuits.get(host);
      if (!circuit || circuit.state === 'closed') return false;
      const at = now();
      if (circuit.state === 'open') {
        if (at - (circuit.openedAt ?? at) < coolDownMs) return true;
        circuit.state = 'half-open';
        circuit.trialStartedAt = at;
        return false;
      }
      // Half-open with a trial in flight; a trial that never reported back is replaced after another cool-down.
      if (at - (circuit.trialStartedAt ?? at) < coolDownMs) return true;
      circuit.trialStartedAt = at;
      return false;
    },

    record(host, ok) {
      if (ok) {
        circuits.delete(host);
        return;
      }
      const circuit = circuits.get(host) ?? { state: 'closed', consecutiveFailures: 0, openedAt: null, trialStartedAt: null };
      circuits.set(host, circuit);
      circuit.consecutiveFailures += 1;
      if (circuit.state === 'half-open' || (circuit.state === 'closed' && circuit.consecutiveFailures >= failureThreshold)) open(circuit);
    },

    state: (host) => circuits.get(host)?.state ?? 'closed',

    snapshot: () =>
      [...circuits].map(([host, circuit]) => ({
        host,
        state: circuit.state,
        consecutiveFailures: circuit.consecutiveFailures,
        openedAt: circuit.openedAt,
        retryAt: circuit.state === 'open' && circuit.openedAt !== null ? circuit.openedAt + coolDownMs : null,
      })),
  };
}
