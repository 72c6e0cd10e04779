// How kioskctl talks: results on stdout (JSON with --json), problems on stderr with a stable exit code, never
// a stack trace.

export const EXIT = {
  ok: 0,
  usage: 1,
  /** Nothing happened in time (no card laid on the reader). */
  timeout: 2,
  /** No device there, or it does not answer. */
  noDevice: 3,
  /** The device answered, but with an error or something unusable. */
  deviceError: 4,
} as const;

export class CliError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLines(lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function positiveInteger(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new CliError(EXIT.usage, `${option} must be a positive whole number`);
  return number;
}
