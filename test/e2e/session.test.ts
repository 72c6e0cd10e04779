/// <reference lib="dom" />
// A villager's session ends cleanly, in Chromium: left alone, the kiosk asks "need more time?" and says the
// countdown aloud, a touch anywhere keeps the session, silence ends it; 完成 ends it at once. After the end
// nothing of the villager is left: not in the DOM, not in the page's storage, not in the browser history, not
// in the renderer's memory (a heap snapshot after garbage collection), and elder mode and English are gone. A
// card left on the reader is asked for aloud until it is taken. An idle home screen turns into the attract
// loop, which a touch or a card on the reader ends.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPtySimulator, type PtySimulator } from '../../drivers/idcard/simulator/pty-simulator.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { useTempDir } from '../helpers/temp.ts';
import { passEligibility } from '../helpers/apply-steps.ts';

const tempDir = useTempDir('session-e2e-');
const NAME = '陈阿婆';
const ID_NUMBER = '440825194803150020';
const ADDRESS_PART = '东村12号';
let browser: Browser;
let kiosk: RunningKiosk;
let cardSim: PtySimulator;
const pages: KioskPage[] = [];

beforeAll(async () => {
  cardSim = await startPtySimulator({ baudRate: 115200 });
  kiosk = await startKiosk(tempDir(), { idcardPath: cardSim.path });
  browser = await launchChromium();
});

afterEach(async () => {
  cardSim.reader.removeCard();
  for (const page of pages.splice(0)) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await cardSim?.close();
});

async function open(query: string): Promise<{ page: KioskPage; spoken: string[]; ended: string[] }> {
  const spoken: string[] = [];
  const ended: string[] = [];
  const page = await openKioskPage(browser, `${kiosk.host.url.replace('/#', `/${query}#`)}`, {
    beforeLoad: (opened) => {
      opened.on('request', (request) => {
        const body = JSON.parse(request.postData() ?? '{}') as { text?: string; reason?: string };
        if (request.url().endsWith('/api/call/synthesizeSpeech')) spoken.push(body.text ?? '');
        if (request.url().endsWith('/api/call/endSession')) ended.push(body.reason ?? '');
      });
    },
  });
  pages.push(page);
  await page.getByTestId('category-tile').first().waitFor();
  return { page, spoken, ended };
}

/** Home → 法律援助 → first service → 开始办理 → who needs no means test → the card read → the form from the card. */
async function startApplying(page: KioskPage): Promise<void> {
  await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
  await page.getByTestId('service-item').first().tap();
  await page.getByTestId('apply-button').tap();
  await passEligibility(page);
  await page.locator('[data-testid="identify-screen"][data-reader="ready"]').waitFor();
  cardSim.reader.placeCard(SAMPLE_CARDS.elder);
  await page.getByTestId('application-form').waitFor();
  cardSim.reader.removeCard();
  expect(await page.locator('body').textContent()).toContain(NAME);
}

