import { describe, expect, it } from 'vitest';
import { citizenIdProblem, checkCharacter } from '../../drivers/idcard/citizen-id.ts';
import {
  encodeCommand,
  encodeFrame,
  FrameDecoder,
  parseCommand,
  parseResponse,
  type DecodeEvent,
} from '../../drivers/idcard/frame.ts';
import { interpretStatus } from '../../drivers/idcard/status.ts';

const bytes = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const NO_CARD = bytes('AA AA AA 96 69 00 04 00 00 80 84');
const FIND_OK = bytes('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');

function frames(events: DecodeEvent[]) {
  return events.flatMap((event) => (event.type === 'frame' ? [parseResponse(event.body)!] : []));
}

describe('ID card reader frames', () => {
  it('encodes the commands exactly as the protocol tables list them', () => {
    expect(encodeCommand('resetSam')).toEqual(bytes('AA AA AA 96 69 00 03 10 FF EC'));
    expect(encodeCommand('samStatus')).toEqual(bytes('AA AA AA 96 69 00 03 11 FF ED'));
    expect(encodeCommand('readSamId')).toEqual(bytes('AA AA AA 96 69 00 03 12 FF EE'));
    expect(encodeCommand('findCard')).toEqual(bytes('AA AA AA 96 69 00 03 20 01 22'));
    expect(encodeCommand('selectCard')).toEqual(bytes('AA AA AA 96 69 00 03 20 02 21'));
    expect(encodeCommand('readTextAndPhoto')).toEqual(bytes('AA AA AA 96 69 00 03 30 01 32'));
    expect(encodeCommand('readAppendedAddress')).toEqual(bytes('AA AA AA 96 69 00 03 30 03 30'));
    expect(encodeCommand('readTextPhotoFingerprint')).toEqual(bytes('AA AA AA 96 69 00 03 30 10 23'));
    expect(encodeCommand('setMaxRfFrame', Uint8Array.of(0x50))).toEqual(bytes('AA AA AA 96 69 00 04 61 FF 50 CA'));
  });

  it('decodes the protocol examples and what a simulator encodes', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(NO_CARD)).toEqual([{ type: 'frame', body: Buffer.from([0, 0, 0x80]) }]);
    expect(frames(decoder.push(NO_CARD))).toEqual([{ sw1: 0, sw2: 0, sw3: 0x80, data: Buffer.alloc(0) }]);
    expect(frames(decoder.push(FIND_OK))).toEqual([{ sw1: 0, sw2: 0, sw3: 0x9f, data: Buffer.alloc(4) }]);
    expect(encodeFrame([0, 0, 0x80])).toEqual(NO_CARD);
    expect(decoder.pending).toBe(0);
  });

  it('reassembles a frame split into single bytes, including a split preamble', () => {
    const decoder = new FrameDecoder();
    const big = encodeFrame([0, 0, 0x90], Buffer.alloc(1290, 7));
    const found: DecodeEvent[] = [];
    for (const byte of big) found.push(...decoder.push(Uint8Array.of(byte)));
    expect(found).toHaveLength(1);
    expect(frames(found)[0]!.data).toEqual(Buffer.alloc(1290, 7));
  });

  it('returns several frames from one read, in order', () => {
    const decoder = new FrameDecoder();
    const result = frames(decoder.push(Buffer.concat([NO_CARD, FIND_OK, NO_CARD])));
    expect(result.map((frame) => frame.sw3)).toEqual([0x80, 0x9f, 0x80]);
  });

  it('skips garbage before a preamble and says how much', () => {
    const decoder = new FrameDecoder();
    const events = decoder.push(Buffer.concat([bytes('00 AA 13 AA AA 96'), NO_CARD]));
    expect(events[0]).toEqual({ type: 'discarded', bytes: 6 });
    expect(frames(events)).toHaveLength(1);
  });

  it('reports a wrong checksum and still finds the next good frame', () => {
    const decoder = new FrameDecoder();
    const corrupt = Buffer.from(FIND_OK);
    corrupt[9] = 0x9e;
    const events = decoder.push(Buffer.concat([corrupt, NO_CARD]));
    expect(events.filter((event) => event.type === 'error')).toEqual([
      { type: 'error', code: 'IDCARD_FRAME_CHECKSUM', message: 'checksum 0x97 should be 0x96' },
    ]);
    expect(frames(events).map((frame) => frame.sw3)).toEqual([0x80]);
  });

  it('reports an impossible length without waiting for kilobytes that never come', () => {
    const decoder = new FrameDecoder();
    const events = decoder.push(Buffer.concat([bytes('AA AA AA 96 69 FF FF 00'), NO_CARD]));
    expect(events[0]).toMatchObject({ type: 'error', code: 'IDCARD_FRAME_LENGTH' });
    expect(frames(events).map((frame) => frame.sw3)).toEqual([0x80]);
    expect(decoder.push(bytes('AA AA AA 96 69 00 02 00 00'))[0]).toMatchObject({ code: 'IDCARD_FRAME_LENGTH' });
  });

  it('decodes commands too, for the simulator', () => {
    const decoder = new FrameDecoder();
    const [event] = decoder.push(encodeCommand('setMaxRfFrame', Uint8Array.of(0x50)));
    expect(event?.type === 'frame' && parseCommand(event.body)).toEqual({
      cmd: 0x61,
      para: 0xff,
      data: Buffer.from([0x50]),
    });
    expect(parseResponse(Buffer.from([0, 0]))).toBeNull();
    expect(parseCommand(Buffer.from([0x20]))).toBeNull();
  });

  it('holds a truncated frame until the rest arrives, and drops it on reset', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(FIND_OK.subarray(0, 10))).toEqual([]);
    expect(decoder.pending).toBe(10);
    decoder.reset();
    expect(decoder.pending).toBe(0);
    expect(frames(decoder.push(NO_CARD))).toHaveLength(1);
  });
});

