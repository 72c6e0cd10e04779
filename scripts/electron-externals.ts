// Modules the Electron main bundle leaves to node_modules: Electron itself, native modules (electron-builder
// rebuilds and unpacks them), and CommonJS packages that require Electron or load worker files at run time.
// Every one but 'electron' must be a production dependency, or the packed app cannot find it (a test checks).
export const ELECTRON_MAIN_EXTERNALS = [
  'electron',
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  'node-hid',
  'pino',
  'thread-stream',
  'ws',
  'electron-updater',
  'js-yaml',
];
