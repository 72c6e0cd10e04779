// The hub's content-addressed blob store on real files: at start it removes only temp files a crashed upload
// left a day or more ago, so a hub instance starting beside others on a shared folder spares their uploads.
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobStore } from '../../hub/blob-store.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('hub-blob-store-');

describe('BlobStore at start', () => {
  it('removes temp files older than a day and keeps younger ones (another instance’s upload in progress)', () => {
    const dataDir = tempDir();
    const tmp = path.join(dataDir, 'blobs', '.tmp');
    mkdirSync(tmp, { recursive: true });
    const crashed = path.join(tmp, 'crashed-upload');
    const inProgress = path.join(tmp, 'upload-in-progress');
    writeFileSync(crashed, 'half');
    writeFileSync(inProgress, 'half');
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(crashed, twoDaysAgo, twoDaysAgo);
    new BlobStore(dataDir);
    expect(existsSync(crashed)).toBe(false);
    expect(existsSync(inProgress)).toBe(true);
  });
});
