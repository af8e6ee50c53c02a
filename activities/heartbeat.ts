import { setMaxListeners } from 'node:events';
import { Context } from '@temporalio/activity';

/**
 * Heartbeats on a timer while `work` runs, so a long fetch or model call still reports liveness and learns of a
 * cancellation promptly (the worker throttles what actually reaches the server).
 */
export async function withHeartbeat<T>(work: (signal: AbortSignal) => Promise<T>, everyMs = 250): Promise<T> {
  const context = Context.current();
  // Every page of a batch listens to this one signal.
  setMaxListeners(200, context.cancellationSignal);
  const timer = setInterval(() => context.heartbeat(), everyMs);
  context.heartbeat();
  try {
    return await work(context.cancellationSignal);
  } finally {
    clearInterval(timer);
  }
}
