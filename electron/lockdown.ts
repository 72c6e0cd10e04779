// The kiosk window's security settings (ARCHITECTURE.md "Two shells"; Electron's security checklist).
import type { BrowserWindowConstructorOptions, Input, Session, WebContents } from 'electron';

/** The app's own origin under the custom protocol; the renderer is never loaded from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

export function kioskWindowOptions(
  preloadPath: string,
  options: { devTools: boolean },
): BrowserWindowConstructorOptions {
  return {
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Screens speak their prompt as they open, before anyone has touched the kiosk.
      autoplayPolicy: 'no-user-gesture-required',
      devTools: options.devTools,
    },
  };
}

/** Keeps a window's contents on the app: no navigation away, no new windows, no webviews. */
export function lockNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

type ShortcutInput = Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'shift' | 'alt'>;

/** Keys that would open the developer tools, reload the page, leave full screen or zoom. */
export function isBlockedShortcut(input: ShortcutInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  if (key === 'f12' || key === 'f5' || key === 'f11') return true;
  const command = input.control || input.meta;
  if (!command) return false;
  // Reload (Ctrl+R, Ctrl+Shift+R), devtools (Ctrl+Shift+I/J/C, Cmd+Alt+I) and zoom (Ctrl +, -, =, 0).
  if (key === 'r' || ['+', '-', '=', '0'].includes(key)) return true;
  return (input.shift || input.alt) && ['i', 'j', 'c'].includes(key);
}

/**
 * What a villager's fingers and keys can do to the page itself: in production no developer tools, reload or zoom
 * shortcuts; everywhere no context menu and no pinch zoom (a stray two-finger touch must not enlarge the screen).
 */
export function lockInput(contents: WebContents, options: { production: boolean }): void {
  contents.on('before-input-event', (event, input) => {
    if (options.production && isBlockedShortcut(input)) event.preventDefault();
  });
  contents.on('context-menu', (event) => event.preventDefault());
  // Zoom limits are per page: set again after every load (a renderer restored after a crash included).
  contents.on('did-finish-load', () => void contents.setVisualZoomLevelLimits(1, 1));
  if (options.production) contents.on('devtools-opened', () => contents.closeDevTools());
}

/** Only the camera (media) for the app's own origin; every other permission is refused. */
export function restrictPermissions(session: Session): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const origin = details.requestingUrl ? safeOrigin(details.requestingUrl) : null;
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const videoOnly = mediaTypes.every((type) => type === 'video');
    callback(permission === 'media' && origin === APP_ORIGIN && videoOnly && isAppUrl(contents.getURL()));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return permission === 'media' && requestingOrigin === APP_ORIGIN;
  });
}

function safeOrigin(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}
