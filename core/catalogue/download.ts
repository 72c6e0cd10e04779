// HTTP downloads of bundle files for the kiosk: never more bytes than the signed manifest states, resumed with a
// Range request after an interruption, and moved into the file store only once the hash matches.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync, truncateSync, writeSync } from 'node:fs';
import { BundleError, type BundleFile } from './bundle-manifest.ts';

export type HubErrorKind = 'HUB_UNREACHABLE' | 'HUB_BAD_RESPONSE';

/** The hub (or CDN) could not be reached or answered something unusable. */
export class HubError extends Error {
  constructor(
    readonly code: HubErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HubError';
  }
}

/** One request with a deadline; network failures become HUB_UNREACHABLE. */
export async function request(url: string, init: RequestInit = {}, timeoutMs = 30_000): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new HubError('HUB_UNREACHABLE', `${url}: ${cause}`);
  }
}

/** Reads a response body, stopping (and failing) as soon as it passes `limit` bytes. */
async function readBody(response: Response, limit: number, onChunk: (chunk: Uint8Array) => void): Promise<number> {
  if (!response.body) return 0;
  const reader = response.body.getReader();
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return received;
      received += value.length;
      if (received > limit) {
        throw new BundleError('BUNDLE_SIZE_MISMATCH', `more than the ${limit} bytes stated; download stopped`);
      }
      onChunk(value);
    }
  } catch (error) {
    if (error instanceof BundleError) throw error;
    throw new HubError('HUB_UNREACHABLE', `the download broke off: ${(error as Error).message}`);
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** A whole response body, failing when it is larger than `limit` bytes. */
export async function readCappedBody(response: Response, limit: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  try {
    await readBody(response, limit, (chunk) => chunks.push(chunk));
  } catch (error) {
    if (error instanceof BundleError)
      throw new HubError('HUB_BAD_RESPONSE', `${response.url}: more than ${limit} bytes`);
    throw error;
  }
  return Buffer.concat(chunks);
}

/** A small file (manifest, signature) read whole, capped at `limit` bytes. */
export async function fetchCapped(url: string, limit: number): Promise<Buffer> {
  const response = await request(url);
  if (!response.ok) {
    await response.body?.cancel();
    throw new HubError('HUB_BAD_RESPONSE', `${url}: HTTP ${response.status}`, response.status);
  }
  return readCappedBody(response, limit);
}

/**
 * Downloads one bundle file to `partFile`, resuming from what is already there, then checks size and hash and
 * moves it to `finalFile`. A server that sends more than the stated size is cut off at that size.
 */
export async function downloadFile(url: string, file: BundleFile, partFile: string, finalFile: string): Promise<void> {
  let have = existsSync(partFile) ? statSync(partFile).size : 0;
  if (have > file.size) {
    truncateSync(partFile, 0);
    have = 0;
  }
  if (have < file.size) {
    const response = await request(url, have > 0 ? { headers: { Range: `bytes=${have}-` } } : {}, 300_000);
    if (response.status === 200 && have > 0) {
      // The server ignored the Range header: start again from the first byte.
      truncateSync(partFile, 0);
      have = 0;
    } else if (!(response.status === 200 || (response.status === 206 && have > 0))) {
      await response.body?.cancel();
      throw new HubError('HUB_BAD_RESPONSE', `${url}: HTTP ${response.status}`, response.status);
    }
    const fd = openSync(partFile, have > 0 ? 'a' : 'w');
    try {
      await readBody(response, file.size - have, (chunk) => writeSync(fd, chunk));
    } catch (error) {
      if (error instanceof BundleError) truncateSync(partFile, 0); // too long: not the file we want, never resume
      throw error;
    } finally {
      closeSync(fd);
    }
  }
  const size = statSync(partFile).size;
  if (size !== file.size) {
    throw new HubError('HUB_UNREACHABLE', `${file.path}: ${size} of ${file.size} bytes arrived; will resume`);
  }
  const hash = createHash('sha256').update(readFileSync(partFile)).digest('hex');
  if (hash !== file.sha256) {
    truncateSync(partFile, 0); // a wrong file is never resumed
    throw new BundleError('BUNDLE_HASH_MISMATCH', `${file.path} does not match its hash`);
  }
  renameSync(partFile, finalFile);
}
