// The renderer soak: N back-to-back villager sessions (default 500) in one kiosk page, in Debian's Chromium
// through the browser host, with the simulated ID card reader and no hub. Reports the renderer's JS heap, DOM
// nodes and event listeners after garbage collection at the start (after a warm-up) and at the end; exits 1
// when heap or DOM growth passes 10 %.
//   npx tsx bench/renderer-soak.ts            (500 sessions, about 15 minutes on 2 cores)
//   SOAK_SESSIONS=100 SOAK_WARMUP=10 npx tsx bench/renderer-soak.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPtySimulator } from '../drivers/idcard/simulator/pty-simulator.ts';
import { launchChromium } from '../test/helpers/browser.ts';
import { startKiosk } from '../test/helpers/kiosk-host.ts';
import { openKioskPage } from '../test/helpers/kiosk-page.ts';
import { ARTIFACTS_DIR } from '../test/helpers/paths.ts';
import { growth, rendererMemory, runSessions } from './villager-sessions.ts';

const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 500);
/**
 * Sessions before the first measurement. Heap-snapshot diffs show V8's optimised code growing for about the first
 * 100 sessions (1 MB) while the app's own objects stay flat; measured from there, what grows is what the app keeps.
 */
const WARM_UP = Number(process.env.SOAK_WARMUP ?? 100);
const LIMIT_PERCENT = 10;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'renderer-soak-'));
const cardSim = await startPtySimulator({ baudRate: 115200 });
const kiosk = await startKiosk(dataDir, { idcardPath: cardSim.path });
const browser = await launchChromium();
try {
  const page = await openKioskPage(browser, kiosk.host.url);
  await runSessions(page, cardSim.reader, WARM_UP);
  const start = await rendererMemory(page);
  const began = Date.now();
  await runSessions(page, cardSim.reader, SESSIONS, WARM_UP);
  const seconds = (Date.now() - began) / 1000;
  const end = await rendererMemory(page);
  const figures = {
    bench: 'renderer.soak',
    sessions: SESSIONS,
    warmUp: WARM_UP,
    seconds: Math.round(seconds),
    sessionsPerMinute: Math.round((SESSIONS / seconds) * 60),
    start,
    end,
    heapGrowthPercent: Number(growth(start.heapBytes, end.heapBytes).toFixed(1)),
    domGrowthPercent: Number(growth(start.domNodes, end.domNodes).toFixed(1)),
    pageProblems: page.problems.length,
  };
  console.log(JSON.stringify(figures));
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  writeFileSync(path.join(ARTIFACTS_DIR, 'renderer-soak.json'), `${JSON.stringify(figures, null, 2)}\n`);
  const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(2)} MB`;
  console.log(`\nrenderer soak: ${SESSIONS} sessions in ${figures.seconds} s (${figures.sessionsPerMinute}/min)`);
  console.log(`JS heap     ${mb(start.heapBytes)} → ${mb(end.heapBytes)}  (${figures.heapGrowthPercent} %)`);
  console.log(`DOM nodes   ${start.domNodes} → ${end.domNodes}  (${figures.domGrowthPercent} %)`);
  console.log(`listeners   ${start.listeners} → ${end.listeners}`);
  const over = [
    figures.heapGrowthPercent > LIMIT_PERCENT ? 'JS heap' : null,
    figures.domGrowthPercent > LIMIT_PERCENT ? 'DOM nodes' : null,
  ].filter(Boolean);
  if (over.length > 0) {
    console.log(`FAIL: ${over.join(' and ')} grew more than ${LIMIT_PERCENT} %`);
    process.exitCode = 1;
  } else {
    console.log(`PASS: growth under ${LIMIT_PERCENT} %`);
  }
} finally {
  await browser.close();
  await kiosk.stop();
  await cardSim.close();
  rmSync(dataDir, { recursive: true, force: true });
}
