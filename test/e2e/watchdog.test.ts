/// <reference lib="dom" />
// The watchdog of `npm start`, with real processes: core/supervise.ts runs the real back end (core/start.ts) and a
// stand-in for Chromium that says "alive" as the page does. Killing the back end brings it back on the same
// address and token (the open page carries on); a browser that crashes or whose page goes silent is started
// again; each restart is counted in watchdog.json with its reason; a config that does not validate brings up
// the "needs configuration" screen instead of half a kiosk. And in real Chromium: the kiosk page says it is
// alive, and stops when its main thread hangs, which the back end's watch notices.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { watchRenderer } from '../../core/watchdog/renderer-watch.ts';
import { readRestartRecord } from '../../core/watchdog/restart-record.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { openKioskPage } from '../helpers/kiosk-page.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('watchdog-');
const STAND_IN = path.join(ROOT_DIR, 'test/fixtures/stand-in-browser.mjs');
const running: ChildProcess[] = [];
const standInLogs: string[] = [];
let browser: Browser | undefined;
let kiosk: RunningKiosk | undefined;

afterEach(async () => {
  for (const child of running.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  // Windows whose supervisor was killed outright are nobody's to close but the test's.
  for (const log of standInLogs.splice(0)) {
    for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) {
      const { pid } = JSON.parse(line) as { pid: number };
      if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

interface Supervised {
  supervisor: ChildProcess;
  dataDir: string;
  launches: () => { pid: number; url: string }[];
  standInLog: string;
  output: () => string;
}

function supervise(site: Record<string, unknown>): Supervised {
  const dir = tempDir();
  const dataDir = path.join(dir, 'data');
  const siteFile = path.join(dir, 'site.json');
  writeFileSync(siteFile, JSON.stringify({ dataDir, ...site }));
  const standInLog = path.join(dir, 'browser.log');
  writeFileSync(standInLog, '');
  standInLogs.push(standInLog);
  const supervisor = spawn(process.execPath, ['--import', 'tsx', 'core/supervise.ts', '--config', siteFile], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      KIOSK_CHROMIUM: STAND_IN,
      STAND_IN_LOG: standInLog,
      DISPLAY: ':99',
      KIOSK_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(supervisor);
  let output = '';
  supervisor.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  supervisor.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const launches = () =>
    readFileSync(standInLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { pid: number; url: string });
  return { supervisor, dataDir, launches, standInLog, output: () => output };
}

/** The back end's pid: the start.ts process that runs with this site file. */
function backendPid(dataDir: string): number {
  const siteFile = path.join(path.dirname(dataDir), 'site.json');
  const pids = execFileSync('pgrep', ['-f', `start.ts --config ${siteFile}`], { encoding: 'utf8' })
    .trim()
    .split('\n');
  expect(pids).toHaveLength(1);
  return Number(pids[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The error getKioskInfo answers with at `url`. */
async function kioskInfoError(url: string): Promise<unknown> {
  const { origin, hash } = new URL(url);
  const reply = await fetch(`${origin}/api/call/getKioskInfo`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${new URLSearchParams(hash.slice(1)).get('token')}`,
      'Content-Type': 'application/json',
    },
    body: '{}',
  });
  return ((await reply.json()) as { error?: unknown }).error;
}

async function kioskInfo(url: string): Promise<unknown> {
  const { origin, hash } = new URL(url);
  const token = new URLSearchParams(hash.slice(1)).get('token');
  try {
    const response = await fetch(`${origin}/api/call/getKioskInfo`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    return ((await response.json()) as { ok: boolean }).ok;
  } catch {
    return 'unreachable';
  }
}

const QUIET_DEVICES = {
  devices: { idcard: { mode: 'none' }, receiptPrinter: { mode: 'none' }, a4Printer: { queue: null } },
};

describe('the supervisor of npm start', () => {
  it('brings back a dead back end on the same address, and a crashed or silent window, counting each', async () => {
    const kioskRun = supervise({ ...QUIET_DEVICES, watchdog: { rendererSilenceSeconds: 10 } });
    await expect.poll(() => kioskRun.launches().length, { timeout: 60_000 }).toBe(1);
    const { url } = kioskRun.launches()[0]!;
    expect(await kioskInfo(url)).toBe(true);

    // The back end dies: it comes back at the same address, with the same token, and the window stays.
    process.kill(backendPid(kioskRun.dataDir), 'SIGKILL');
    await expect.poll(() => readRestartRecord(kioskRun.dataDir).backend.restarts, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => kioskInfo(url), { timeout: 60_000 }).toBe(true);
    expect(readRestartRecord(kioskRun.dataDir).backend.lastReason).toBe('killed by SIGKILL');
    expect(kioskRun.launches()).toHaveLength(1);

    // The window crashes: it is opened again, at the same address.
    process.kill(kioskRun.launches()[0]!.pid, 'SIGKILL');
    await expect.poll(() => kioskRun.launches().length, { timeout: 30_000 }).toBe(2);
    expect(kioskRun.launches()[1]!.url).toBe(url);
    expect(readRestartRecord(kioskRun.dataDir).renderer).toMatchObject({
      restarts: 1,
      lastReason: 'browser killed by SIGKILL',
    });

    // The page goes silent (a hung main thread): the window is closed and opened again.
    const silent = kioskRun.launches()[1]!.pid;
    writeFileSync(`${kioskRun.standInLog}.hang`, '');
    await expect.poll(() => kioskRun.launches().length, { timeout: 60_000 }).toBe(3);
    expect(alive(silent)).toBe(false);
    expect(readRestartRecord(kioskRun.dataDir).renderer).toMatchObject({
      restarts: 2,
      lastReason: 'page not answering',
    });

    // Stopping the supervisor stops everything, and it is not counted.
    const newest = kioskRun.launches()[2]!.pid;
    kioskRun.supervisor.kill('SIGTERM');
    await new Promise((resolve) => kioskRun.supervisor.once('exit', resolve));
    expect(kioskRun.supervisor.exitCode).toBe(0);
    expect(alive(newest)).toBe(false);
    expect(readRestartRecord(kioskRun.dataDir).backend.restarts).toBe(1);
  }, 240_000);

  it('shows what is wrong with a config that does not validate, instead of starting half a kiosk', async () => {
    const kioskRun = supervise({ ...QUIET_DEVICES, regionCode: '4408' });
    await expect.poll(() => kioskRun.launches().length, { timeout: 60_000 }).toBe(1);
    expect(await kioskInfoError(kioskRun.launches()[0]!.url)).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('regionCode: must be a 12-digit village code'),
    });
    expect(kioskRun.output()).toContain('The kiosk needs configuration');
    // Nothing of a kiosk was started: no database, no device keys.
    expect(existsSync(kioskRun.dataDir)).toBe(false);

    // A provisioning record that does not validate is a config problem too: the same screen, saying so.
    const damaged = supervise(QUIET_DEVICES);
    mkdirSync(damaged.dataDir, { recursive: true });
    writeFileSync(path.join(damaged.dataDir, 'provisioning.json'), '{"kioskCode": "XW-');
    await expect.poll(() => damaged.launches().length, { timeout: 60_000 }).toBe(1);
    expect(await kioskInfoError(damaged.launches()[0]!.url)).toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('provisioning.json'),
    });

    // A supervisor killed outright leaves no back end running on, unwatched.
    const backend = backendPid(kioskRun.dataDir);
    kioskRun.supervisor.kill('SIGKILL');
    await expect.poll(() => alive(backend), { timeout: 30_000 }).toBe(false);
  }, 120_000);
});

describe('the kiosk page in Chromium', () => {
  it('says it is alive while it runs, and falls silent when its main thread hangs, which the watch notices', async () => {
    kiosk = await startKiosk(tempDir());
    browser = await launchChromium();
    const page = await openKioskPage(browser, kiosk.host.url);
    await page.getByTestId('category-tile').first().waitFor();
    await expect.poll(() => kiosk!.host.activity().rendererAliveAt).not.toBeNull();
    const first = kiosk.host.activity().rendererAliveAt!;
    await expect.poll(() => kiosk!.host.activity().rendererAliveAt!, { timeout: 15_000 }).toBeGreaterThan(first);

    let silences = 0;
    const stop = watchRenderer({
      activity: () => kiosk!.host.activity(),
      silenceMs: 8_000,
      checkEveryMs: 500,
      onSilent: () => silences++,
    });
    await page.evaluate(() => {
      setTimeout(() => {
        for (;;);
      }, 0);
    });
    const hungAt = Date.now();
    await expect.poll(() => silences, { timeout: 30_000 }).toBe(1);
    // The last beat came before the hang, none since.
    expect(kiosk.host.activity().rendererAliveAt!).toBeLessThanOrEqual(hungAt + 1000);
    stop();
    await page.close({ runBeforeUnload: false });
  });
});
