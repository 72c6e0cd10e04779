// Serves a SimulatedReader on a byte transport (the far end of a PTY pair): decodes each command, answers,
// and paces its writes to the line speed so timing is what a real reader at that baud rate gives. Faults can
// be switched on at any time to imitate a slow, noisy or hung reader.
import { setTimeout as sleep } from 'node:timers/promises';
import { byteTimeMs, type ByteTransport } from '../../transport/transport.ts';
import { COMMANDS, FrameDecoder, parseCommand, type CommandFrame } from '../frame.ts';
import type { SimulatedReader } from './reader-model.ts';

export interface ReplyFaults {
  /** Extra delay before each answer (a slow reader). */
  replyDelayMs: number;
  /** The next N answers go out with a wrong checksum (line noise). */
  corruptReplies: number;
  /** The next answer stops half-way and the rest never comes (a reader that hangs mid-frame). */
  stallNextReply: boolean;
  /** Answers nothing at all (a dead reader on a live port). */
  mute: boolean;
  /** Delay, corruption and stall hit only the answer to a read (the long frame with the card's text and photo). */
  onlyTheRead: boolean;
}

export function noFaults(): ReplyFaults {
  return { replyDelayMs: 0, corruptReplies: 0, stallNextReply: false, mute: false, onlyTheRead: false };
}

export interface ServeOptions {
  /** Line speed to imitate; 0 answers as fast as the transport takes bytes. */
  baudRate: number;
  /** Live fault switches; change their fields while serving. */
  faults?: ReplyFaults;
  /** Called with every command the reader received (for tests and the benchmark's byte count). */
  onExchange?: (commandBytes: number, replyBytes: number) => void;
}

export function serveReader(reader: SimulatedReader, transport: ByteTransport, options: ServeOptions): () => void {
  const decoder = new FrameDecoder();
  const faults = options.faults ?? noFaults();
  let queue = Promise.resolve();
  const stop = transport.onData((chunk) => {
    for (const event of decoder.push(chunk)) {
      if (event.type !== 'frame') continue;
      const command = parseCommand(event.body);
      if (!command || faults.mute) continue;
      let reply = reader.respond(command);
      options.onExchange?.(event.body.length + 8, reply.length);
      const faulted = !faults.onlyTheRead || isRead(command);
      if (faulted && faults.corruptReplies > 0) {
        faults.corruptReplies -= 1;
        reply = Buffer.from(reply);
        reply[reply.length - 1]! ^= 0xff;
      }
      if (faulted && faults.stallNextReply) {
        faults.stallNextReply = false;
        reply = reply.subarray(0, Math.ceil(reply.length / 2));
      }
      // Answers go out in order. The command's own bytes took wire time to arrive, and so does the answer.
      const wireMs = options.baudRate > 0 ? (event.body.length + 8 + reply.length) * byteTimeMs(options.baudRate) : 0;
      const delayMs = (faulted ? faults.replyDelayMs : 0) + wireMs;
      queue = queue.then(async () => {
        await sleep(delayMs);
        if (transport.isOpen) await transport.write(reply).catch(() => undefined);
      });
    }
  });
  return stop;
}

function isRead(command: CommandFrame): boolean {
  return [COMMANDS.readTextAndPhoto, COMMANDS.readTextPhotoFingerprint].some(
    ([cmd, para]) => command.cmd === cmd && command.para === para,
  );
}
