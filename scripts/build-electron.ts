// Bundles the Electron main process (ESM) and the preload script (one CommonJS file, as sandboxed preloads
// require) into dist/electron. Native modules stay external: electron-builder rebuilds and unpacks them.
import { build } from 'esbuild';

const external = [
  'electron',
  'better-sqlite3',
  'serialport',
  '@serialport/*',
  'node-hid',
  'pino',
  'thread-stream',
  'ws',
];

await build({
  entryPoints: ['electron/main.ts'],
  outfile: 'dist/electron/main.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  logLevel: 'info',
});

await build({
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist/electron/preload.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome120',
  external: ['electron'],
  logLevel: 'info',
});
