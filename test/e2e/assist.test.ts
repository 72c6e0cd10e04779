/// <reference lib="dom" />
// Help for those who need it, in Chromium: every screen speaks its prompt as it opens (headless Chromium has no
// voice of its own, so the back end's espeak-ng speaks and the page plays the audio); 帮助 says and shows what
// the screen is for; 长辈版 makes everything larger and slower-spoken and stays on from screen to screen; English
// is spoken in English; the next villager starts with none of it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { audioPlays, openKioskPage, watchAudioPlays, type KioskPage } from '../helpers/kiosk-page.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('assist-e2e-');
let browser: Browser;
let kiosk: RunningKiosk;

interface Spoken {
  text: string;
  language: string;
  slow?: boolean;
}

/** Records what the page asks the back end to speak, and whether audio came back. */
function recordSpeech(page: KioskPage): { spoken: Spoken[]; audioBytes: number[] } {
  const spoken: Spoken[] = [];
  const audioBytes: number[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/call/synthesizeSpeech')) spoken.push(JSON.parse(request.postData() ?? '{}'));
  });
  page.on('response', async (response) => {
    if (!response.url().endsWith('/api/call/synthesizeSpeech')) return;
    // A late answer may come as the test closes the page: its body cannot be read then, and nothing waits for it.
    const body = (await response.json().catch(() => null)) as { value: { dataBase64: string } | null } | null;
    if (body === null) return;
    audioBytes.push(body.value ? Buffer.from(body.value.dataBase64, 'base64').length : 0);
  });
  return { spoken, audioBytes };
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  kiosk = await startKiosk(tempDir());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('voice, help and elder mode', () => {
  it('speaks each screen’s prompt, says and shows help, and speaks English in English', async () => {
    let record: ReturnType<typeof recordSpeech> | null = null;
    const page = await openKioskPage(browser, kiosk.host.url, {
      beforeLoad: async (opened) => {
        record = recordSpeech(opened);
        await watchAudioPlays(opened);
      },
    });
    const { spoken, audioBytes } = record!;
    await page.getByTestId('category-tile').first().waitFor();
    await expect
      .poll(() => spoken.map((entry) => entry.text))
      .toContainEqual(expect.stringContaining('请点选您要办理的事情'));
    await expect.poll(() => audioBytes[0] ?? 0).toBeGreaterThan(10_000);
    await expect.poll(() => audioPlays(page)).toContain('playing');
    expect(await audioPlays(page)).not.toContainEqual(expect.stringMatching(/^refused/));

    await page.getByTestId('help-button').tap();
    const help = page.getByTestId('help-panel');
    expect(await help.textContent()).toContain('每个大方块是一类服务');
    await expect.poll(() => spoken.at(-1)?.text).toContain('每个大方块是一类服务');
    await page.getByTestId('help-close').tap();
    expect(await help.count()).toBe(0);

    await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
    await expect.poll(() => spoken.at(-1)?.text).toBe('这是法律援助，请点选您要办的事项。');
    await page.getByTestId('service-item').first().tap();
    await expect.poll(() => spoken.at(-1)?.text).toMatch(/^这是.+的办事指南。$/);

    await page.getByRole('button', { name: 'English' }).tap();
    await expect
      .poll(() => spoken.at(-1))
      .toMatchObject({ language: 'en', text: expect.stringMatching(/^This is the guide to/) });
    expect(page.problems).toEqual([]);
  });

  it('makes everything larger in 长辈版, speaks more slowly, and keeps it on until the session ends', async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    const { spoken } = recordSpeech(page);
    await page.getByTestId('category-tile').first().waitFor();
    const toggle = page.getByTestId('elder-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const normalTile = (await page.getByTestId('category-tile').first().boundingBox())!;
    await toggle.tap();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.app').getAttribute('data-elder')).toBe('true');
    const elderTile = (await page.getByTestId('category-tile').first().boundingBox())!;
    expect(elderTile.height).toBeGreaterThan(normalTile.height * 1.2);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'home-elder.png') });

    await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
    await expect.poll(() => spoken.at(-1)).toMatchObject({ text: '这是法律援助，请点选您要办的事项。', slow: true });
    // Still on for the next screen; body text at least 18 pt (24 px) once zoomed.
    expect(await page.locator('.app').getAttribute('data-elder')).toBe('true');
    const textSize = await page
      .getByTestId('service-item')
      .first()
      .evaluate((element) => {
        const zoom = Number(getComputedStyle(document.querySelector('.app')!).zoom) || 1;
        return parseFloat(getComputedStyle(element).fontSize) * zoom;
      });
    expect(textSize).toBeGreaterThanOrEqual(24);
    await toggle.tap();
    expect(await page.locator('.app').getAttribute('data-elder')).toBeNull();
  });
});
