import { describe, expect, it, vi } from 'vitest';
import type { Session, WebContents } from 'electron';
import {
  APP_URL,
  isAppUrl,
  isBlockedShortcut,
  kioskWindowOptions,
  lockInput,
  lockNavigation,
  restrictPermissions,
} from '../../electron/lockdown.ts';
import { emitPreventable, FakeWebContents } from '../helpers/fake-electron.ts';

describe('kiosk window options', () => {
  it('isolate the page from Node and lock the window', () => {
    const options = kioskWindowOptions('/app/preload.cjs', { devTools: false });
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, frame: false, show: false });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
  });
});

describe('navigation lock', () => {
  it('keeps the page on app://kiosk and opens no windows or webviews', () => {
    const contents = new FakeWebContents();
    lockNavigation(contents as unknown as WebContents);
    expect(emitPreventable(contents, 'will-navigate', 'https://example.com/')).toBe(true);
    expect(emitPreventable(contents, 'will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(emitPreventable(contents, 'will-navigate', 'app://other/index.html')).toBe(true);
    expect(emitPreventable(contents, 'will-navigate', `${APP_URL}#guide`)).toBe(false);
    expect(emitPreventable(contents, 'will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(emitPreventable(contents, 'will-attach-webview', {}, {})).toBe(true);
    expect(contents.windowOpenHandler?.({ url: APP_URL })).toEqual({ action: 'deny' });
  });

  it('recognises only the app origin', () => {
    expect(isAppUrl('app://kiosk/assets/x.js')).toBe(true);
    expect(isAppUrl('app://kiosk.evil/x')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('keys, touch and context menu', () => {
  const key = (key: string, modifiers: Partial<Record<'control' | 'meta' | 'shift' | 'alt', boolean>> = {}) => ({
    type: 'keyDown' as const,
    key,
    control: false,
    meta: false,
    shift: false,
    alt: false,
    ...modifiers,
  });
  const shortcuts = [
    key('F12'),
    key('F5'),
    key('F11'),
    key('r', { control: true }),
    key('R', { control: true, shift: true }),
    key('r', { meta: true }),
    key('I', { control: true, shift: true }),
    key('J', { control: true, shift: true }),
    key('C', { control: true, shift: true }),
    key('i', { meta: true, alt: true }),
    key('+', { control: true }),
    key('=', { control: true }),
    key('-', { control: true }),
    key('0', { control: true }),
  ];
  const typing = [key('a'), key('1'), key('Enter'), key('Backspace'), key('c', { control: true }), key('r')];

  it('knows the devtools, reload, full-screen and zoom shortcuts, and lets typing through', () => {
    for (const input of shortcuts) expect(isBlockedShortcut(input), JSON.stringify(input)).toBe(true);
    for (const input of typing) expect(isBlockedShortcut(input), JSON.stringify(input)).toBe(false);
    expect(isBlockedShortcut({ ...key('F12'), type: 'keyUp' })).toBe(false);
  });

  it('refuses those shortcuts in production, and leaves them to the developer otherwise', () => {
    const production = new FakeWebContents();
    lockInput(production as unknown as WebContents, { production: true });
    for (const input of shortcuts) expect(emitPreventable(production, 'before-input-event', input)).toBe(true);
    for (const input of typing) expect(emitPreventable(production, 'before-input-event', input)).toBe(false);
    production.emit('devtools-opened');
    expect(production.devToolsClosed).toBe(1);

    const development = new FakeWebContents();
    lockInput(development as unknown as WebContents, { production: false });
    expect(emitPreventable(development, 'before-input-event', key('F12'))).toBe(false);
    development.emit('devtools-opened');
    expect(development.devToolsClosed).toBe(0);
  });

  it('turns off the context menu and pinch zoom, again after every load', () => {
    for (const production of [true, false]) {
      const contents = new FakeWebContents();
      lockInput(contents as unknown as WebContents, { production });
      expect(emitPreventable(contents, 'context-menu', { x: 1, y: 1 })).toBe(true);
      expect(contents.zoomLimits).toBeNull();
      contents.emit('did-finish-load');
      expect(contents.zoomLimits).toEqual([1, 1]);
      contents.zoomLimits = null;
      contents.emit('did-finish-load');
      expect(contents.zoomLimits).toEqual([1, 1]);
    }
  });
});

describe('permissions', () => {
  function install() {
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
    restrictPermissions(session as unknown as Session);
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: Record<string, unknown>,
    ) => void;
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (
      contents: unknown,
      permission: string,
      origin: string,
    ) => boolean;
    const ask = (permission: string, details: Record<string, unknown>, pageUrl = APP_URL) => {
      let answer: boolean | undefined;
      const contents = new FakeWebContents();
      contents.url = pageUrl;
      request(contents, permission, (granted) => (answer = granted), details);
      return answer;
    };
    return { ask, check };
  }

  it('grants the camera to the app page and nothing else', () => {
    const { ask, check } = install();
    expect(ask('media', { requestingUrl: APP_URL, mediaTypes: ['video'] })).toBe(true);
    expect(ask('media', { requestingUrl: APP_URL, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(ask('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    expect(ask('media', { requestingUrl: APP_URL, mediaTypes: ['video'] }, 'https://evil.example/')).toBe(false);
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial']) {
      expect(ask(permission, { requestingUrl: APP_URL }), permission).toBe(false);
    }
    expect(check(null, 'media', 'app://kiosk')).toBe(true);
    expect(check(null, 'media', 'https://evil.example')).toBe(false);
    expect(check(null, 'geolocation', 'app://kiosk')).toBe(false);
  });
});
