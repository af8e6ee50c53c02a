import { ExitCode } from './errors';

export interface InterruptWatch {
  /** Aborted at the first Ctrl-C (SIGINT). */
  signal: AbortSignal;
  /** Stops listening; Ctrl-C kills the process again. */
  dispose(): void;
}

/**
 * Turns the first Ctrl-C into an abort signal so the command can clean up (cancel the scrape); a second Ctrl-C
 * exits at once with code 1.
 */
export function watchForInterrupt(onSecondInterrupt: () => void = () => process.exit(ExitCode.failed)): InterruptWatch {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) onSecondInterrupt();
    else controller.abort(new Error('interrupted (Ctrl-C)'));
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
