// Serves a SimulatedReader on a byte transport (the far end of a PTY pair): decodes each command, answers,
// and paces its writes to the line speed so timing is what a real reader at that baud rate gives.
import { setTimeout as sleep } from 'node:timers/promises';
import { byteTimeMs, type ByteTransport } from '../../transport/transport.ts';
import { FrameDecoder, parseCommand } from '../frame.ts';
import type { SimulatedReader } from './reader-model.ts';

export interface ServeOptions {
  /** Line speed to imitate; 0 answers as fast as the transport takes bytes. */
  baudRate: number;
  /** Extra delay before each answer (a slow reader). */
  replyDelayMs?: number;
}

export function serveReader(reader: SimulatedReader, transport: ByteTransport, options: ServeOptions): () => void {
  const decoder = new FrameDecoder();
  let queue = Promise.resolve();
  const stop = transport.onData((chunk) => {
    for (const event of decoder.push(chunk)) {
      if (event.type !== 'frame') continue;
      const command = parseCommand(event.body);
      if (!command) continue;
      const reply = reader.respond(command);
      // Answers go out in order, each after the time its bytes take on the wire.
      queue = queue.then(async () => {
        const wireMs = options.baudRate > 0 ? reply.length * byteTimeMs(options.baudRate) : 0;
        await sleep((options.replyDelayMs ?? 0) + wireMs);
        if (transport.isOpen) await transport.write(reply).catch(() => undefined);
      });
    }
  });
  return stop;
}
