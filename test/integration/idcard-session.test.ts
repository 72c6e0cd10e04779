// The reader session against the simulated reader over a real PTY pair: reading, card removal, and every
// fault the issue names (noise, a reader that stops mid-frame, slow or dead readers, unplug and replug).
import { afterEach, describe, expect, it } from 'vitest';
import { serialReader } from '../../drivers/idcard/connect.ts';
import { ReaderSession, type ReaderEvent, type ReaderSessionOptions } from '../../drivers/idcard/session.ts';
import { startPtySimulator, type PtySimulator } from '../../drivers/idcard/simulator/pty-simulator.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';

const BAUD = 115200;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Harness {
  sim: PtySimulator;
  session: ReaderSession;
  events: ReaderEvent[];
  /** Resolves with the first event (from now on, or already seen after `from`) that matches. */
  next<T extends ReaderEvent['type']>(
    type: T,
    match?: (event: Extract<ReaderEvent, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<ReaderEvent, { type: T }>>;
}

async function setUp(options: Partial<ReaderSessionOptions> = {}): Promise<Harness> {
  const sim = await startPtySimulator({ baudRate: BAUD });
  cleanups.push(() => sim.close());
  const session = new ReaderSession({
    connect: serialReader(sim.path, BAUD),
    pollIntervalMs: 30,
    reconnectIntervalMs: 100,
    responseTimeoutMs: 300,
    now: () => new Date('2026-11-22T10:00:00+08:00'),
    ...options,
  });
  const events: ReaderEvent[] = [];
  const waiters = new Set<(event: ReaderEvent) => void>();
  session.subscribe((event) => {
    events.push(event);
    for (const waiter of waiters) waiter(event);
  });
  session.start();
  cleanups.push(() => session.stop());
  const next: Harness['next'] = (type, match = () => true, timeoutMs = 5000) =>
    new Promise((resolve, reject) => {
      const waiter = (event: ReaderEvent) => {
        if (event.type === type && match(event as never)) {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(event as never);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no ${type} event within ${timeoutMs} ms; saw ${events.map((e) => e.type).join(', ')}`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  await next('status', (event) => event.status.state === 'ready');
  return { sim, session, events, next };
}

const count = (events: ReaderEvent[], type: ReaderEvent['type']) => events.filter((e) => e.type === type).length;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ID card reader session over a PTY', () => {
  it('reads a card once, says when it is taken away, and reads it again when it comes back', async () => {
    const { sim, events, next, session } = await setUp();
    expect(session.status).toMatchObject({ state: 'ready', samId: sim.reader.samId.toString('hex').toUpperCase() });
    const read = next('card');
    sim.reader.placeCard(SAMPLE_CARDS.elder);
    const { record, readMs } = await read;
    expect(record).toMatchObject({
      cardType: 'resident',
      chineseName: '陈阿婆',
      sex: 'female',
      nation: '汉',
      birthDate: '1948-03-15',
      documentNumber: '440825194803150020',
      validTo: null,
      expired: false,
    });
    expect(readMs).toBeGreaterThan(0);
    // Many polls later the card still lies there and has not been read again.
    await pause(300);
    expect(count(events, 'card')).toBe(1);
    expect(count(events, 'cardRemoved')).toBe(0);

    const removed = next('cardRemoved');
    sim.reader.removeCard();
    await removed;
    const again = next('card');
    sim.reader.placeCard(SAMPLE_CARDS.elder);
    await again;
    expect(count(events, 'card')).toBe(2);
  });

  it('reads every card type into its typed record', async () => {
    const { sim, next } = await setUp();
    const expected = {
      resident: { cardType: 'resident', chineseName: '林志强', validTo: '2036-07-01' },
      hkMacauTaiwan: { cardType: 'hkMacauTaiwanResidence', passNumber: 'H12345678', issueCount: 1 },
      foreignOld: { cardType: 'foreignPermanentOld', englishName: 'SMITH, JOHN', nationality: 'USA' },
      foreign: { cardType: 'foreignPermanent', englishName: 'GARCIA LOPEZ, MARIA', sex: 'female' },
    } as const;
    for (const [name, fields] of Object.entries(expected)) {
      const read = next('card');
      sim.reader.placeCard(SAMPLE_CARDS[name as keyof typeof expected]);
      expect((await read).record).toMatchObject(fields);
      const removed = next('cardRemoved');
      sim.reader.removeCard();
      await removed;
    }
  });

  it('refuses a card whose ID number fails the check digit, once, and flags an expired card', async () => {
    const { sim, events, next } = await setUp();
    const refused = next('cardError');
    sim.reader.placeCard(SAMPLE_CARDS.badCheckDigit);
    expect(await refused).toMatchObject({ code: 'IDCARD_ID_NUMBER_INVALID' });
    expect((await refused).message).not.toContain('440825');
    await pause(200);
    expect(count(events, 'cardError')).toBe(1);
    expect(count(events, 'card')).toBe(0);

    const removed = next('cardRemoved');
    sim.reader.removeCard();
    await removed;
    const read = next('card');
    sim.reader.placeCard(SAMPLE_CARDS.expired);
    expect((await read).record).toMatchObject({ chineseName: '黄小明', validTo: '2020-03-15', expired: true });
  });

  it('rides out answers with checksum errors and still reads the card', async () => {
    const { sim, events, next } = await setUp();
    sim.faults.corruptReplies = 4;
    const read = next('card');
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    expect((await read).record.chineseName).toBe('林志强');
    expect(sim.faults.corruptReplies).toBe(0);
    expect(events.filter((e) => e.type === 'status' && e.status.state !== 'ready')).toEqual([]);
  });

  it('reads the card again when the long read answer itself arrives with a bad checksum', async () => {
    const { sim, events, next } = await setUp();
    sim.faults.onlyTheRead = true;
    sim.faults.corruptReplies = 1;
    const read = next('card');
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    expect((await read).record.chineseName).toBe('林志强');
    // The corrupted read and the one that succeeded.
    expect(sim.reader.readsAnswered).toBe(2);
    expect(count(events, 'cardError')).toBe(0);
  });

  it('recovers when the reader stops answering part-way through the read answer', async () => {
    const { sim, events, next } = await setUp();
    sim.faults.onlyTheRead = true;
    sim.faults.stallNextReply = true;
    const read = next('card');
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    expect((await read).record.chineseName).toBe('林志强');
    expect(sim.faults.stallNextReply).toBe(false);
    expect(sim.reader.readsAnswered).toBe(2);
    expect(events.filter((e) => e.type === 'status' && e.status.state !== 'ready')).toEqual([]);
  });

  it('says once that the reader refuses a card (unknown type, failed authentication) and reads the next card', async () => {
    const { sim, events, next } = await setUp();
    for (const [sw3, code] of [
      [0x40, 'IDCARD_UNKNOWN_CARD_TYPE'],
      [0x33, 'IDCARD_VERIFY_FAILED'],
    ] as const) {
      sim.reader.readStatus = sw3;
      const refused = next('cardError', (event) => event.code === code);
      sim.reader.placeCard(SAMPLE_CARDS.resident);
      await refused;
      const readsSoFar = sim.reader.readsAnswered;
      // The card stays on the reader: no new read and no second message while it lies there.
      await pause(300);
      expect(sim.reader.readsAnswered).toBe(readsSoFar);
      expect(events.filter((e) => e.type === 'cardError' && e.code === code)).toHaveLength(1);
      const removed = next('cardRemoved');
      sim.reader.removeCard();
      await removed;
    }
    sim.reader.readStatus = null;
    const read = next('card');
    sim.reader.placeCard(SAMPLE_CARDS.elder);
    expect((await read).record.chineseName).toBe('陈阿婆');
    expect(events.filter((e) => e.type === 'status' && e.status.state !== 'ready')).toEqual([]);
  });

  it('waits for a slow reader', async () => {
    const { sim, next } = await setUp({ responseTimeoutMs: 600 });
    sim.faults.replyDelayMs = 250;
    const read = next('card');
    sim.reader.placeCard(SAMPLE_CARDS.elder);
    expect((await read).record.chineseName).toBe('陈阿婆');
  });

  it('reports a card taken away between find and read, and during the read', async () => {
    const { sim, next } = await setUp();
    const early = next('cardError');
    sim.reader.removeAfterFind = true;
    sim.reader.placeCard(SAMPLE_CARDS.elder);
    expect(await early).toMatchObject({ code: 'IDCARD_CARD_LEFT' });

    const during = next('cardError');
    sim.reader.removeDuringRead = true;
    sim.reader.placeCard(SAMPLE_CARDS.elder);
    expect(await during).toMatchObject({ code: 'IDCARD_CARD_LEFT' });
    expect(sim.reader.hasCard).toBe(false);

    const read = next('card');
    sim.reader.placeCard(SAMPLE_CARDS.elder);
    await read;
  });

  it('drops a reader that has gone silent and takes it back when it answers again', async () => {
    const { sim, next } = await setUp();
    const lost = next('status', (event) => event.status.state === 'disconnected');
    sim.faults.mute = true;
    expect((await lost).status).toMatchObject({ code: 'IDCARD_TIMEOUT' });
    const back = next('status', (event) => event.status.state === 'ready');
    sim.faults.mute = false;
    await back;
    const read = next('card');
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    await read;
  });

  it('survives the port being pulled out during a read and carries on when it is plugged back in', async () => {
    const { sim, next, session, events } = await setUp({ responseTimeoutMs: 2000 });
    // Hold the read's answer back, so the cable is pulled while the read is in flight.
    sim.faults.onlyTheRead = true;
    sim.faults.replyDelayMs = 1000;
    const lost = next('status', (event) => event.status.state === 'disconnected');
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    while (sim.reader.readsAnswered === 0) await pause(10);
    await sim.unplug();
    expect((await lost).status.state).toBe('disconnected');
    expect(count(events, 'card')).toBe(0);
    await expect(session.readSamId()).rejects.toMatchObject({ code: 'IDCARD_NO_READER' });

    sim.faults.replyDelayMs = 0;
    const back = next('status', (event) => event.status.state === 'ready');
    await sim.replug();
    await back;
    const read = next('card');
    sim.reader.removeCard();
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    expect((await read).record.chineseName).toBe('林志强');
  });

  it('reads and resets the SAM for diagnostics', async () => {
    const { sim, session } = await setUp();
    expect(await session.readSamId()).toBe(sim.reader.samId.toString('hex').toUpperCase());
    await expect(session.resetSam()).resolves.toBeUndefined();
  });

  it('says plainly when there is no reader, or the port has something else on it', async () => {
    const missing = new ReaderSession({ connect: serialReader('/dev/no-such-reader', BAUD), reconnectIntervalMs: 50 });
    const seen: ReaderEvent[] = [];
    missing.subscribe((event) => seen.push(event));
    expect(missing.status).toEqual({ state: 'connecting' });
    missing.start();
    await pause(300);
    await missing.stop();
    const statuses = seen.flatMap((event) => (event.type === 'status' ? [event.status] : []));
    expect(statuses[0]).toMatchObject({ state: 'disconnected', code: 'IDCARD_NO_READER' });
    // One status per change: retrying every 50 ms does not flood listeners.
    expect(statuses.map((status) => status.state)).toEqual(['disconnected', 'stopped']);

    const sim = await startPtySimulator({ baudRate: BAUD });
    cleanups.push(() => sim.close());
    sim.faults.mute = true;
    const silent = new ReaderSession({ connect: serialReader(sim.path, BAUD), responseTimeoutMs: 100, retries: 0 });
    const disconnected = new Promise<ReaderEvent>((resolve) =>
      silent.subscribe((event) => event.type === 'status' && event.status.state === 'disconnected' && resolve(event)),
    );
    silent.start();
    expect(await disconnected).toMatchObject({
      status: { code: 'IDCARD_NO_READER', message: expect.stringContaining('answers like an ID card reader') },
    });
    await silent.stop();
  });
});
