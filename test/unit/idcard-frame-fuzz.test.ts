// 100,000 random and mutated byte streams through the frame decoder: nothing throws, every event is of a known
// kind, and the decoder never holds more than one maximal frame (so memory stays flat). Then mutated card text
// blocks through the card text parser: a typed record or a typed error, never a throw.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../helpers/seeded-random.ts';
import { encodeFrame, FrameDecoder, MAX_FRAME_LENGTH } from '../../drivers/idcard/frame.ts';
import { parseCardText } from '../../drivers/idcard/card-text.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';

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

describe('card text parser fuzz', () => {
  it('answers 50,000 mutated text blocks of every card type with a record or a typed error', () => {
    const next = seededRandom(4408);
    const samples = Object.values(SAMPLE_CARDS);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      const sample = samples[i % samples.length]!;
      const text = Buffer.from(sample.text);
      // Overwrite a few bytes, sometimes the card type character at 248 (UCS-2, so bytes 496..497).
      for (let m = 1 + Math.floor(next() * 4); m > 0; m--) {
        const at = next() < 0.1 ? 496 : Math.floor(next() * text.length);
        text[at] = Math.floor(next() * 256);
      }
      const result = parseCardText(text, sample.photo, new Date('2026-11-22T02:00:00Z'));
      const outcome = result.ok ? 'ok' : result.code;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    expect([...outcomes.keys()].sort()).toEqual(['IDCARD_ID_NUMBER_INVALID', 'IDCARD_TEXT_MALFORMED', 'ok']);
  });
});
