/// <reference lib="dom" />
// Back-to-back villager sessions in one kiosk page, for the renderer soak (bench/renderer-soak.ts and its short
// e2e test): five journeys in turn so every kind of screen mounts and unmounts, each ended with 完成 or by
// finishing, and the renderer's memory measured after garbage collection on the home screen.
import type { Page } from 'playwright-core';
import type { PtySimulator } from '../drivers/idcard/simulator/pty-simulator.ts';
import { SAMPLE_CARDS } from '../drivers/idcard/simulator/sample-cards.ts';
import { passCaseSteps, passEligibility, submitReview } from '../test/helpers/apply-steps.ts';

export interface RendererMemory {
  /** Used JS heap after garbage collection, bytes. */
  heapBytes: number;
  domNodes: number;
  listeners: number;
}

const home = (page: Page) => page.getByTestId('category-tile').first().waitFor();

const JOURNEYS: ((page: Page, reader: PtySimulator['reader']) => Promise<void>)[] = [
  // Browse: a category, a guide, 完成.
  async (page) => {
    await page.getByTestId('category-tile').nth(2).tap();
    await page.getByTestId('service-item').first().tap();
    await page.getByTestId('materials-list').waitFor();
    await page.getByTestId('finish-button').tap();
  },
  // Search by pinyin, open a result, 完成.
  async (page) => {
    await page.getByTestId('search-entry').tap();
    await page.getByTestId('search-input').fill('flyz');
    await page.getByTestId('search-results').locator('button').first().tap();
    await page.getByTestId('materials-list').waitFor();
    await page.getByTestId('finish-button').tap();
  },
  // Apply for legal aid with the ID card, to the end and the rating.
  async (page, reader) => {
    await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
    await page.getByTestId('service-item').first().tap();
    await page.getByTestId('apply-button').tap();
    await passEligibility(page);
    await page.locator('[data-testid="identify-screen"][data-reader="ready"]').waitFor();
    reader.placeCard(SAMPLE_CARDS.elder);
    await page.getByTestId('application-form').waitFor();
    reader.removeCard();
    await page.getByTestId('form-phone').fill('13800138000');
    await page.getByTestId('form-confirm').tap();
    await passCaseSteps(page);
    await page.getByTestId('documents-skip').tap();
    await page.getByTestId('face-decline').tap();
    await submitReview(page);
    await page.getByTestId('acceptance-number').waitFor();
    await page.getByTestId('done-next').tap();
    await page.getByTestId('rating-skip').tap();
  },
  // 我的办件 with a typed ID number, 完成.
  async (page) => {
    await page.getByTestId('my-submissions-entry').tap();
    await page.getByTestId('mine-id-input').fill('440825194803150020');
    await page.getByTestId('mine-look-up').tap();
    await page.getByTestId('mine-list').waitFor();
    await page.getByTestId('finish-button').tap();
  },
  // 长辈版, 帮助 and English, then a category and 完成 (which resets all three).
  async (page) => {
    await page.getByTestId('elder-toggle').tap();
    await page.getByTestId('help-button').tap();
    await page.getByTestId('help-close').tap();
    await page.getByRole('button', { name: 'English' }).tap();
    await page.getByTestId('category-tile').first().tap();
    await page.getByTestId('service-item').first().waitFor();
    await page.getByTestId('finish-button').tap();
  },
];

/** Runs `count` sessions, journey after journey; each starts and ends on the home screen. */
export async function runSessions(page: Page, reader: PtySimulator['reader'], count: number, from = 0): Promise<void> {
  for (let session = from; session < from + count; session++) {
    await home(page);
    await JOURNEYS[session % JOURNEYS.length]!(page, reader);
  }
  await home(page);
}

/** The renderer's memory on the home screen after garbage collection (Chrome DevTools Protocol). */
export async function rendererMemory(page: Page): Promise<RendererMemory> {
  await home(page);
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.enable');
    // Twice: the first pass can free objects whose finalisers free more.
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const counters = await cdp.send('Memory.getDOMCounters');
    return { heapBytes: usedSize, domNodes: counters.nodes, listeners: counters.jsEventListeners };
  } finally {
    await cdp.detach();
  }
}

export const growth = (start: number, end: number): number => ((end - start) / start) * 100;
