// 100,000 random and mutated byte streams through the frame decoder: nothing throws, every event is of a known
// kind, and the decoder never holds more than one maximal frame (so memory stays flat).
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../helpers/seeded-random.ts';
import { encodeFrame, FrameDecoder, MAX_FRAME_LENGTH } from '../../drivers/idcard/frame.ts';

describe('frame decoder fuzz', () => {
  it('survives 100,000 random and mutated inputs', { timeout: 120_000 }, () => {
    const next = seededRandom(20261122);
    const byte = () => Math.floor(next() * 256);
    const decoder = new FrameDecoder();
    let frames = 0;
    let errors = 0;
    let unknown = 0;
    let maxPending = 0;
    for (let i = 0; i < 100_000; i++) {
      let input: Buffer;
      if (i % 2 === 0) {
        // A valid frame with a few bytes flipped, dropped or duplicated.
        const data = Buffer.alloc(Math.floor(next() * 64), byte());
        input = encodeFrame([0, 0, byte()], data);
        for (let m = Math.floor(next() * 3); m > 0; m--) input[Math.floor(next() * input.length)] = byte();
        if (next() < 0.2) input = input.subarray(0, Math.floor(next() * input.length));
      } else {
        input = Buffer.from(Array.from({ length: Math.floor(next() * 40) }, byte));
        if (next() < 0.3) input = Buffer.concat([Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]), input]);
      }
      // Deliver in random chunk sizes.
      let offset = 0;
      while (offset < input.length) {
        const size = 1 + Math.floor(next() * 16);
        for (const event of decoder.push(input.subarray(offset, offset + size))) {
          if (event.type === 'frame') frames++;
          else if (event.type === 'error') errors++;
          else if (event.type !== 'discarded') unknown++;
        }
        offset += size;
      }
      maxPending = Math.max(maxPending, decoder.pending);
    }
    expect(unknown).toBe(0);
    expect(maxPending).toBeLessThanOrEqual(MAX_FRAME_LENGTH);
    // Most unmutated frames decode; corrupt ones are reported rather than lost silently.
    expect(frames).toBeGreaterThan(10_000);
    expect(errors).toBeGreaterThan(1_000);
  });
});
