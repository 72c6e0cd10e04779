// Debian's Chromium driven by playwright-core (no browser download), with the flags this closed network needs.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium';

/** `extraArgs` adds flags for one suite, e.g. Chromium's fake camera. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run scripts/setup-system.sh (installs Debian's chromium)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // As the kiosk runs it: spoken prompts play before the first touch.
      '--autoplay-policy=no-user-gesture-required',
      ...extraArgs,
    ],
  });
}
