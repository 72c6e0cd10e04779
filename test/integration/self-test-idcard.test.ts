// The ID card reader's self-test against the simulator on a real PTY: a reader with a card passes; no card,
// a mute or unplugged reader, a failed SAM module and an unusable card each fail with their own reason.
import { afterEach, describe, expect, it } from 'vitest';
import { idcardSelfTest } from '../../core/diagnostics/idcard-self-test.ts';
import { serialReader } from '../../drivers/idcard/connect.ts';
import { ReaderSession } from '../../drivers/idcard/session.ts';
import { startPtySimulator, type PtySimulator } from '../../drivers/idcard/simulator/pty-simulator.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function readerOnPty(): Promise<{ sim: PtySimulator; session: ReaderSession }> {
  const sim = await startPtySimulator({ baudRate: 115200 });
  cleanups.push(() => sim.close());
  const session = new ReaderSession({ connect: serialReader(sim.path, 115200), pollIntervalMs: 30 });
  session.start();
  cleanups.push(() => session.stop());
  return { sim, session };
}

const QUICK = { cardTimeoutMs: 1500, connectTimeoutMs: 5000, pollMs: 30 };

describe('ID card reader self-test', () => {
  it('passes with the SAM id and the card type, and nothing of the holder', async () => {
    const { sim, session } = await readerOnPty();
    sim.reader.placeCard(SAMPLE_CARDS.elder);
    const result = await idcardSelfTest(session, QUICK);
    expect(result).toMatchObject({ id: 'idcard', status: 'pass', code: 'OK' });
    expect(result.details).toEqual({ samId: '0512000020170101123456789ABCDEF0', cardType: 'resident', expired: false });
    expect(JSON.stringify(result)).not.toContain('陈阿婆');
  });

  it('passes for a card the running session has read already and that stays on the reader', async () => {
    const { sim, session } = await readerOnPty();
    const read = new Promise((resolve) => session.subscribe((event) => event.type === 'card' && resolve(event)));
    sim.reader.placeCard(SAMPLE_CARDS.resident);
    await read;
    expect(await idcardSelfTest(session, QUICK)).toMatchObject({ status: 'pass' });
  });

  it('fails with "no card placed" when the reader answers but no card comes', async () => {
    const { session } = await readerOnPty();
    const result = await idcardSelfTest(session, QUICK);
    expect(result).toMatchObject({ status: 'fail', code: 'IDCARD_NO_CARD' });
    expect(result.reason.zh).toContain('没有放卡');
    expect(result.details.samId).toBe('0512000020170101123456789ABCDEF0');
  });

  it('fails with "reader not responding" when the reader goes mute', async () => {
    const { sim, session } = await readerOnPty();
    await expect.poll(() => session.status.state).toBe('ready');
    sim.faults.mute = true;
    const result = await idcardSelfTest(session, QUICK);
    expect(result).toMatchObject({ status: 'fail', code: 'IDCARD_NOT_RESPONDING' });
    expect(result.reason).toEqual({ zh: '读卡器没有响应', en: 'The ID card reader does not respond' });
    expect(result.fix?.zh).toContain('数据线');
  });

  it('fails with "reader not responding" when the reader is unplugged', async () => {
    const { sim, session } = await readerOnPty();
    await expect.poll(() => session.status.state).toBe('ready');
    await sim.unplug();
    const result = await idcardSelfTest(session, { ...QUICK, connectTimeoutMs: 500 });
    expect(result).toMatchObject({ status: 'fail', code: 'IDCARD_NOT_RESPONDING' });
  });

  it('fails with a SAM fault when the security module fails its self-test', async () => {
    const { sim, session } = await readerOnPty();
    await expect.poll(() => session.status.state).toBe('ready');
    sim.reader.samFault = true;
    const result = await idcardSelfTest(session, QUICK);
    expect(result).toMatchObject({ status: 'fail', code: 'IDCARD_SAM_SELF_TEST_FAILED' });
    expect(result.reason.zh).toContain('安全模块');
  });

  it('fails when the card on the reader cannot be used (bad check digit)', async () => {
    const { sim, session } = await readerOnPty();
    sim.reader.placeCard(SAMPLE_CARDS.badCheckDigit);
    const result = await idcardSelfTest(session, QUICK);
    expect(result).toMatchObject({ status: 'fail', code: 'IDCARD_ID_NUMBER_INVALID' });
  });

  it('is skipped on a kiosk without a reader', async () => {
    expect(await idcardSelfTest(null)).toMatchObject({ status: 'skipped', code: 'NOT_CONFIGURED' });
  });
});