/** Everything the page could still hold of the villager. */
async function leftovers(page: KioskPage): Promise<string[]> {
  const found: string[] = [];
  const snapshot = await page.evaluate(() => ({
    html: document.documentElement.outerHTML,
    inputs: Array.from(document.querySelectorAll('input, textarea')).map((field) => (field as HTMLInputElement).value),
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    history: history.length,
    url: location.href,
  }));
  for (const secret of [NAME, ID_NUMBER, ADDRESS_PART]) {
    if (snapshot.html.includes(secret)) found.push(`DOM has ${secret}`);
    if (snapshot.inputs.some((value) => value.includes(secret))) found.push(`an input has ${secret}`);
    if (snapshot.local.includes(secret) || snapshot.session.includes(secret)) found.push(`storage has ${secret}`);
    if (snapshot.url.includes(secret)) found.push(`the URL has ${secret}`);
  }
  if (snapshot.local !== '{}' || snapshot.session !== '{}') found.push('web storage is not empty');
  // A fresh tab holds about:blank and the kiosk page; the app itself never adds an entry Back could reach.
  if (snapshot.history !== 2) found.push(`history has ${snapshot.history} entries`);
  // The renderer's memory: a heap snapshot after garbage collection, searched for the villager's details.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  let heap = '';
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => (heap += chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  // The snapshot's JSON escapes non-ASCII characters: search its decoded string table.
  const { strings } = JSON.parse(heap) as { strings: string[] };
  for (const secret of [NAME, ID_NUMBER]) {
    if (strings.some((text) => text.includes(secret))) found.push(`the JS heap has ${secret}`);
  }
  return found;
}

describe('the end of a session', () => {
  it('asks, says the countdown, keeps the session on a touch, and forgets everything when nobody answers', async () => {
    const { page, spoken, ended } = await open('?idle=3000,4000');
    await page.getByTestId('elder-toggle').tap();
    await page.getByRole('button', { name: 'English' }).tap();
    await startApplying(page);

    // Untouched: the question, spoken with its countdown; a touch beside the answers keeps everything.
    await page.getByTestId('idle-prompt').waitFor();
    await expect.poll(() => spoken.at(-1)).toMatch(/goes home in \d+ seconds/);
    await page.getByTestId('idle-overlay').tap({ position: { x: 10, y: 10 } });
    expect(await page.getByTestId('idle-prompt').count()).toBe(0);
    expect(await page.getByTestId('application-form').count()).toBe(1);

    // Untouched again, and unanswered: home, Chinese, standard size, and nothing of the villager anywhere.
    await page.getByTestId('idle-prompt').waitFor();
    await page.getByTestId('idle-prompt').waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByTestId('category-tile').first().waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await page.locator('.app').getAttribute('data-elder')).toBeNull();
    await expect.poll(() => ended).toEqual(['idle']);
    expect(await leftovers(page)).toEqual([]);
    expect(page.problems).toEqual([]);
  });

  it('ends at once with 完成, leaving nothing behind', async () => {
    const { page, ended } = await open('');
    await startApplying(page);
    // The checks below can see the villager while the session lasts.
    expect(await leftovers(page)).toEqual(
      expect.arrayContaining([`DOM has ${NAME}`, `the JS heap has ${NAME}`, `the JS heap has ${ID_NUMBER}`]),
    );
    await page.getByTestId('finish-button').tap();
    await page.getByTestId('category-tile').first().waitFor();
    expect(await page.getByTestId('finish-button').count()).toBe(0);
    await expect.poll(() => ended).toEqual(['finished']);
    expect(await leftovers(page)).toEqual([]);
  });

  it('tells a villager who leaves without the card to take it, until the card is taken', async () => {
    const { page, spoken, ended } = await open('');
    await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
    await page.getByTestId('service-item').first().tap();
    await page.getByTestId('apply-button').tap();
    await passEligibility(page);
    await page.locator('[data-testid="identify-screen"][data-reader="ready"]').waitFor();
    cardSim.reader.placeCard(SAMPLE_CARDS.elder);
    await page.getByTestId('application-form').waitFor();

    // 完成 with the card still on the reader: the session ends, and the kiosk says to take the card.
    await page.getByTestId('finish-button').tap();
    const reminder = page.getByTestId('take-card-reminder');
    await reminder.waitFor();
    expect(await reminder.textContent()).toContain('请取走您的身份证');
    await expect.poll(() => spoken.at(-1)).toBe('请取走您的身份证。身份证还在读卡区。');
    await expect.poll(() => ended).toEqual(['finished']);
    // It shows nothing from the card: the session's data is gone already.
    expect(await leftovers(page)).toEqual([]);
    // A tap does not dismiss it; taking the card does.
    await reminder.tap();
    expect(await reminder.count()).toBe(1);
    cardSim.reader.removeCard();
    await reminder.waitFor({ state: 'detached' });
    expect(await page.getByTestId('category-tile').count()).toBeGreaterThan(0);
    expect(page.problems).toEqual([]);
  });

  it('asks on screens without personal data too, and goes home when nobody answers', async () => {
    const { page, ended } = await open('?idle=1500,1500');
    await page.getByTestId('category-tile').first().tap();
    await page.getByTestId('idle-prompt').waitFor();
    await page.getByTestId('category-tile').first().waitFor({ timeout: 10_000 });
    await expect.poll(() => ended).toEqual(['idle']);
  });

  it('shows the attract loop on an idle home screen; a touch or a card ends it without pressing anything', async () => {
    const { page } = await open('?attract=1500');
    const attract = page.getByTestId('attract');
    await attract.waitFor();
    expect(await attract.textContent()).toMatch(/请将身份证放在读卡区|点击屏幕开始/);
    // Tapping where a category tile lies beneath: the attract loop goes, the tile is not opened.
    const tile = (await page.getByTestId('category-tile').first().boundingBox())!;
    await page.touchscreen.tap(tile.x + tile.width / 2, tile.y + tile.height / 2);
    await attract.waitFor({ state: 'detached' });
    expect(await page.getByTestId('service-item').count()).toBe(0);
    expect(await page.getByTestId('category-tile').count()).toBeGreaterThan(0);
    // Back again after the delay; a card on the reader wakes it too.
    await attract.waitFor();
    cardSim.reader.placeCard(SAMPLE_CARDS.elder);
    await attract.waitFor({ state: 'detached' });
  });
});
