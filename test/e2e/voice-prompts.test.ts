/// <reference lib="dom" />
// The prompts shipped with the app, heard in Chromium: a kiosk with no espeak-ng says its home prompt and its
// help from the built Ogg Opus files; the page's audio element plays them, and Chromium decodes them to the
// length of the spoken sentence (slower in 长辈版).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVoicePrompts, promptsToBuild } from '../../scripts/build-voice-prompts.ts';
import { shippedPrompts } from '../../core/voice/shipped-prompts.ts';
import { espeakSynthesizer, firstThatSpeaks } from '../../core/voice/speech.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { audioPlays, openKioskPage, watchAudioPlays, type KioskPage } from '../helpers/kiosk-page.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('voice-e2e-');
let browser: Browser;
let kiosk: RunningKiosk;

interface Heard {
  text: string;
  contentType: string;
  /** Seconds of audio, as Chromium decodes it. */
  seconds: number;
}

/** What the page asked to hear, and how long Chromium finds the audio it got back. */
function listen(page: KioskPage): Heard[] {
  const heard: Heard[] = [];
  page.on('response', async (response) => {
    if (!response.url().endsWith('/api/call/synthesizeSpeech')) return;
    const text = (JSON.parse(response.request().postData() ?? '{}') as { text: string }).text;
    // A late answer may come as the test closes the page: nothing can be read then, and nothing waits for it.
    const body = (await response.json().catch(() => null)) as {
      value: { contentType: string; dataBase64: string } | null;
    } | null;
    if (!body?.value) return;
    const { contentType, dataBase64 } = body.value;
    const seconds = await page
      .evaluate(async (base64) => {
        const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
        const context = new OfflineAudioContext(1, 1, 48_000);
        return (await context.decodeAudioData(bytes.buffer)).duration;
      }, dataBase64)
      .catch(() => null);
    if (seconds === null) return;
    heard.push({ text, contentType, seconds });
  });
  return heard;
}

beforeAll(async () => {
  const dir = tempDir();
  await buildVoicePrompts(dir, promptsToBuild(150, ['voice.home', 'help.home']));
  kiosk = await startKiosk(tempDir(), {
    speech: firstThatSpeaks(shippedPrompts(dir), espeakSynthesizer('/nonexistent/espeak-ng')),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('the shipped voice prompts', () => {
  it('are played by the page and decoded by Chromium at the length of the sentence, slower in 长辈版', async () => {
    let heard: Heard[] = [];
    const page = await openKioskPage(browser, kiosk.host.url, {
      beforeLoad: async (opened) => {
        heard = listen(opened);
        await watchAudioPlays(opened);
      },
    });
    await page.getByTestId('category-tile').first().waitFor();
    await expect.poll(() => heard.length).toBe(1);
    expect(heard[0]).toMatchObject({ text: expect.stringContaining('请点选您要办理的事情'), contentType: 'audio/ogg' });
    // 30 characters of Mandarin at 150 words a minute: several seconds, not a click.
    expect(heard[0]!.seconds).toBeGreaterThan(4);
    await expect.poll(() => audioPlays(page)).toEqual(['playing']);

    await page.getByTestId('help-button').tap();
    await expect.poll(() => heard.length).toBe(2);
    await page.getByTestId('help-close').tap();
    await page.getByTestId('elder-toggle').tap();
    await page.getByTestId('help-button').tap();
    await expect.poll(() => heard.length).toBe(3);
    const [normalHelp, slowHelp] = [heard[1]!, heard[2]!];
    expect(slowHelp.text).toBe(normalHelp.text);
    expect(slowHelp.contentType).toBe('audio/ogg');
    expect(slowHelp.seconds).toBeGreaterThan(normalHelp.seconds * 1.15);
    expect(await audioPlays(page)).not.toContainEqual(expect.stringMatching(/^refused/));
    expect(page.problems).toEqual([]);
  });
});
