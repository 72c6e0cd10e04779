// Finds the Electron binary if this machine has one. Installing the 'electron' package downloads it from
// outside the npm registry, which our build machines cannot reach (package.json denies that install script).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT_DIR } from './paths.ts';

export function findElectronBinary(): { path: string } | { missing: string } {
  const packageDir = path.join(ROOT_DIR, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      missing: `no Electron binary (${path.relative(ROOT_DIR, pathFile)} is absent: the download is not allowed on this machine; run "node node_modules/electron/install.js" where it is)`,
    };
  }
  const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { missing: `Electron binary ${binary} is missing` };
}
