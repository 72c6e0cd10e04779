// The kiosk window's security settings (ARCHITECTURE.md "Two shells"; Electron's security checklist).
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

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
