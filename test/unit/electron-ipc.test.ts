import type { IpcMain } from 'electron';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, type KioskEvent } from '../../core/api/contract.ts';
import type { HostedApi } from '../../core/host/server.ts';
import { createKioskBridge } from '../../electron/bridge.ts';
import { registerKioskIpc } from '../../electron/ipc.ts';
import { FakeIpcMain, FakeWebContents, ipcEvent } from '../helpers/fake-electron.ts';
import { stubKioskApi } from '../helpers/stub-kiosk-api.ts';

function fakeApi() {
  const listeners = new Set<(event: KioskEvent) => void>();
  const api: HostedApi = {
    ...stubKioskApi({
      getKioskInfo: async () => ({
        kioskCode: 'K-1',
        profile: 'fabaobao',
        siteName: '村',
        regionCode: '440825100201',
        catalogueVersion: 1,
        catalogueDate: null,
        appVersion: '0.1.0',
        shell: 'electron',
      }),
      listServices: async () => [],
      getService: async ({ id }) => {
        throw Object.assign(new Error(id), { code: 'X' });
      },
      search: async ({ query }) => [
        {
          service: {
            id: query,
            categoryId: 'c',
            title: query,
            summary: '',
            kioskSupported: true,
            onlineAvailable: false,
          },
          matchedOn: 'title',
        },
      ],
    }),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { api, emit: (event: KioskEvent) => listeners.forEach((listener) => listener(event)), listeners };
}

describe('Electron IPC mapping', () => {
  it('answers calls from the app page through the validated dispatcher', async () => {
    const ipc = new FakeIpcMain();
    registerKioskIpc(ipc as unknown as IpcMain, fakeApi().api);
    const contents = new FakeWebContents();
    await expect(ipc.invoke(IPC_CHANNELS.call, ipcEvent(contents), 'search', { query: '讨薪' })).resolves.toMatchObject(
      {
        ok: true,
        value: [{ service: { id: '讨薪' } }],
      },
    );
    await expect(ipc.invoke(IPC_CHANNELS.call, ipcEvent(contents), 'search', { query: 5 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'API_BAD_REQUEST' },
    });
    await expect(ipc.invoke(IPC_CHANNELS.call, ipcEvent(contents), 42, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'API_BAD_REQUEST' },
    });
    await expect(ipc.invoke(IPC_CHANNELS.call, ipcEvent(contents), 'getService', { id: 'a' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
  });

  it('tells the session tracker of trusted calls only, by method name', async () => {
    const ipc = new FakeIpcMain();
    const calls: string[] = [];
    registerKioskIpc(ipc as unknown as IpcMain, fakeApi().api, { onCall: (method) => calls.push(method) });
    const contents = new FakeWebContents();
    await ipc.invoke(IPC_CHANNELS.call, ipcEvent(contents), 'search', { query: '低保' });
    await ipc.invoke(IPC_CHANNELS.call, ipcEvent(contents, 'https://evil.example/'), 'submitApplication', {});
    await ipc.invoke(IPC_CHANNELS.call, ipcEvent(contents), 42, {});
    expect(calls).toEqual(['search']);
  });

  it('refuses calls from sub-frames and foreign pages', async () => {
    const ipc = new FakeIpcMain();
    registerKioskIpc(ipc as unknown as IpcMain, fakeApi().api);
    const contents = new FakeWebContents();
    for (const event of [
      ipcEvent(contents, 'https://evil.example/'),
      ipcEvent(contents, 'app://kiosk/index.html', {}),
      { sender: contents, senderFrame: null },
    ]) {
      await expect(ipc.invoke(IPC_CHANNELS.call, event, 'getKioskInfo', {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'API_FORBIDDEN_ORIGIN' },
      });
    }
  });

  it('sends events to subscribed pages once, and stops when the page goes away', () => {
    const ipc = new FakeIpcMain();
    const { api, emit, listeners } = fakeApi();
    registerKioskIpc(ipc as unknown as IpcMain, api);
    const page = new FakeWebContents();
    const foreign = new FakeWebContents();
    ipc.send(IPC_CHANNELS.subscribe, ipcEvent(page));
    ipc.send(IPC_CHANNELS.subscribe, ipcEvent(page)); // a reload subscribes again
    ipc.send(IPC_CHANNELS.subscribe, ipcEvent(foreign, 'https://evil.example/'));
    emit({ type: 'catalogue.changed', version: 2 });
    expect(page.sent).toEqual([[IPC_CHANNELS.event, { type: 'catalogue.changed', version: 2 }]]);
    expect(foreign.sent).toEqual([]);
    page.destroy();
    expect(listeners.size).toBe(0);
  });

  it('removes its handlers when disposed', () => {
    const ipc = new FakeIpcMain();
    const dispose = registerKioskIpc(ipc as unknown as IpcMain, fakeApi().api);
    dispose();
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.listeners.size).toBe(0);
  });
});

describe('preload bridge', () => {
  function fakeIpcRenderer() {
    const invoked: unknown[][] = [];
    const sent: unknown[][] = [];
    const on = new Map<string, (event: unknown, payload: unknown) => void>();
    return {
      invoked,
      sent,
      on,
      ipc: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return { ok: true, value: 'answer' };
        },
        on: (channel: string, listener: (event: unknown, payload: unknown) => void) => on.set(channel, listener),
        send: (...args: unknown[]) => sent.push(args),
      },
    };
  }

  it('forwards contract methods only', async () => {
    const fake = fakeIpcRenderer();
    const bridge = createKioskBridge(fake.ipc);
    await expect(bridge.call('listServices', { categoryId: 'x' })).resolves.toEqual({ ok: true, value: 'answer' });
    await expect(bridge.call('require', 'fs')).resolves.toMatchObject({
      ok: false,
      error: { code: 'API_UNKNOWN_METHOD' },
    });
    expect(fake.invoked).toEqual([[IPC_CHANNELS.call, 'listServices', { categoryId: 'x' }]]);
  });

  it('subscribes once over IPC and fans events out to every listener', () => {
    const fake = fakeIpcRenderer();
    const bridge = createKioskBridge(fake.ipc);
    const a: KioskEvent[] = [];
    const b: KioskEvent[] = [];
    const stopA = bridge.subscribe((event) => a.push(event));
    bridge.subscribe((event) => b.push(event));
    expect(fake.sent).toEqual([[IPC_CHANNELS.subscribe]]);
    fake.on.get(IPC_CHANNELS.event)!({}, { type: 'catalogue.changed', version: 3 });
    stopA();
    fake.on.get(IPC_CHANNELS.event)!({}, { type: 'catalogue.changed', version: 4 });
    expect(a).toEqual([{ type: 'catalogue.changed', version: 3 }]);
    expect(b.map((event) => (event.type === 'catalogue.changed' ? event.version : 0))).toEqual([3, 4]);
  });
});
