// Our static check of the Electron shell (scripts/check-electron-security.ts): the real shell passes, and each
// unsafe pattern of Electron's security checklist, written as a shell author might, is found.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkShell, checkSource } from '../../scripts/check-electron-security.ts';
import { ROOT_DIR } from '../helpers/paths.ts';

const rules = (text: string) => checkSource('bad.ts', text).map((finding) => finding.rule);

describe('Electron security check', () => {
  it('finds nothing in the shell as it is', () => {
    const dir = path.join(ROOT_DIR, 'electron');
    const files = readdirSync(dir).map((name) => ({
      file: `electron/${name}`,
      text: readFileSync(path.join(dir, name), 'utf8'),
    }));
    expect(files.length).toBeGreaterThan(10);
    expect(checkShell(files)).toEqual([]);
  });

  it('finds unsafe webPreferences, and ones left to defaults or computed', () => {
    const found = rules(`
      new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false,
        webSecurity: false, allowRunningInsecureContent: true, enableRemoteModule: true, webviewTag: true,
        experimentalFeatures: true, enableBlinkFeatures: 'CSSVariables' } });
      new BrowserWindow({ webPreferences: { preload } });
      const prefs = { 'nodeIntegration': isDev };
    `);
    expect(found).toEqual(
      expect.arrayContaining([
        'unsafe-nodeIntegration',
        'unsafe-contextIsolation',
        'unsafe-sandbox',
        'unsafe-webSecurity',
        'unsafe-allowRunningInsecureContent',
        'unsafe-enableRemoteModule',
        'unsafe-webviewTag',
        'unsafe-experimentalFeatures',
        'blink-features',
        'preference-unstated',
        'preference-not-literal',
      ]),
    );
    expect(found.filter((rule) => rule === 'preference-unstated')).toHaveLength(3);
    expect(
      rules('new BrowserWindow({ webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false } })'),
    ).toEqual([]);
  });

  it('finds openExternal with untrusted input, foreign pages, devtools, dangerous switches and open doors', () => {
    expect(rules('shell.openExternal(url)')).toEqual(['open-external']);
    expect(rules("shell.openExternal('http://example.com')")).toEqual(['open-external']);
    expect(rules("shell.openExternal('https://gd.gov.cn/')")).toEqual([]);
    expect(rules("win.loadURL('http://127.0.0.1:3000/')")).toEqual(['load-foreign-url']);
    expect(rules("win.loadURL('app://kiosk/index.html')")).toEqual([]);
    expect(rules("win.loadFile('index.html')")).toEqual(['load-file']);
    expect(rules('win.webContents.openDevTools()')).toEqual(['open-devtools']);
    expect(rules("app.commandLine.appendSwitch('ignore-certificate-errors')")).toEqual(['dangerous-switch']);
    expect(rules("app.on('certificate-error', (e, c, u, err, cert, cb) => cb(true))")).toEqual([
      'certificate-error-handler',
    ]);
    expect(rules("contextBridge.exposeInMainWorld('ipc', ipcRenderer)")).toEqual(['expose-ipc-renderer']);
    expect(rules("contents.setWindowOpenHandler(() => ({ action: 'allow' }))")).toEqual(['window-open-allowed']);
    expect(rules('session.setPermissionRequestHandler((c, p, cb) => cb(true))')).toEqual(['permissions-granted']);
    expect(rules("session.setPermissionRequestHandler((c, p, cb) => cb(p === 'media'))")).toEqual([]);
    expect(rules('session.setPermissionCheckHandler(() => true)')).toEqual(['permissions-granted']);
    expect(rules("protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { bypassCSP: true } }])")).toEqual(
      ['scheme-bypasses-csp'],
    );
  });

  it('finds a shell missing its permission handlers, navigation guard, CSP or IPC sender check', () => {
    const found = checkShell([{ file: 'main.ts', text: "new BrowserWindow({}).loadURL('app://kiosk/')" }]).map(
      (finding) => finding.rule,
    );
    expect(found.sort()).toEqual(
      [
        'ipc-sender-unchecked',
        'no-csp',
        'no-navigation-guard',
        'no-permission-check-handler',
        'no-permission-request-handler',
        'no-window-open-handler',
      ].sort(),
    );
  });
});
