// Staff console helpers for tests: accounts written straight into a hub's database (as `npm run hub:account`
// does) and a small client that signs in and keeps the session cookie and CSRF token, like the web console.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { hashPassword } from '../../hub/staff/passwords.ts';
import type { StaffRole } from '../../hub/staff/roles.ts';
import { StaffStorage } from '../../hub/staff/storage.ts';
import { ROOT_DIR } from './paths.ts';
import { hubEngine, openTestHubDatabase, testDatabaseLocation } from './test-hub.ts';

export const STAFF_PASSWORD = '村务 correct horse 2026';

/** Adds accounts (name → roles) to the database of the hub of `hubDataDir` (startTestHub), all with STAFF_PASSWORD. */
export async function addStaffAccounts(hubDataDir: string, accounts: Record<string, StaffRole[]>): Promise<void> {
  const database = await openTestHubDatabase(hubDataDir);
  const storage = new StaffStorage(database);
  try {
    const hash = await hashPassword(STAFF_PASSWORD);
    for (const [name, roles] of Object.entries(accounts)) {
      await storage.addAccount(name, hash, roles, new Date().toISOString());
    }
  } finally {
    await database.close();
  }
}

/**
 * Runs `npm run hub:account -- ARGS` as a real process on the database of the hub of `hubDataDir` (`--data`, or
 * HUB_DATABASE_URL in the PostgreSQL projects), `stdin` typed in (the password).
 */
export async function hubAccount(
  hubDataDir: string,
  args: string[],
  stdin = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.HUB_DATABASE_URL;
  if (hubEngine() === 'postgres') env.HUB_DATABASE_URL = await testDatabaseLocation(hubDataDir);
  const cli = path.join(ROOT_DIR, 'hub', 'staff', 'account-cli.ts');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args, '--data', hubDataDir], {
      cwd: ROOT_DIR,
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdin.end(stdin);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface StaffAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  /** The body as text, a byte order mark kept. */
  text: string;
  bytes: Buffer;
}

export class StaffClient {
  cookie: string | null = null;
  csrf: string | null = null;

  constructor(private readonly hubUrl: string) {}

  async signIn(name: string, password = STAFF_PASSWORD): Promise<StaffAnswer> {
    const answer = await this.request('POST', '/staff/api/session', { name, password });
    const setCookie = answer.headers.get('set-cookie');
    if (answer.status === 200 && setCookie) {
      this.cookie = setCookie.split(';')[0]!;
      this.csrf = (answer.body as { csrfToken: string }).csrfToken;
    }
    return answer;
  }

  /** A request with the session; `csrf: false` leaves the token out, `origin` sets the Origin header. */
  async request(
    method: string,
    route: string,
    body?: unknown,
    options: { csrf?: boolean; origin?: string } = {},
  ): Promise<StaffAnswer> {
    const headers: Record<string, string> = { origin: options.origin ?? this.hubUrl };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && options.csrf !== false) headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.hubUrl}${route}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    let parsed: unknown = null;
    if (response.headers.get('content-type')?.startsWith('application/json')) parsed = JSON.parse(text) as unknown;
    return { status: response.status, headers: response.headers, body: parsed, text, bytes };
  }
}
