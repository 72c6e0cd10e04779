// `npm start`'s watchdog: runs the kiosk back end (core/start.ts) and the Chromium window as two kept-alive
// child processes. A back end that dies is started again on the same port with the same page token, so the open
// page shows "reconnecting" and carries on; a browser that crashes, or whose page stops saying it is alive, is
// started again; a back end that exits for its nightly restart comes back with a fresh window. Each unplanned
// restart is counted in the data folder's watchdog.json, which the health report shows.
//
//   tsx core/supervise.ts [the options of core/start.ts]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumArgs, CHROMIUM } from './host/chromium.ts';
import { createLogger } from './log.ts';
import { keepAlive, type ChildExit, type KeptProcess } from './watchdog/keep-alive.ts';
import { HOST_TOKEN_ENV, isBackendMessage, PLANNED_EXIT_CODE, type BackendMessage } from './watchdog/messages.ts';
import { notePlannedRestart, noteRestart } from './watchdog/restart-record.ts';

const START_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'start.ts');

type Ready = Extract<BackendMessage, { type: 'ready' }>;

function exitReason({ code, signal }: ChildExit): string {
  return signal ? `killed by ${signal}` : `exited with code ${code}`;
}

function main(): void {
  const log = createLogger();
  const token = randomBytes(32).toString('base64url');
  const args = process.argv.slice(2);
  let ready: Ready | null = null;
  let browser: KeptProcess | null = null;
  let freshWindowWanted = false;

  const startBrowser = (serving: Ready) => {
    if (serving.browser === null) return;
    const profileDir = path.join(serving.dataDir, 'chromium-profile');
    mkdirSync(profileDir, { recursive: true });
    const launchArgs = chromiumArgs(serving.url, profileDir, serving.browser.windowed);
    browser = keepAlive({
      start: () => spawn(CHROMIUM, launchArgs, { stdio: 'ignore' }),
      onExit: (exit) => {
        log.warn({ reason: exitReason(exit) }, 'the kiosk window closed; opening it again');
        noteRestart(serving.dataDir, 'renderer', `browser ${exitReason(exit)}`);
      },
    });
  };

  const backend = keepAlive({
    plannedExitCode: PLANNED_EXIT_CODE,
    start: () => {
      // After the first start: the same port and token, so the page that is open reaches the new back end.
      const again = ready === null ? [] : ['--port', String(ready.port)];
      const child = spawn(process.execPath, [...process.execArgv, START_SCRIPT, ...args, ...again, '--supervised'], {
        stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
        env: { ...process.env, [HOST_TOKEN_ENV]: token },
      });
      child.on('message', (message: unknown) => {
        if (!isBackendMessage(message)) return;
        if (message.type === 'ready') {
          const first = ready === null;
          ready = message;
          if (first) startBrowser(message);
          else if (freshWindowWanted) browser?.restart();
          freshWindowWanted = false;
        } else if (ready !== null && browser !== null) {
          log.warn('the kiosk page stopped answering; restarting the window');
          noteRestart(ready.dataDir, 'renderer', 'page not answering');
          browser.restart();
        }
      });
      return child;
    },
    onExit: (exit) => {
      if (ready === null) {
        // It never came up (a config error, say): starting it again would fail the same way. Its own message
        // on stderr says why.
        void stop(exit.code ?? 1);
        return;
      }
      if (exit.code === 0) {
        // It stopped on purpose (Ctrl-C or SIGTERM reached it too): so does the kiosk.
        void stop(0);
        return;
      }
      if (exit.planned) {
        log.info('nightly restart');
        notePlannedRestart(ready.dataDir);
        freshWindowWanted = true;
        return;
      }
      log.error({ reason: exitReason(exit) }, 'the kiosk back end stopped; starting it again');
      noteRestart(ready.dataDir, 'backend', exitReason(exit));
    },
  });

  let stopped = false;
  async function stop(code = 0): Promise<void> {
    if (stopped) return;
    stopped = true;
    await Promise.all([backend.stop(), (browser as KeptProcess | null)?.stop()]);
    process.exit(code);
  }
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main();
