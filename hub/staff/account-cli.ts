// Staff accounts from the command line (npm run hub:account -- COMMAND):
//   add NAME --roles case_worker,fleet_admin   reset-password NAME   disable NAME   enable NAME
//   roles NAME catalogue_editor,case_worker   list
// Options: --data DIR (default HUB_DATA_DIR or data/hub); HUB_DATABASE_URL, as for the hub, selects its PostgreSQL
// database instead of DIR/hub.sqlite. A password is never an argument (it would stay in the shell history and the
// process list): it is typed at a hidden prompt, twice, or read as the first line of stdin.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hubDatabaseLocation, openHubDatabase } from '../db/database.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { parseRoles, STAFF_ROLES } from './roles.ts';
import { StaffStorage } from './storage.ts';

const USAGE = `usage: npm run hub:account -- COMMAND [--data DIR]
  add NAME --roles ROLE[,ROLE]   a new account; the password is asked for (or read from stdin)
  reset-password NAME            a new password; ends the account's sessions
  disable NAME | enable NAME     a disabled account cannot sign in; disabling ends its sessions
  roles NAME ROLE[,ROLE]         replaces the account's roles
  list                           accounts, roles and state
roles: ${STAFF_ROLES.join(', ')}
HUB_DATABASE_URL (postgres://…) works on the hub's PostgreSQL database instead of DIR/hub.sqlite`;

const NAME = /^[a-z][a-z0-9._-]{1,59}$/;

export class UsageError extends Error {}

async function readLine(input: NodeJS.ReadStream): Promise<string> {
  let text = '';
  for await (const chunk of input as AsyncIterable<Buffer>) {
    text += chunk.toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** Reads a password without echoing it (a terminal), or the first line of piped input. */
async function hiddenPrompt(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) return readLine(input);
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let text = '';
      const onData = (chunk: Buffer) => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') {
            input.off('data', onData);
            process.stderr.write('\n');
            resolve(text);
            return;
          }
          if (char === '\u0003') {
            input.off('data', onData);
            reject(new UsageError('cancelled'));
            return;
          }
          text = char === '\u007f' ? text.slice(0, -1) : text + char;
        }
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
  }
}

async function newPassword(): Promise<string> {
  const password = await hiddenPrompt('new password: ');
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(problem);
  if (process.stdin.isTTY && (await hiddenPrompt('again: ')) !== password) {
    throw new UsageError('the two passwords differ');
  }
  return password;
}

export async function runAccountCommand(argv: string[], out: (line: string) => void): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { data: { type: 'string' }, roles: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help || positionals.length === 0) {
    out(USAGE);
    return;
  }
  const [command, name, extra] = positionals;
  if (command !== 'list' && (name === undefined || !NAME.test(name))) {
    throw new UsageError('a name is 2–60 small letters, digits, . _ or -, starting with a letter');
  }
  const dataDir = path.resolve(values.data ?? process.env.HUB_DATA_DIR ?? 'data/hub');
  const database = await openHubDatabase(hubDatabaseLocation(dataDir, process.env.HUB_DATABASE_URL));
  const storage = new StaffStorage(database);
  const at = new Date().toISOString();
  const audit = (action: string, detail: Record<string, unknown> = {}) =>
    storage.audit({ at, account: 'cli', action, address: 'local', detail: { name, ...detail } });
  const need = (found: boolean) => {
    if (!found) throw new UsageError(`no account ${name}`);
  };
  try {
    switch (command) {
      case 'add': {
        const roles = parseRoles(values.roles ?? '');
        if (roles.length === 0) throw new UsageError('add needs --roles');
        if (await storage.account(name!)) throw new UsageError(`account ${name} exists already`);
        const hash = await hashPassword(await newPassword());
        if (!(await storage.addAccount(name!, hash, roles, at))) throw new UsageError(`account ${name} exists already`);
        await audit('account.add', { roles });
        out(`added ${name} (${roles.join(', ')})`);
        return;
      }
      case 'reset-password': {
        need((await storage.account(name!)) !== null);
        need(await storage.setPassword(name!, await hashPassword(await newPassword()), at));
        await audit('account.reset-password');
        out(`new password set for ${name}; its sessions have ended`);
        return;
      }
      case 'disable':
      case 'enable': {
        need(await storage.setDisabled(name!, command === 'disable' ? at : null));
        await audit(`account.${command}`);
        out(`${name} ${command}d`);
        return;
      }
      case 'roles': {
        const roles = parseRoles(extra ?? values.roles ?? '');
        if (roles.length === 0) throw new UsageError('roles needs at least one role');
        need(await storage.setRoles(name!, roles));
        await audit('account.roles', { roles });
        out(`${name}: ${roles.join(', ')}`);
        return;
      }
      case 'list': {
        for (const account of await storage.accounts()) {
          const state = account.disabledAt ? `disabled ${account.disabledAt}` : 'active';
          out(`${account.name}\t${account.roles.join(',')}\t${state}\tpassword set ${account.passwordChangedAt}`);
        }
        return;
      }
      default:
        throw new UsageError(`unknown command "${command}"\n${USAGE}`);
    }
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  runAccountCommand(process.argv.slice(2), (line) => console.log(line)).catch((error: unknown) => {
    console.error(`hub:account: ${(error as Error).message}`);
    process.exit(error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE') ? 2 : 1);
  });
}
