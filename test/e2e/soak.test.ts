/// <reference lib="dom" />
// A short renderer soak in Chromium: 40 back-to-back villager sessions (every journey of bench/renderer-soak.ts,
// which runs 500) leave the DOM and the event listeners exactly as they were once the screen has settled, and the JS heap after garbage
// collection within a quarter of its start (a short run is noisy; the benchmark holds the 10 % limit).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { growth, rendererMemory, runSessions, type RendererMemory } from '../../bench/villager-sessions.ts';
import { startPtySimulator, type PtySimulator } from '../../drivers/idcard/simulator/pty-simulator.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('soak-e2e-');
let browser: Browser;
let kiosk: RunningKiosk;
let cardSim: PtySimulator;

beforeAll(async () => {
  cardSim = await startPtySimulator({ baudRate: 115200 });
  kiosk = await startKiosk(tempDir(), { idcardPath: cardSim.path });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await cardSim?.close();
});

const counters = (memory: RendererMemory) => ({ domNodes: memory.domNodes, listeners: memory.listeners });

describe('the renderer over many sessions', () => {
  it('keeps the DOM, the listeners and the heap from growing', { timeout: 240_000 }, async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    await runSessions(page, cardSim.reader, 10);
    const start = await rendererMemory(page);
    await runSessions(page, cardSim.reader, 40, 10);
    const end = await rendererMemory(page);
    console.log(
      `soak (40 sessions): heap ${start.heapBytes} → ${end.heapBytes} B (${growth(start.heapBytes, end.heapBytes).toFixed(1)} %), ` +
        `DOM ${start.domNodes} → ${end.domNodes}, listeners ${start.listeners} → ${end.listeners}`,
    );
    // Something passing (a reminder fading out, a status line) can be on screen at the moment of measuring on a
    // loaded machine: measure again for a few seconds. A leak of even one node per session (40) never settles.
    await expect
      .poll(async () => counters(await rendererMemory(page)), { timeout: 15_000, interval: 1_000 })
      .toEqual(counters(start));
    expect(growth(start.heapBytes, end.heapBytes)).toBeLessThan(25);
    expect(page.problems).toEqual([]);
  });
});
