// How the browser host launches Debian's Chromium as the kiosk window.

export const CHROMIUM = process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep Chromium quiet on a closed network and locked to the kiosk page. */
export function chromiumArgs(url: string, profileDir: string, windowed: boolean): string[] {
  return [
    windowed ? `--app=${url}` : '--kiosk',
    ...(windowed ? ['--window-size=1080,1920'] : [url]),
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-translate',
    '--disable-features=Translate,MediaRouter',
    '--disable-pinch',
    // Screens speak their prompt as they open, before anyone has touched the kiosk.
    '--autoplay-policy=no-user-gesture-required',
    '--overscroll-history-navigation=0',
    '--noerrdialogs',
    '--password-store=basic',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ];
}
