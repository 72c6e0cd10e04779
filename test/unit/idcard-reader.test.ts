// IdCardReader against a scripted in-memory link (the PTY tests cover real serial ports): answers that are
// late, malformed, or of the wrong shape become typed errors, and never answer the next command.
import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, parseCommand, type CommandFrame } from '../../drivers/idcard/frame.ts';
import { IdCardReader } from '../../drivers/idcard/reader.ts';
import { transportEvents, type ByteTransport } from '../../drivers/transport/transport.ts';

/** A link whose far end answers each command with what `answer` returns (bytes, or nothing). */
function scriptedLink(answer: (command: CommandFrame) => Buffer | null) {
  const events = transportEvents();
  const decoder = new FrameDecoder();
  const transport: ByteTransport = {
    ...events.listeners,
    get isOpen() {
      return !events.closed;
    },
    async write(bytes) {
      for (const event of decoder.push(bytes)) {
        const command = event.type === 'frame' ? parseCommand(event.body) : null;
        const reply = command ? answer(command) : null;
        if (reply) setImmediate(() => events.data(reply));
      }
    },
    async close() {
      events.close(null);
    },
  };
  return { transport, push: (bytes: Buffer) => events.data(bytes), unplug: () => events.close(null) };
}

const ok = (data?: Buffer) => encodeFrame([0, 0, 0x90], data);

describe('IdCardReader', () => {
  it('times out on silence, then ignores the late answer instead of taking it for the next one', async () => {
    let calls = 0;
    const link = scriptedLink(() => (++calls === 1 ? null : ok(Buffer.from('5A5A', 'hex'))));
    const reader = new IdCardReader(link.transport, { baudRate: 0, responseTimeoutMs: 50 });
    await expect(reader.readSamId()).rejects.toMatchObject({ code: 'IDCARD_TIMEOUT' });
    // The stale answer to the first command arrives now, before the second command.
    link.push(ok(Buffer.from('DEAD', 'hex')));
    expect(await reader.readSamId()).toBe('5A5A');
  });

  it('turns a corrupt answer and reader error statuses into typed errors', async () => {
    const answers = [
      Buffer.from([...ok().subarray(0, -1), 0x00]), // wrong checksum
      encodeFrame([0, 0, 0x10]), // the reader saw a checksum error
      encodeFrame([0, 0, 0x31]), // card failed to authenticate the SAM
      encodeFrame([0, 0, 0x77]), // a status nobody documents
      encodeFrame([0x61, 0x00, 0x90]), // SW1 SW2 not 00 00
    ];
    const link = scriptedLink(() => answers.shift() ?? null);
    const reader = new IdCardReader(link.transport, { baudRate: 0, responseTimeoutMs: 200 });
    await expect(reader.resetSam()).rejects.toMatchObject({ code: 'IDCARD_FRAME_CHECKSUM' });
    await expect(reader.resetSam()).rejects.toMatchObject({ code: 'IDCARD_READER_CHECKSUM_ERROR' });
    await expect(reader.resetSam()).rejects.toMatchObject({ code: 'IDCARD_CARD_AUTH_SAM_FAILED' });
    await expect(reader.resetSam()).rejects.toMatchObject({ code: 'IDCARD_UNKNOWN_STATUS', message: /00 00 77/ });
    await expect(reader.resetSam()).rejects.toMatchObject({ code: 'IDCARD_UNKNOWN_STATUS', message: /61 00 90/ });
  });

  it('refuses a read answer whose lengths do not add up', async () => {
    const lengths = (text: number, photo: number) => Buffer.from([text >> 8, text & 0xff, photo >> 8, photo & 0xff]);
    const answers = [
      ok(Buffer.concat([lengths(256, 1024), Buffer.alloc(100)])), // says 1280 bytes, carries 100
      ok(Buffer.concat([lengths(200, 1024), Buffer.alloc(1224)])), // text block of the wrong size
      ok(Buffer.alloc(2)), // no lengths at all
    ];
    const link = scriptedLink(() => answers.shift() ?? null);
    const reader = new IdCardReader(link.transport, { baudRate: 0, responseTimeoutMs: 200 });
    await expect(reader.readCard()).rejects.toMatchObject({
      code: 'IDCARD_BAD_RESPONSE',
      message: /not what it states/,
    });
    await expect(reader.readCard()).rejects.toMatchObject({ code: 'IDCARD_BAD_RESPONSE', message: /text 200/ });
    await expect(reader.readCard()).rejects.toMatchObject({ code: 'IDCARD_BAD_RESPONSE', message: /no lengths/ });
  });

  it('fails the command in flight, and every later one, when the link closes', async () => {
    const link = scriptedLink(() => null);
    const reader = new IdCardReader(link.transport, { baudRate: 0, responseTimeoutMs: 5000 });
    const inFlight = reader.findCard();
    link.unplug();
    await expect(inFlight).rejects.toMatchObject({ code: 'IDCARD_DISCONNECTED' });
    await expect(reader.findCard()).rejects.toMatchObject({ code: 'IDCARD_DISCONNECTED' });
    expect(reader.isOpen).toBe(false);
  });

  it('allows for wire time at slow line speeds', async () => {
    // At 9600 baud a text+photo answer takes about 1.35 s on the wire: the deadline must include it.
    const link = scriptedLink(() => null);
    const reader = new IdCardReader(link.transport, { baudRate: 9600, responseTimeoutMs: 10 });
    // 10 command bytes + 1295 answer bytes at 10 bits each, plus the 10 ms think time: 1370 ms.
    await expect(reader.readCard()).rejects.toMatchObject({ code: 'IDCARD_TIMEOUT', message: /within 1370 ms/ });
  });
});
