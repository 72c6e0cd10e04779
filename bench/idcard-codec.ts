// The ID card frame decoder's throughput: full text+photo responses (1295 bytes) and short status frames,
// fed in 64-byte chunks as a USB reader delivers them. Prints JSON lines.
import { performance } from 'node:perf_hooks';
import { encodeFrame, FrameDecoder } from '../drivers/idcard/frame.ts';
import { report } from './stats.ts';

function throughput(label: string, frame: Buffer, count: number, chunkSize: number): void {
  const stream = Buffer.concat(Array.from({ length: count }, () => frame));
  const decoder = new FrameDecoder();
  let frames = 0;
  const start = performance.now();
  for (let offset = 0; offset < stream.length; offset += chunkSize) {
    for (const event of decoder.push(stream.subarray(offset, offset + chunkSize))) if (event.type === 'frame') frames++;
  }
  const seconds = (performance.now() - start) / 1000;
  if (frames !== count) throw new Error(`decoded ${frames} of ${count} frames`);
  report('idcard.codec', {
    frame: label,
    frame_bytes: frame.length,
    chunk_bytes: chunkSize,
    frames,
    frames_per_s: Math.round(frames / seconds),
    mb_per_s: Math.round((stream.length / seconds / 1e6) * 10) / 10,
  });
}

// 30 01 response: textLen, photoLen, 256 text bytes, 1024 photo bytes.
const textAndPhoto = encodeFrame([0, 0, 0x90], Buffer.concat([Buffer.from([1, 0, 4, 0]), Buffer.alloc(1280, 0x20)]));
throughput('textAndPhoto', textAndPhoto, 20_000, 64);
throughput('noCard', encodeFrame([0, 0, 0x80]), 200_000, 64);
