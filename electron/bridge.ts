// What the preload script exposes to the renderer: the KioskApi as `call` plus an event subscription.
// Only names from the contract pass; the renderer never touches ipcRenderer itself.
import type { KioskEvent, KioskEventListener, KioskResult } from '../core/api/contract.ts';
import { IPC_CHANNELS } from '../core/api/channels.ts';
import { isKioskMethod } from '../core/api/methods.ts';

/** The part of Electron's ipcRenderer the bridge uses (so tests can pass a fake). */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  send(channel: string, ...args: unknown[]): void;
}

export interface KioskBridgeApi {
  call(method: string, input: unknown): Promise<KioskResult<unknown>>;
  subscribe(listener: KioskEventListener): () => void;
}

export function createKioskBridge(ipc: BridgeIpc): KioskBridgeApi {
  const listeners = new Set<KioskEventListener>();
  let subscribed = false;

  return {
    async call(method, input) {
      if (typeof method !== 'string' || !isKioskMethod(method)) {
        return { ok: false, error: { code: 'API_UNKNOWN_METHOD', message: `unknown method ${String(method)}` } };
      }
      return (await ipc.invoke(IPC_CHANNELS.call, method, input)) as KioskResult<unknown>;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!subscribed) {
        // One IPC listener for the page; the main process keeps one subscription per page.
        subscribed = true;
        ipc.on(IPC_CHANNELS.event, (_event, payload) => {
          for (const each of listeners) each(payload as KioskEvent);
        });
        ipc.send(IPC_CHANNELS.subscribe);
      }
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
