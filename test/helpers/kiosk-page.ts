// A kiosk page in the test browser: portrait touch screen, Chinese, China time, and a record of page errors and
// console output (so a test can say that nothing went wrong and nothing personal was logged).
import type { Browser, Page } from 'playwright-core';

export const PORTRAIT = { width: 1080, height: 1920 };

export interface KioskPage extends Page {
  /** Uncaught errors and console errors. */
  problems: string[];
  /** Every console message. */
  consoleText: string[];
}

export interface KioskPageOptions {
  reducedMotion?: 'reduce' | 'no-preference';
  locale?: string;
  /** Runs before the page loads, e.g. to listen from the first request on. */
  beforeLoad?: (page: KioskPage) => void | Promise<void>;
}

export async function openKioskPage(browser: Browser, url: string, options: KioskPageOptions = {}): Promise<KioskPage> {
  const page = (await browser.newPage({
    viewport: PORTRAIT,
    hasTouch: true,
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: options.reducedMotion ?? 'no-preference',
  })) as KioskPage;
  page.problems = [];
  page.consoleText = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('console', (message) => {
    page.consoleText.push(message.text());
    if (message.type() === 'error') page.problems.push(message.text());
  });
  await options.beforeLoad?.(page);
  await page.goto(url);
  return page;
}

/** Test-side watch on the page's audio: did each play() start, or was it refused (format, autoplay, CSP)? */
export async function watchAudioPlays(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const plays: string[] = [];
    Object.assign(window, { plays });
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      const started = play.call(this);
      started.then(
        () => plays.push('playing'),
        (error: Error) => plays.push(`refused: ${error.name}`),
      );
      return started;
    };
  });
}

/** What watchAudioPlays saw so far: 'playing' or 'refused: NotAllowedError', one per play(). */
export function audioPlays(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { plays: string[] }).plays);
}
