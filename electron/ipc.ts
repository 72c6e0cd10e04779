// Maps the KioskApi onto Electron IPC. Every message is checked: it must come from the app's own top frame,
// and its arguments go through the same validation as HTTP calls (core/api/dispatch.ts).
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_CHANNELS, type KioskResult } from '../core/api/contract.ts';
import { dispatch } from '../core/api/dispatch.ts';
import type { HostedApi } from '../core/host/server.ts';
import { isAppUrl } from './lockdown.ts';

type SenderEvent = Pick<IpcMainInvokeEvent | IpcMainEvent, 'senderFrame' | 'sender'>;

/** True when the message comes from the app page's top frame, not an iframe or a foreign page. */
export function isTrustedSender(event: SenderEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export interface KioskIpcOptions {
  /** Told of every trusted call by method name (the session tracker listens). */
  onCall?: (method: string) => void;
}

export function registerKioskIpc(ipcMain: IpcMain, api: HostedApi, options: KioskIpcOptions = {}): () => void {
  const subscriptions = new Map<number, () => void>();

  ipcMain.handle(IPC_CHANNELS.call, async (event, method: unknown, input: unknown): Promise<KioskResult<unknown>> => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'API_FORBIDDEN_ORIGIN', message: 'IPC from an untrusted frame' } };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'API_BAD_REQUEST', message: 'method must be a string' } };
    }
    options.onCall?.(method);
    return dispatch(api, method, input);
  });

  ipcMain.on(IPC_CHANNELS.subscribe, (event) => {
    if (!isTrustedSender(event)) return;
    const contents: WebContents = event.sender;
    // A reloaded page subscribes again; replace its old subscription rather than doubling events.
    subscriptions.get(contents.id)?.();
    const unsubscribe = api.subscribe((kioskEvent) => {
      if (!contents.isDestroyed()) contents.send(IPC_CHANNELS.event, kioskEvent);
    });
    subscriptions.set(contents.id, unsubscribe);
    contents.once('destroyed', () => {
      subscriptions.get(contents.id)?.();
      subscriptions.delete(contents.id);
    });
  });

  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    ipcMain.removeAllListeners(IPC_CHANNELS.subscribe);
    for (const unsubscribe of subscriptions.values()) unsubscribe();
    subscriptions.clear();
  };
}
