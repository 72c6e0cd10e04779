// Card placed → record parsed, over the simulated reader on a real PTY at 115200 baud, next to the pure wire
// time of the bytes exchanged (the physical limit at that line speed). Prints JSON lines.
//
// read sequence: select + read, from the moment find reported the card to the parsed record; its wire time
// is what those two commands and their answers take on the line. The overhead ratio compares the two.
// placed → parsed adds the wait for the next poll (up to one poll interval) and the find exchange.
import { performance } from 'node:perf_hooks';
import { serialReader } from '../drivers/idcard/connect.ts';
import { ReaderSession, type ReaderEvent } from '../drivers/idcard/session.ts';
import { startPtySimulator } from '../drivers/idcard/simulator/pty-simulator.ts';
import { SAMPLE_CARDS } from '../drivers/idcard/simulator/sample-cards.ts';
import { byteTimeMs } from '../drivers/transport/transport.ts';
import { percentile, report } from './stats.ts';

const BAUD = 115200;
const CARDS = 30;
const POLL_INTERVAL_MS = 250;

const exchanges: number[] = []; // bytes on the wire per command + answer, in order
const sim = await startPtySimulator({
  baudRate: BAUD,
  onExchange: (sent, answered) => exchanges.push(sent + answered),
});
const session = new ReaderSession({ connect: serialReader(sim.path, BAUD), pollIntervalMs: POLL_INTERVAL_MS });

function next(type: ReaderEvent['type']): Promise<ReaderEvent> {
  return new Promise((resolve) => {
    const stop = session.subscribe((event) => {
      if (event.type !== type) return;
      stop();
      resolve(event);
    });
  });
}

const ready = next('status');
session.start();
await ready;

const sequenceMs: number[] = [];
const wireMs: number[] = [];
const placedToParsedMs: number[] = [];
for (let i = 0; i < CARDS; i++) {
  const read = next('card');
  const placedAt = performance.now();
  sim.reader.placeCard(i % 2 === 0 ? SAMPLE_CARDS.elder : SAMPLE_CARDS.resident);
  const event = (await read) as Extract<ReaderEvent, { type: 'card' }>;
  placedToParsedMs.push(performance.now() - placedAt);
  sequenceMs.push(event.readMs);
  // The last two exchanges before the record are select and read.
  wireMs.push((exchanges.at(-1)! + exchanges.at(-2)!) * byteTimeMs(BAUD));
  const removed = next('cardRemoved');
  sim.reader.removeCard();
  await removed;
}
await session.stop();
await sim.close();

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const round = (ms: number) => Math.round(ms * 100) / 100;
const overheads = sequenceMs.map((ms, i) => (ms - wireMs[i]!) / wireMs[i]!);
report('idcard.read', {
  baud: BAUD,
  cards: CARDS,
  wire_bytes_select_read: Math.round(wireMs[0]! / byteTimeMs(BAUD)),
  wire_ms: round(wireMs[0]!),
  read_sequence_p50_ms: round(percentile(sorted(sequenceMs), 50)),
  read_sequence_p95_ms: round(percentile(sorted(sequenceMs), 95)),
  overhead_ratio_p50: Math.round(percentile(sorted(overheads), 50) * 1000) / 1000,
  overhead_ratio_p95: Math.round(percentile(sorted(overheads), 95) * 1000) / 1000,
  poll_interval_ms: POLL_INTERVAL_MS,
  placed_to_parsed_p50_ms: round(percentile(sorted(placedToParsedMs), 50)),
  placed_to_parsed_p95_ms: round(percentile(sorted(placedToParsedMs), 95)),
});
