// Runs in the sandboxed preload context; bundled to one CommonJS file because sandboxed preloads cannot load
// other files. Exposes the KioskApi bridge as `window.kioskBridge`.
import { contextBridge, ipcRenderer } from 'electron';
import { createKioskBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('kioskBridge', createKioskBridge(ipcRenderer));
