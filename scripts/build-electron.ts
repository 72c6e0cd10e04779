// Bundles the Electron main process (ESM) and the preload script (one CommonJS file, as sandboxed preloads
// require) into dist/electron. Native modules stay external: electron-builder rebuilds and unpacks them.
import { build } from 'esbuild';
import { ELECTRON_MAIN_EXTERNALS } from './electron-externals.ts';

const external = ELECTRON_MAIN_EXTERNALS;

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
