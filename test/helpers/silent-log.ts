import pino from 'pino';
import type { Logger } from '../../core/log.ts';

/** A logger that writes nowhere, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
