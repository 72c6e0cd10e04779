// Content-addressed files on disk: <dataDir>/blobs/<sha256>. A file appears under its name only after its
// bytes were hashed on the way in and matched, so whatever is stored under a hash is that hash's content.
// Uploads go to blobs/.tmp first and are renamed into place (atomic on one file system); a crash leaves at
// most a temp file, removed at a later start once it is a day old (several hub instances may share the folder,
// and a younger one may be another instance's upload in progress).
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, rmSync, statSync, type ReadStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

const SHA256_HEX = /^[0-9a-f]{64}$/;
/** A temp file untouched this long is a crashed upload's, not one in progress. */
const STALE_TEMP_MS = 24 * 3_600_000;

export type BlobErrorCode = 'BLOB_BAD_NAME' | 'BLOB_TOO_LARGE' | 'BLOB_HASH_MISMATCH';

export class BlobError extends Error {
  constructor(
    readonly code: BlobErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BlobError';
  }
}

export interface PutResult {
  size: number;
  /** False when the store already had this content. */
  created: boolean;
}

export class BlobStore {
  readonly dir: string;
  private readonly tmpDir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'blobs');
    this.tmpDir = path.join(this.dir, '.tmp');
    mkdirSync(this.tmpDir, { recursive: true });
    const dayAgo = Date.now() - STALE_TEMP_MS;
    for (const name of readdirSync(this.tmpDir)) {
      const file = path.join(this.tmpDir, name);
      const modified = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
      if (modified !== undefined && modified < dayAgo) rmSync(file, { force: true });
    }
  }

  /** The path of a stored file; refuses anything that is not a sha256 so no name can leave the folder. */
  private pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new BlobError('BLOB_BAD_NAME', `not a lower-case sha256: ${sha256}`);
    return path.join(this.dir, sha256);
  }

  has(sha256: string): boolean {
    return this.size(sha256) !== null;
  }

  /** Size in bytes, or null when not stored. */
  size(sha256: string): number | null {
    try {
      const stat = statSync(this.pathOf(sha256));
      return stat.isFile() ? stat.size : null;
    } catch (error) {
      if (error instanceof BlobError) throw error;
      return null;
    }
  }

  /**
   * Streams `source` into the store under `sha256`. Stops reading and refuses as soon as more than `maxBytes`
   * arrive, and refuses content that does not hash to `sha256`; either way nothing is stored.
   */
  async put(sha256: string, source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<PutResult> {
    const finalPath = this.pathOf(sha256);
    const existed = this.has(sha256);
    const tmpPath = path.join(this.tmpDir, `${sha256}.${randomUUID()}`);
    const handle = await open(tmpPath, 'wx');
    let closed = false;
    try {
      const hash = createHash('sha256');
      let size = 0;
      for await (const chunk of source) {
        size += chunk.length;
        if (size > maxBytes) throw new BlobError('BLOB_TOO_LARGE', `more than the ${maxBytes} bytes allowed`);
        hash.update(chunk);
        await handle.write(chunk);
      }
      const actual = hash.digest('hex');
      if (actual !== sha256) {
        throw new BlobError('BLOB_HASH_MISMATCH', `the uploaded bytes hash to ${actual}, not ${sha256}`);
      }
      // On disk before it gets its name: a named blob is always complete.
      await handle.sync();
      await handle.close();
      closed = true;
      // Same name, same content: renaming over a copy another upload just stored is harmless.
      await rename(tmpPath, finalPath);
      return { size, created: !existed };
    } finally {
      if (!closed) await handle.close().catch(() => undefined);
      await rm(tmpPath, { force: true });
    }
  }

  /** Reads a stored file, or the inclusive byte range start..end of it. */
  openRead(sha256: string, start?: number, end?: number): ReadStream {
    return createReadStream(this.pathOf(sha256), { start, end });
  }
}
