// The end of the apply flow as plain functions (renderer/src/apply/submission.ts, rating.ts, china-time.ts): what
// goes into submitApplication, what the screen is told for each answer, the 好差评 levels and comment, and the
// times shown in China time.
import { describe, expect, it } from 'vitest';
import { methodInputs, type KioskInput, type KioskMethod } from '../../core/api/contract.ts';
import { ApiError, type KioskClient } from '../../renderer/src/api/client.ts';
import type { ApplicantDetails } from '../../renderer/src/apply/application.ts';
import { isBadRating, ratingComment, RATING_LEVELS, RATING_REASONS } from '../../renderer/src/apply/rating.ts';
import {
  applicationInput,
  base64OfBytes,
  FACE_CONSENT_DOCUMENT,
  sendApplication,
  type ApplicationParts,
} from '../../renderer/src/apply/submission.ts';
import { chinaDateTime, chinaDay } from '../../renderer/src/china-time.ts';
import { translate } from '../../renderer/src/i18n.ts';

const APPLICANT: ApplicantDetails = {
  name: '陈阿婆',
  sex: 'female',
  birthDate: '1948-03-15',
  idNumber: '440825194803150020',
  address: '广东省湛江市徐闻县下桥镇示范村委会东村12号',
  phone: '13800138000',
};

const PARTS: ApplicationParts = {
  serviceId: 'legal-aid-wages',
  applicant: APPLICANT,
  usedCard: true,
  consents: [{ document: FACE_CONSENT_DOCUMENT, agreed: false }],
  requestId: '0193a4f0-5c2e-7a31-9b4d-2f6e8c1a7d90',
};

/** A client that records calls and answers submitApplication as told. */
function fakeClient(answer: () => Promise<unknown>): { client: KioskClient; calls: [string, unknown][] } {
  const calls: [string, unknown][] = [];
  const client = {
    call: async <M extends KioskMethod>(method: M, input: KioskInput<M>) => {
      calls.push([method, input]);
      return answer();
    },
    subscribe: () => () => undefined,
  } as unknown as KioskClient;
  return { client, calls };
}

const jpeg = (bytes: number[]) => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });

describe('the application handed to submitApplication', () => {
  it('carries the checked details, where they came from, each photo’s material and the consents', () => {
    const input = applicationInput(PARTS, ['身份证', '劳动合同']);
    expect(input).toEqual({
      serviceId: 'legal-aid-wages',
      applicant: APPLICANT,
      fields: { applicantSource: 'idcard', photo1: '身份证', photo2: '劳动合同' },
      consents: [{ document: 'face-photo-consent-v1', agreed: false }],
      requestId: '0193a4f0-5c2e-7a31-9b4d-2f6e8c1a7d90',
    });
    expect(applicationInput({ ...PARTS, usedCard: false }, []).fields).toEqual({ applicantSource: 'typed' });
    // The back end's own schema accepts it.
    expect(methodInputs.submitApplication.safeParse(input).success).toBe(true);
  });

  it('encodes photo bytes as base64 in chunks, even for photos far larger than one chunk', () => {
    expect(base64OfBytes(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('/9j/4A==');
    const big = new Uint8Array(300_000).map((_, i) => i % 251);
    expect(base64OfBytes(big)).toBe(Buffer.from(big).toString('base64'));
  });

  it('says "submitted" with the number and time only from the back end’s answer, photos as JPEG attachments', async () => {
    const receipt = { acceptanceNumber: 'XW-DEMO-001-20261122-0001', submittedAt: '2026-11-22T10:48:21.000Z' };
    const { client, calls } = fakeClient(async () => receipt);
    const state = await sendApplication(client, PARTS, [{ material: '身份证', blob: jpeg([0xff, 0xd8, 0xff]) }]);
    expect(state).toEqual({ status: 'submitted', ...receipt });
    expect(calls).toHaveLength(1);
    const [method, input] = calls[0]!;
    expect(method).toBe('submitApplication');
    expect(input).toMatchObject({
      fields: { applicantSource: 'idcard', photo1: '身份证' },
      attachments: [{ kind: 'document-photo', contentType: 'image/jpeg', dataBase64: '/9j/' }],
    });
    expect(methodInputs.submitApplication.safeParse(input).success).toBe(true);
  });

  it('sends no attachments field without photos', async () => {
    const { client, calls } = fakeClient(async () => ({ acceptanceNumber: 'A-1', submittedAt: '' }));
    await sendApplication(client, PARTS, []);
    expect(calls[0]![1]).not.toHaveProperty('attachments');
  });

  it('turns a refusal into its error code, and anything else into INTERNAL, without throwing', async () => {
    const full = fakeClient(async () => {
      throw new ApiError('OUTBOX_UNAVAILABLE', 'disk full');
    });
    expect(await sendApplication(full.client, PARTS, [])).toEqual({ status: 'failed', code: 'OUTBOX_UNAVAILABLE' });
    const broken = fakeClient(async () => {
      throw new TypeError('network');
    });
    expect(await sendApplication(broken.client, PARTS, [])).toEqual({ status: 'failed', code: 'INTERNAL' });
  });
});

describe('好差评 levels and reasons', () => {
  it('uses the GB/T 39046 coding: 1 非常满意 … 5 非常不满意, and 4 and 5 are bad reviews', () => {
    expect(RATING_LEVELS.map((level) => translate('zh-CN', `rate.${level}`))).toEqual([
      '非常满意',
      '满意',
      '基本满意',
      '不满意',
      '非常不满意',
    ]);
    expect(RATING_LEVELS.filter(isBadRating)).toEqual([4, 5]);
  });

  it('puts the chosen reasons into the comment in Chinese, in the order shown, whatever order they were tapped', () => {
    expect(ratingComment([])).toBe('');
    expect(ratingComment(['rate.reason.other', 'rate.reason.wait'])).toBe('等待时间长、其他');
    expect(ratingComment(RATING_REASONS)).toBe('等待时间长、操作太难、看不懂、设备故障、其他');
    expect(RATING_REASONS.map((key) => translate('en', key))).toEqual([
      'Long wait',
      'Too hard to use',
      'Hard to understand',
      'The machine failed',
      'Something else',
    ]);
  });
});

describe('times in China time', () => {
  it('shows a UTC time in Asia/Shanghai, crossing midnight into the next day', () => {
    expect(chinaDateTime('2026-11-22T10:48:21.000Z', 'zh-CN')).toBe('2026年11月22日 18:48');
    expect(chinaDay('2026-11-22T20:00:00.000Z', 'zh-CN')).toBe('2026年11月23日');
    expect(chinaDay('2026-11-22T20:00:00.000Z', 'en')).toBe('23 November 2026');
    expect(chinaDateTime('2026-11-22T10:48:21.000Z', 'en')).toContain('18:48');
  });

  it('shows anything unreadable as it is', () => {
    expect(chinaDay('soon', 'zh-CN')).toBe('soon');
  });
});
