// Chunked, resumable attachment uploads (document photos, signatures): a kiosk asks how many bytes the hub holds
// (GET /v1/uploads/<sha256>) and sends the rest in chunks at that offset (PUT …?offset=N, header x-upload-size:
// the whole file's size). Chunks are appended to <dataDir>/uploads/<sha256>.part; when the last byte arrives the
// whole file is hashed, and only a file that matches its name is moved into the blob store (<dataDir>/blobs, the
// same content-addressed folder as catalogue files, same file system, so the rename is atomic).
//
// The part file on disk is the truth about how much is held: a hub stopped between writing a chunk and
// recording it resumes from what is really there. Chunks of one file are handled one at a time.
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, statSync } from 'node:fs';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { MAX_CHUNK_BYTES, type UploadState } from '../../core/protocol/submissions.ts';
import { HubHttpError } from '../http.ts';
import type { SubmissionStorage } from './storage.ts';

/** The largest attachment (the protocol's AttachmentRef.size allows the same). */
export const MAX_ATTACHMENT_BYTES = 20_000_000;

export interface AttachmentUploadsOptions {
  storage: SubmissionStorage;
  /** The blob store's folder, where finished attachments go. */
  blobsDir: string;
  /** Where uploads in progress wait. */
  uploadsDir: string;
  log: Logger;
}

export class AttachmentUploads {
  /** One chunk at a time per file: two kiosks (or a retry racing its original) must not interleave appends. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly options: AttachmentUploadsOptions) {
    mkdirSync(options.uploadsDir, { recursive: true });
  }

  /** The size of a finished attachment (any file in the blob store under that hash), or null. */
  storedSize(sha256: string): number | null {
    try {
      const stats = statSync(path.join(this.options.blobsDir, sha256));
      return stats.isFile() ? stats.size : null;
    } catch {
      return null;
    }
  }

  private partPath(sha256: string): string {
    return path.join(this.options.uploadsDir, `${sha256}.part`);
  }

  private async partSize(sha256: string): Promise<number> {
    try {
      return (await stat(this.partPath(sha256))).size;
    } catch {
      return 0;
    }
  }

  async state(sha256: string): Promise<UploadState> {
    const stored = this.storedSize(sha256);
    if (stored !== null) return { sha256, received: stored, complete: true };
    const received = await this.partSize(sha256);
    // Nothing held yet (the usual first look): no record can say otherwise, since every size is at least 1.
    if (received === 0) return { sha256, received, complete: false };
    const record = await this.options.storage.upload(sha256);
    if (record !== null && received === record.size) {
      // Every byte is here but the file was never checked and moved (the hub stopped in between): finish now,
      // or a kiosk that sees it holds everything would never send the last chunk again.
      try {
        return await this.putChunk(sha256, received, record.size, Buffer.alloc(0));
      } catch (error) {
        if (error instanceof HubHttpError && error.code === 'HUB_HASH_MISMATCH') {
          return { sha256, received: 0, complete: false };
        }
        throw error;
      }
    }
    return { sha256, received, complete: false };
  }

  /** Appends `chunk` at `offset` of a file of `size` bytes; answers what the hub holds afterwards. */
  putChunk(sha256: string, offset: number, size: number, chunk: Buffer): Promise<UploadState> {
    return this.oneAtATime(sha256, () => this.putChunkNow(sha256, offset, size, chunk));
  }

  /**
   * Removes uploads nothing was added to for `maxAgeMs` (a kiosk wiped or replaced mid-upload), which would
   * otherwise stay on disk for ever. A kiosk that still holds the file starts again from 0. Returns how many.
   */
  async dropStale(now: Date, maxAgeMs: number): Promise<number> {
    const { uploadsDir, storage, log } = this.options;
    let dropped = 0;
    for (const name of await readdir(uploadsDir)) {
      if (!name.endsWith('.part')) continue;
      const sha256 = name.slice(0, -'.part'.length);
      const gone = await this.oneAtATime(sha256, async () => {
        const stats = await stat(path.join(uploadsDir, name)).catch(() => null);
        if (!stats || now.getTime() - stats.mtimeMs < maxAgeMs) return false;
        await rm(path.join(uploadsDir, name), { force: true });
        await storage.deleteUpload(sha256);
        return true;
      });
      if (gone) dropped++;
    }
    if (dropped > 0) log.info({ dropped }, 'stale uploads dropped');
    return dropped;
  }

  /** Runs `work` after whatever else is under way for the same file. */
  private oneAtATime<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(sha256) ?? Promise.resolve();
    const run = previous.then(work);
    const settled = run.catch(() => undefined);
    this.queues.set(sha256, settled);
    void settled.then(() => {
      if (this.queues.get(sha256) === settled) this.queues.delete(sha256);
    });
    return run;
  }

  private async putChunkNow(sha256: string, offset: number, size: number, chunk: Buffer): Promise<UploadState> {
    const { storage } = this.options;
    if (size > MAX_ATTACHMENT_BYTES) {
      throw new HubHttpError(413, 'HUB_TOO_LARGE', `an attachment may have at most ${MAX_ATTACHMENT_BYTES} bytes`);
    }
    if (chunk.length > MAX_CHUNK_BYTES) {
      throw new HubHttpError(413, 'HUB_TOO_LARGE', `a chunk may have at most ${MAX_CHUNK_BYTES} bytes`);
    }
    const stored = this.storedSize(sha256);
    // Already whole (sent before, or by another kiosk): nothing more to take.
    if (stored !== null) return { sha256, received: stored, complete: true };

    const part = this.partPath(sha256);
    let received = await this.partSize(sha256);
    // A record without a part file is an upload that was dropped or never written: this chunk starts it afresh.
    const record = received > 0 ? await storage.upload(sha256) : null;
    if ((record !== null && record.size !== size) || received > size) {
      // The same content cannot have two sizes: what is held belongs to a wrong claim. Start again from 0.
      await rm(part, { force: true });
      await storage.deleteUpload(sha256);
      received = 0;
    }
    if (offset !== received) {
      // 409 with the hub's state beside the error, so the kiosk can go on from there without asking first.
      const state: UploadState = { sha256, received, complete: false };
      throw new HubHttpError(
        409,
        'HUB_BAD_REQUEST',
        `the hub holds ${received} bytes of this file; send from offset ${received}`,
        {},
        {},
        { upload: state },
      );
    }
    if (offset + chunk.length > size) {
      throw new HubHttpError(400, 'HUB_BAD_REQUEST', `the chunk runs past the ${size} bytes stated in x-upload-size`);
    }

    if (chunk.length > 0) {
      const handle = await open(part, 'a');
      try {
        await handle.write(chunk);
      } finally {
        await handle.close();
      }
      received += chunk.length;
    }
    if (received < size) {
      await storage.putUpload({ sha256, size, received, complete: false });
      return { sha256, received, complete: false };
    }

    const actual = await hashFile(part);
    if (actual !== sha256) {
      await rm(part, { force: true });
      await storage.deleteUpload(sha256);
      this.options.log.warn({ sha256, size }, 'an uploaded attachment does not match its hash; dropped');
      throw new HubHttpError(
        400,
        'HUB_HASH_MISMATCH',
        `the uploaded bytes hash to ${actual}, not ${sha256}; the hub dropped them, send the file again`,
      );
    }
    // On disk before it gets its name: a named blob is always complete.
    const handle = await open(part, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(part, path.join(this.options.blobsDir, sha256));
    // A blob now (the blob store is what says so): the progress kept for resuming it is done with.
    if (record !== null) await storage.deleteUpload(sha256);
    return { sha256, received: size, complete: true };
  }
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}
