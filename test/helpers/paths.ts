import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAMPLE_CATALOGUE = path.join(ROOT_DIR, 'kiosk-config', 'catalogue', 'sample-catalogue.json');
export const RENDERER_DIR = path.join(ROOT_DIR, 'dist', 'renderer');
export const ARTIFACTS_DIR = path.join(ROOT_DIR, 'test-artifacts');
