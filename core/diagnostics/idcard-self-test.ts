// The ID card reader's self-test: the reader answers with its SAM id, then reads the technician's test card
// within a time limit. It tells apart a reader that does not answer (cable, power, wrong port), a faulty SAM
// module (the reader answers but its security module does not), no card laid down, and a card it cannot read.
import { setTimeout as sleep } from 'node:timers/promises';
import { IdCardError, isTransient } from '../../drivers/idcard/errors.ts';
import type { ReaderSession, ReaderStatus } from '../../drivers/idcard/session.ts';
import type { SelfTestResult } from '../protocol/diagnostics.ts';
import { fail, pass, skipped } from './result.ts';

export interface IdCardSelfTestOptions {
  /** How long the technician has to lay the test card down. */
  cardTimeoutMs?: number;
  /** How long a reader that is (re)connecting may take to answer. */
  connectTimeoutMs?: number;
  pollMs?: number;
}

const NOT_RESPONDING = {
  reason: { zh: '读卡器没有响应', en: 'The ID card reader does not respond' },
  fix: {
    zh: '检查读卡器的数据线和电源，确认配置的端口正确，然后再试',
    en: 'Check the reader’s cable and power and that the configured port is right, then try again',
  },
};
const SAM_FAULT = {
  reason: { zh: '读卡器的安全模块(SAM)故障', en: 'The reader’s security module (SAM) has failed' },
  fix: {
    zh: '重新插拔读卡器电源；仍失败请联系厂家更换SAM模块或读卡器',
    en: 'Power the reader off and on; if it still fails, have the vendor replace the SAM module or the reader',
  },
};

function isSamProblem(code: string): boolean {
  return code.startsWith('IDCARD_SAM_') || code === 'IDCARD_UNAUTHORISED';
}

/** A reader that fails before any card: its SAM, or the reader itself (timeout, unplugged, wrong port). */
function readerFault(code: string, message: string): SelfTestResult {
  if (isSamProblem(code)) return fail('idcard', code, SAM_FAULT.reason, SAM_FAULT.fix, { detail: message });
  const details = { driverCode: code, detail: message };
  return fail('idcard', 'IDCARD_NOT_RESPONDING', NOT_RESPONDING.reason, NOT_RESPONDING.fix, details);
}

/** Waits until the session is ready, or gives its last status when the time is up. */
async function settledStatus(reader: ReaderSession, timeoutMs: number, pollMs: number): Promise<ReaderStatus> {
  const giveUpAt = Date.now() + timeoutMs;
  while (reader.status.state !== 'ready' && Date.now() < giveUpAt) await sleep(pollMs);
  return reader.status;
}

export async function idcardSelfTest(
  reader: ReaderSession | null,
  options: IdCardSelfTestOptions = {},
): Promise<SelfTestResult> {
  if (!reader) return skipped('idcard', { zh: '本机未配置身份证读卡器', en: 'This kiosk has no ID card reader' });
  const pollMs = options.pollMs ?? 250;
  const status = await settledStatus(reader, options.connectTimeoutMs ?? 5000, pollMs);
  if (status.state !== 'ready') {
    const code = status.state === 'disconnected' ? status.code : 'IDCARD_NO_READER';
    return readerFault(code, status.state === 'disconnected' ? status.message : status.state);
  }
  let samId: string;
  try {
    samId = await reader.readSamId();
  } catch (error) {
    const code = error instanceof IdCardError ? error.code : 'IDCARD_NO_READER';
    return readerFault(code, (error as Error).message);
  }

  const cardTimeoutMs = options.cardTimeoutMs ?? 10_000;
  const giveUpAt = Date.now() + cardTimeoutMs;
  while (Date.now() < giveUpAt) {
    try {
      const card = await reader.readCardNow();
      if (card?.ok) {
        // The card type and expiry only: the holder's data never leaves the reader session.
        return pass(
          'idcard',
          { zh: '读卡器正常，已读出测试卡', en: 'The reader works and read the test card' },
          { samId, cardType: card.record.cardType, expired: card.record.expired },
        );
      }
      if (card) {
        return fail(
          'idcard',
          card.code,
          { zh: '卡片已放上，但内容无法识别', en: 'A card is on the reader but its content cannot be used' },
          {
            zh: '换一张有效的第二代身份证再试；所有卡都读不出请联系厂家',
            en: 'Try another valid second-generation ID card; if none reads, contact the vendor',
          },
          { samId },
        );
      }
    } catch (error) {
      // A card being laid down or moved gives noisy reads: try again until the time is up.
      if (!isTransient(error)) {
        const code = error instanceof IdCardError ? error.code : 'IDCARD_NO_READER';
        return readerFault(code, (error as Error).message);
      }
    }
    await sleep(pollMs);
  }
  return fail(
    'idcard',
    'IDCARD_NO_CARD',
    {
      zh: `读卡器正常，但 ${Math.round(cardTimeoutMs / 1000)} 秒内没有放卡`,
      en: `The reader answers, but no card was laid on it within ${Math.round(cardTimeoutMs / 1000)} s`,
    },
    {
      zh: '把测试身份证平放在读卡区上，再点运行',
      en: 'Lay a test ID card flat on the reader, then run the test again',
    },
    { samId },
  );
}