describe('status words', () => {
  it('maps success codes and every listed error', () => {
    expect(interpretStatus(0, 0, 0x90)).toEqual({ ok: true, status: 'success' });
    expect(interpretStatus(0, 0, 0x9f)).toEqual({ ok: true, status: 'cardFound' });
    expect(interpretStatus(0, 0, 0x91)).toEqual({ ok: true, status: 'itemEmpty' });
    expect(interpretStatus(0, 0, 0x80)).toEqual({ ok: false, code: 'IDCARD_NO_CARD', sw: '00 00 80' });
    expect(interpretStatus(0, 0, 0x81)).toMatchObject({ code: 'IDCARD_SELECT_FAILED' });
    expect(interpretStatus(0, 0, 0x41)).toMatchObject({ code: 'IDCARD_READ_FAILED' });
    expect(interpretStatus(0, 0, 0x60)).toMatchObject({ code: 'IDCARD_SAM_SELF_TEST_FAILED' });
  });

  it('gives each of the 15 error words of DOMAIN.md §1 its own code', () => {
    // Written out from the protocol table, not from the code's own table.
    const table: [number, string][] = [
      [0x10, 'IDCARD_READER_CHECKSUM_ERROR'],
      [0x11, 'IDCARD_READER_LENGTH_ERROR'],
      [0x21, 'IDCARD_COMMAND_ERROR'],
      [0x23, 'IDCARD_UNAUTHORISED'],
      [0x24, 'IDCARD_READER_UNKNOWN_ERROR'],
      [0x31, 'IDCARD_CARD_AUTH_SAM_FAILED'],
      [0x32, 'IDCARD_SAM_AUTH_CARD_FAILED'],
      [0x33, 'IDCARD_VERIFY_FAILED'],
      [0x40, 'IDCARD_UNKNOWN_CARD_TYPE'],
      [0x41, 'IDCARD_READ_FAILED'],
      [0x47, 'IDCARD_RANDOM_FAILED'],
      [0x60, 'IDCARD_SAM_SELF_TEST_FAILED'],
      [0x66, 'IDCARD_SAM_NOT_AUTHORISED'],
      [0x80, 'IDCARD_NO_CARD'],
      [0x81, 'IDCARD_SELECT_FAILED'],
    ];
    for (const [sw3, code] of table) {
      const sw = `00 00 ${sw3.toString(16).toUpperCase()}`;
      expect(interpretStatus(0, 0, sw3)).toEqual({ ok: false, code, sw });
    }
    expect(new Set(table.map(([, code]) => code)).size).toBe(table.length);
    // Every other SW3 is either one of the three successes or unknown.
    for (let sw3 = 0; sw3 <= 0xff; sw3++) {
      if (table.some(([listed]) => listed === sw3) || [0x90, 0x9f, 0x91].includes(sw3)) continue;
      expect(interpretStatus(0, 0, sw3)).toMatchObject({ ok: false, code: 'IDCARD_UNKNOWN_STATUS' });
    }
  });

  it('treats unknown words as a typed error, never as success', () => {
    expect(interpretStatus(0, 0, 0x55)).toEqual({ ok: false, code: 'IDCARD_UNKNOWN_STATUS', sw: '00 00 55' });
    expect(interpretStatus(0x6a, 0x82, 0x90)).toEqual({ ok: false, code: 'IDCARD_UNKNOWN_STATUS', sw: '6A 82 90' });
  });
});

describe('citizen ID numbers (GB 11643)', () => {
  it('accepts the published vectors', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(citizenIdProblem('11010519491231002X')).toBeNull();
    expect(citizenIdProblem('34052419800101001X')).toBeNull();
  });

  it('names what is wrong', () => {
    expect(citizenIdProblem('110105194912310021')).toBe('checkDigit');
    expect(citizenIdProblem('11010519490231002X')).toBe('birthDate'); // 31 February
    expect(citizenIdProblem('11010519491231002x')).toBe('format');
    expect(citizenIdProblem('1101051949123100')).toBe('format');
  });
});
