// Small stand-ins for Electron objects, for unit tests of electron/ (the real binary is not available here).
import { EventEmitter } from 'node:events';

export const APP_PAGE = 'app://kiosk/index.html';

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: [string, unknown][] = [];
  destroyed = false;
  url = APP_PAGE;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  zoomLimits: [number, number] | null = null;
  devToolsClosed = 0;

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  getURL(): string {
    return this.url;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  setVisualZoomLevelLimits(minimum: number, maximum: number): Promise<void> {
    this.zoomLimits = [minimum, maximum];
    return Promise.resolve();
  }
  closeDevTools(): void {
    this.devToolsClosed++;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

/** Emits a cancellable Electron-style event and says whether a listener prevented it. */
export function emitPreventable(target: EventEmitter, name: string, ...args: unknown[]): boolean {
  let prevented = false;
  target.emit(name, { preventDefault: () => (prevented = true) }, ...args);
  return prevented;
}

type Handler = (...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  readonly listeners = new Map<string, Handler[]>();

  handle(channel: string, handler: Handler): void {
    this.handlers.set(channel, handler);
  }
  on(channel: string, listener: Handler): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel: string): this {
    this.listeners.delete(channel);
    return this;
  }
  invoke(channel: string, event: unknown, ...args: unknown[]): unknown {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, ...args);
  }
  send(channel: string, event: unknown, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

/** An IPC event as Electron builds it, from a frame at `url` (a sub-frame when `parent` is set). */
export function ipcEvent(sender: FakeWebContents, url = APP_PAGE, parent: object | null = null) {
  return { sender, senderFrame: { url, parent } };
}
