// The simulated reader answers the find → select → read sequence as real readers do.
import { describe, expect, it } from 'vitest';
import { parseCardText, PHOTO_BYTES } from '../../drivers/idcard/card-text.ts';
import { residentCardText } from '../../drivers/idcard/card-text-writer.ts';
import {
  encodeCommand,
  FrameDecoder,
  parseCommand,
  parseResponse,
  type CommandName,
  type ResponseFrame,
} from '../../drivers/idcard/frame.ts';
import { SimulatedReader } from '../../drivers/idcard/simulator/reader-model.ts';
import { interpretStatus } from '../../drivers/idcard/status.ts';

const card = {
  text: residentCardText({
    name: '李四',
    sex: '2',
    nation: '08',
    birth: '19800101',
    address: '广东省徐闻县示范村',
    id: '34052419800101001X',
    authority: '徐闻县公安局',
    from: '20200101',
    to: '20400101',
  }),
  photo: Buffer.alloc(PHOTO_BYTES, 0x42),
};

/** Sends a command as bytes and decodes the reply as bytes, as over a wire. */
function exchange(reader: SimulatedReader, name: CommandName, data?: Uint8Array): ResponseFrame {
  const inbound = new FrameDecoder().push(encodeCommand(name, data));
  const command = inbound[0]?.type === 'frame' ? parseCommand(inbound[0].body) : null;
  if (!command) throw new Error('command did not decode');
  const outbound = new FrameDecoder().push(reader.respond(command));
  const response = outbound[0]?.type === 'frame' ? parseResponse(outbound[0].body) : null;
  if (!response) throw new Error('response did not decode');
  return response;
}

const status = (frame: ResponseFrame) => interpretStatus(frame.sw1, frame.sw2, frame.sw3);

describe('simulated reader', () => {
  it('reads a card with find, select, read, and parses into the same record', () => {
    const reader = new SimulatedReader();
    reader.placeCard(card);
    expect(status(exchange(reader, 'findCard'))).toEqual({ ok: true, status: 'cardFound' });
    expect(status(exchange(reader, 'selectCard'))).toEqual({ ok: true, status: 'success' });
    const read = exchange(reader, 'readTextAndPhoto');
    expect(status(read)).toEqual({ ok: true, status: 'success' });
    expect(read.data.readUInt16BE(0)).toBe(256);
    expect(read.data.readUInt16BE(2)).toBe(1024);
    const result = parseCardText(read.data.subarray(4, 260), read.data.subarray(260), new Date('2026-11-22'));
    expect(result).toMatchObject({ ok: true, record: { chineseName: '李四', nation: '壮', sex: 'female' } });
  });

  it('does not find the same card again until it has left the field', () => {
    const reader = new SimulatedReader();
    reader.placeCard(card);
    exchange(reader, 'findCard');
    exchange(reader, 'selectCard');
    exchange(reader, 'readTextAndPhoto');
    expect(status(exchange(reader, 'findCard'))).toMatchObject({ code: 'IDCARD_NO_CARD' });
    // Select still reaches the card while it lies there: the host's way to tell it has not been taken away.
    expect(status(exchange(reader, 'selectCard'))).toEqual({ ok: true, status: 'success' });
    reader.removeCard();
    expect(status(exchange(reader, 'selectCard'))).toMatchObject({ code: 'IDCARD_SELECT_FAILED' });
    reader.placeCard(card);
    expect(status(exchange(reader, 'findCard'))).toEqual({ ok: true, status: 'cardFound' });
  });

  it('loses the card when it is pulled away during the read', () => {
    const reader = new SimulatedReader();
    reader.placeCard(card);
    reader.removeDuringRead = true;
    exchange(reader, 'findCard');
    exchange(reader, 'selectCard');
    expect(status(exchange(reader, 'readTextAndPhoto'))).toMatchObject({ code: 'IDCARD_READ_FAILED' });
    expect(reader.hasCard).toBe(false);
    expect(reader.removeDuringRead).toBe(false);
  });

  it('answers with typed errors when there is no card or the order is wrong', () => {
    const reader = new SimulatedReader();
    expect(status(exchange(reader, 'findCard'))).toMatchObject({ code: 'IDCARD_NO_CARD' });
    expect(status(exchange(reader, 'selectCard'))).toMatchObject({ code: 'IDCARD_SELECT_FAILED' });
    reader.placeCard(card);
    expect(status(exchange(reader, 'readTextAndPhoto'))).toMatchObject({ code: 'IDCARD_READ_FAILED' });
    // Card removed between select and read.
    exchange(reader, 'findCard');
    exchange(reader, 'selectCard');
    reader.removeCard();
    expect(status(exchange(reader, 'readTextAndPhoto'))).toMatchObject({ code: 'IDCARD_READ_FAILED' });
  });

  it('gives its SAM id and answers the diagnostic commands', () => {
    const reader = new SimulatedReader();
    const sam = exchange(reader, 'readSamId');
    expect(status(sam)).toEqual({ ok: true, status: 'success' });
    expect(sam.data).toEqual(reader.samId);
    expect(status(exchange(reader, 'resetSam'))).toEqual({ ok: true, status: 'success' });
    expect(status(exchange(reader, 'samStatus'))).toEqual({ ok: true, status: 'success' });
    expect(status(exchange(reader, 'setMaxRfFrame', Uint8Array.of(0x50)))).toEqual({ ok: true, status: 'success' });
    reader.placeCard(card);
    expect(status(exchange(reader, 'readAppendedAddress'))).toEqual({ ok: true, status: 'itemEmpty' });
  });

  it('adds the fingerprint block on 30 10', () => {
    const reader = new SimulatedReader();
    reader.placeCard({ ...card, fingerprint: Buffer.alloc(1024, 9) });
    exchange(reader, 'findCard');
    exchange(reader, 'selectCard');
    const read = exchange(reader, 'readTextPhotoFingerprint');
    expect([read.data.readUInt16BE(0), read.data.readUInt16BE(2), read.data.readUInt16BE(4)]).toEqual([
      256, 1024, 1024,
    ]);
    expect(read.data.length).toBe(6 + 256 + 1024 + 1024);
  });

  it('refuses a card of the wrong size and unknown commands', () => {
    const reader = new SimulatedReader();
    expect(() => reader.placeCard({ text: Buffer.alloc(10), photo: card.photo })).toThrow('256 text bytes');
    const reply = reader.respond({ cmd: 0x99, para: 0x01, data: Buffer.alloc(0) });
    const [event] = new FrameDecoder().push(reply);
    const frame = event?.type === 'frame' ? parseResponse(event.body) : null;
    expect(frame && status(frame)).toMatchObject({ code: 'IDCARD_COMMAND_ERROR' });
  });
});
