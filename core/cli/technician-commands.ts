// kioskctl technician set-pin | audit: sets the PIN that opens the technician screen (read from stdin, so it is
// not left in the shell history or the process list) and prints the audit log of technician actions. Both work
// on the kiosk's own technician.sqlite, beside a running kiosk.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KioskError } from '../api/errors.ts';
import { openDatabase } from '../db/database.ts';
import { TechnicianAccess } from '../technician/access.ts';
import { TECHNICIAN_MIGRATIONS } from '../technician/migrations.ts';
import { kioskConfigOf, KIOSK_CONFIG_OPTIONS } from './kiosk-config-args.ts';
import { CliError, EXIT, positiveInteger, printJson, printLines } from './output.ts';

const OPTIONS = {
  ...KIOSK_CONFIG_OPTIONS,
  json: { type: 'boolean', default: false },
  limit: { type: 'string' },
} as const;

function openAccess(args: string[], rootDir: string) {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  const { config, dataDir } = kioskConfigOf(values, rootDir);
  const db = openDatabase(path.join(dataDir, 'technician.sqlite'), TECHNICIAN_MIGRATIONS);
  const access = new TechnicianAccess({ db, sessionMinutes: config.technician.sessionMinutes });
  return { values, db, access };
}

/** The first line of stdin (a prompt when it is a terminal). */
async function readPin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('New technician PIN (6–12 digits): ');
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0]!.trim();
}

export async function technicianSetPin(args: string[], rootDir: string): Promise<void> {
  const { db, access } = openAccess(args, rootDir);
  try {
    const pin = await readPin();
    try {
      await access.setPin(pin, 'kioskctl');
    } catch (error) {
      if (error instanceof KioskError) throw new CliError(EXIT.usage, error.message);
      throw error;
    }
    printLines(['technician PIN set; wrong-PIN lockout cleared; open sessions signed out']);
  } finally {
    db.close();
  }
}

export async function technicianAudit(args: string[], rootDir: string): Promise<void> {
  const { values, db, access } = openAccess(args, rootDir);
  try {
    const entries = access.auditLog(positiveInteger(values.limit, '--limit', 50));
    if (values.json) {
      printJson(entries);
      return;
    }
    printLines(
      entries.length === 0
        ? ['no technician actions recorded']
        : entries.map(
            (entry) => `${entry.at}  ${entry.action}  ${entry.outcome}${entry.detail ? `  ${entry.detail}` : ''}`,
          ),
    );
  } finally {
    db.close();
  }
}
