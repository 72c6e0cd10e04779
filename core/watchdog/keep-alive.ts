// Keeps one child process running: when it exits by itself it is started again, at once when the exit was
// planned, else after a delay that doubles with each quick crash (so a process that cannot start does not spin
// the CPU) and falls back once it has run for a while.
import type { ChildProcess } from 'node:child_process';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** It exited with the planned-exit code: a restart it asked for, not a crash. */
  planned: boolean;
}

export interface KeepAliveOptions {
  start: () => ChildProcess;
  /** Told of every exit the keeper did not cause itself, before the restart. */
  onExit?: (exit: ChildExit) => void;
  /** The exit code a child uses to ask for a fresh start. */
  plannedExitCode?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A child that ran this long before it crashed is restarted after the shortest delay again. */
  stableAfterMs?: number;
}

export interface KeptProcess {
  readonly child: ChildProcess | null;
  /** Stops the child and starts it again at once (e.g. a screen that hangs). */
  restart(): void;
  /** Stops the child for good. */
  stop(): Promise<void>;
}

export function keepAlive(options: KeepAliveOptions): KeptProcess {
  const { minDelayMs = 1000, maxDelayMs = 30_000, stableAfterMs = 60_000 } = options;
  let child: ChildProcess | null = null;
  let stopping = false;
  let restartRequested = false;
  let delayMs = minDelayMs;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const launch = () => {
    timer = undefined;
    if (stopping) return;
    const startedAt = Date.now();
    const current = options.start();
    child = current;
    // A command that cannot be started at all (ENOENT) ends in 'exit' too; the error itself needs no handling.
    current.on('error', () => undefined);
    current.once('exit', (code, signal) => {
      if (child === current) child = null;
      if (stopping) return;
      if (restartRequested) {
        restartRequested = false;
        launch();
        return;
      }
      const planned = options.plannedExitCode !== undefined && code === options.plannedExitCode;
      options.onExit?.({ code, signal, planned });
      if (planned) {
        delayMs = minDelayMs;
        launch();
        return;
      }
      if (Date.now() - startedAt >= stableAfterMs) delayMs = minDelayMs;
      timer = setTimeout(launch, delayMs);
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    });
  };
  launch();

  return {
    get child() {
      return child;
    },
    restart() {
      if (child === null) {
        clearTimeout(timer);
        launch();
        return;
      }
      restartRequested = true;
      child.kill('SIGKILL');
    },
    stop() {
      stopping = true;
      clearTimeout(timer);
      const current = child;
      if (current === null || current.exitCode !== null || current.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        current.once('exit', () => resolve());
        current.kill('SIGTERM');
        // A child that ignores SIGTERM is not allowed to keep the kiosk from stopping.
        setTimeout(() => current.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}
