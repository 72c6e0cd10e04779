// Card placed → record parsed, over the simulated reader on a real PTY at 115200 baud, next to the pure wire
// time of the bytes exchanged (the physical limit at that line speed). Prints JSON lines.
//
// read sequence: select + read, from the moment find reported the card to the parsed record; its wire time
// is what those two commands and their answers take on the line. The overhead ratio compares the two.
// placed → parsed adds the wait for the next poll (up to one poll interval; cards are laid down at a random moment
// between polls, as a villager does) and the find exchange. Without that wait (placed → the reader receiving the
// find that sees the card), it is compared with the wire time of find + select + read in the same way.
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
const answers: number[] = []; // bytes of each answer alone
const exchangeAt: number[] = []; // when the simulated reader received each command
const sim = await startPtySimulator({
  baudRate: BAUD,
  onExchange: (sent, answered) => {
    exchanges.push(sent + answered);
    answers.push(answered);
    exchangeAt.push(performance.now());
  },
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
const pollWaitMs: number[] = [];
const fromFindMs: number[] = [];
const fromFindWireMs: number[] = [];
for (let i = 0; i < CARDS; i++) {
  await new Promise((resolve) => setTimeout(resolve, Math.random() * POLL_INTERVAL_MS));
  const read = next('card');
  const placedAt = performance.now();
  sim.reader.placeCard(i % 2 === 0 ? SAMPLE_CARDS.elder : SAMPLE_CARDS.resident);
  const event = (await read) as Extract<ReaderEvent, { type: 'card' }>;
  const parsedAt = performance.now();
  placedToParsedMs.push(parsedAt - placedAt);
  sequenceMs.push(event.readMs);
  // The last three exchanges before the record are find, select and read.
  wireMs.push((exchanges.at(-1)! + exchanges.at(-2)!) * byteTimeMs(BAUD));
  const findReceivedAt = exchangeAt.at(-3)!;
  pollWaitMs.push(findReceivedAt - placedAt);
  fromFindMs.push(parsedAt - findReceivedAt);
  // From the reader's receipt of find: its answer, then select and read in full.
  fromFindWireMs.push(wireMs.at(-1)! + answers.at(-3)! * byteTimeMs(BAUD));
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
  poll_wait_p50_ms: round(percentile(sorted(pollWaitMs), 50)),
  find_to_parsed_wire_ms: round(fromFindWireMs[0]!),
  find_to_parsed_p50_ms: round(percentile(sorted(fromFindMs), 50)),
  find_to_parsed_overhead_ratio_p50:
    Math.round(
      percentile(sorted(fromFindMs.map((ms, i) => (ms - fromFindWireMs[i]!) / fromFindWireMs[i]!)), 50) * 1000,
    ) / 1000,
});
