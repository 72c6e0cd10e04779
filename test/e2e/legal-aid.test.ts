/// <reference lib="dom" />
// The legal services end to end in Chromium, each ending with its acceptance number and what reached the outbox:
// 法律援助 under the hardship test (the test explained, the figures asked, three papers ticked and signed with a
// finger, going back and changing an answer from the review page without losing anything), 法律援助 for a
// migrant worker who cannot write (two papers, a fingerprint at the window instead of a signature), 公证预约 with a
// slot from the catalogue's schedule and the free will for a 78-year-old, 远程视频会见预约, 人民调解, 行政复议 and
// 法律咨询's call-back.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPtySimulator, type PtySimulator } from '../../drivers/idcard/simulator/pty-simulator.ts';
import { SAMPLE_CARDS } from '../../drivers/idcard/simulator/sample-cards.ts';
import { signDeclarations, submitReview } from '../helpers/apply-steps.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('legal-aid-e2e-');
let browser: Browser;
let kiosk: RunningKiosk;
let cardSim: PtySimulator;
const pages: KioskPage[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  cardSim = await startPtySimulator({ baudRate: 115200 });
  kiosk = await startKiosk(tempDir(), { idcardPath: cardSim.path });
  browser = await launchChromium();
});

afterEach(async () => {
  cardSim.reader.removeCard();
  for (const page of pages.splice(0)) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await cardSim?.close();
});

const shot = (page: KioskPage, name: string) => page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });

async function open(): Promise<KioskPage> {
  const page = await openKioskPage(browser, kiosk.host.url);
  pages.push(page);
  await page.getByTestId('category-tile').first().waitFor();
  return page;
}

/** Home → a category → the service with this title → 开始办理. */
async function startService(page: KioskPage, category: string, title: string): Promise<void> {
  await page.getByTestId('category-tile').filter({ hasText: category }).first().tap();
  await page.getByTestId('service-item').filter({ hasText: title }).first().tap();
  await page.getByTestId('apply-button').tap();
}

/** The elder card on the reader → the form filled from it → the phone typed → confirmed. */
async function identifyWithCard(page: KioskPage): Promise<void> {
  await page.locator('[data-testid="identify-screen"][data-reader="ready"]').waitFor();
  cardSim.reader.placeCard(SAMPLE_CARDS.elder);
  await page.getByTestId('application-form').waitFor();
  cardSim.reader.removeCard();
  await page.getByTestId('form-phone').fill('13800138000');
  await page.getByTestId('form-confirm').tap();
}

async function choose(page: KioskPage, field: string, option: string): Promise<void> {
  await page.getByTestId(`case-${field}`).locator('label.choice').filter({ hasText: option }).tap();
}

/** No photos, no face photo, then the review; returns the acceptance number after submitting. */
async function finishFromDocuments(page: KioskPage): Promise<string> {
  await page.getByTestId('documents-skip').tap();
  await page.getByTestId('face-decline').tap();
  await page.getByTestId('review-screen').waitFor();
  await submitReview(page);
  const number = page.getByTestId('acceptance-number');
  await number.waitFor();
  return (await number.textContent()) ?? '';
}

function storedApplication(acceptanceNumber: string) {
  const entry = kiosk.core.outbox.due(1000).find((submission) => submission.acceptanceNumber === acceptanceNumber);
  if (!entry || entry.payload.kind !== 'application') throw new Error(`${acceptanceNumber} is not in the outbox`);
  const bytes = new Map(kiosk.core.outbox.attachmentsToUpload([entry.id]).map((file) => [file.sha256, file.data]));
  const attachments = entry.payload.attachments.map((ref) => ({ ...ref, data: bytes.get(ref.sha256)! }));
  return { ...entry.payload, attachments };
}

describe('法律援助', () => {
  it('explains the hardship test, asks the figures, has three papers signed, and keeps every answer on the way back', async () => {
    const page = await open();
    await startService(page, '法律援助', '法律援助申请');
    await page.getByTestId('eligibility-screen').waitFor();
    expect(await page.locator('.apply-step').textContent()).toBe('第 1 步，共 9 步');
    await page.getByTestId('eligibility-group').filter({ hasText: '以上都不是' }).tap();
    expect(await page.getByTestId('eligibility-answer').textContent()).toContain('城镇居民人均可支配收入的一半');
    await page.getByTestId('eligibility-continue').tap();
    await identifyWithCard(page);

    // The case questions, with the hardship figures; problems in words until they are right.
    const form = page.getByTestId('case-form');
    await form.waitFor();
    await page.getByTestId('case-confirm').tap();
    expect(await page.getByTestId('case-problems').textContent()).toMatch(/还有 \d+ 项需要改一下/);
    await choose(page, 'disputeType', '劳动争议');
    await choose(page, 'role', '要求对方赔偿');
    await choose(page, 'aidType', '请律师打官司');
    await page.getByTestId('case-otherParty').fill('徐闻县某建筑公司');
    await page.getByTestId('case-facts').fill('2026年在工地干了五个月，老板拖欠工资一万二千元。');
    await page.getByTestId('case-householdSize').fill('四口人');
    await choose(page, 'valuableProperty', '没有');
    await page.getByTestId('case-householdIncome').fill('2400');
    await page.getByTestId('case-confirm').tap();
    expect(await page.getByTestId('case-householdSize-problem').textContent()).toContain('请只填数字');
    await page.getByTestId('case-householdSize').fill('4');
    await shot(page, 'legal-aid-case');
    await page.getByTestId('case-confirm').tap();

    // Three papers under the hardship test; nothing goes on until each is ticked and the box is signed.
    await page.getByTestId('declarations-screen').waitFor();
    expect(await page.getByTestId('declaration').locator('h3').allTextContents()).toEqual([
      '告知承诺书',
      '经济困难状况说明表',
      '核查授权书',
    ]);
    await page.getByTestId('declarations-confirm').tap();
    expect(await page.getByTestId('declarations-screen').textContent()).toContain('请先在每份材料后面打勾');
    // 上一步 and forward again: the case answers are all still there.
    await page.getByTestId('flow-back').tap();
    expect(await page.getByTestId('case-otherParty').inputValue()).toBe('徐闻县某建筑公司');
    expect(await page.getByTestId('case-householdIncome').inputValue()).toBe('2400');
    await page.getByTestId('case-confirm').tap();
    await shot(page, 'legal-aid-declarations');
    await signDeclarations(page);

    // The review lists everything; 修改 goes back to the answers and returns straight to the review.
    await page.getByTestId('documents-skip').tap();
    await page.getByTestId('face-decline').tap();
    await page.getByTestId('review-screen').waitFor();
    expect(await page.getByTestId('review-details').textContent()).toContain('440825********0020');
    expect(await page.getByTestId('review-answer-otherParty').textContent()).toBe('徐闻县某建筑公司');
    expect(await page.getByTestId('review-declarations').textContent()).toContain('已签名');
    await shot(page, 'legal-aid-review');
    await page.getByTestId('review-change-case').tap();
    await page.getByTestId('case-otherParty').fill('徐闻县某建筑工程有限公司');
    await page.getByTestId('case-confirm').tap();
    await page.getByTestId('review-screen').waitFor();
    expect(await page.getByTestId('review-answer-otherParty').textContent()).toBe('徐闻县某建筑工程有限公司');
    await submitReview(page);
    const number = page.getByTestId('acceptance-number');
    await number.waitFor();

    const stored = storedApplication((await number.textContent()) ?? '');
    expect(stored.fields).toMatchObject({
      eligibility: '以上都不是',
      disputeType: '劳动争议（欠薪、工伤）',
      otherParty: '徐闻县某建筑工程有限公司',
      householdSize: '4',
      householdIncome: '2400',
      valuableProperty: '没有',
    });
    expect(stored.consents.map((consent) => consent.document)).toEqual([
      'face-photo-consent-v1',
      'legal-aid-promise-v1',
      'legal-aid-hardship-statement-v1',
      'legal-aid-verification-consent-v1',
    ]);
    const signature = stored.attachments.find((file) => file.kind === 'signature');
    expect(signature?.contentType).toBe('image/png');
    expect(signature!.data.subarray(1, 4).toString()).toBe('PNG');
    expect(page.problems).toEqual([]);
  });

  it('takes a migrant worker’s application with two papers and a fingerprint at the window instead of a signature', async () => {
    const page = await open();
    await startService(page, '法律援助', '农民工讨薪');
    await page.getByTestId('eligibility-group').filter({ hasText: '农民工' }).tap();
    expect(await page.getByTestId('eligibility-answer').textContent()).toContain('不用审查经济困难');
    await page.getByTestId('eligibility-continue').tap();
    await identifyWithCard(page);
    await choose(page, 'disputeType', '劳动争议');
    await choose(page, 'role', '要求对方赔偿');
    await choose(page, 'aidType', '还不清楚');
    await page.getByTestId('case-otherParty').fill('包工头李某');
    await page.getByTestId('case-facts').fill('拖欠三个月工资。');
    expect(await page.getByTestId('case-householdIncome').count()).toBe(0);
    await page.getByTestId('case-confirm').tap();
    expect(await page.getByTestId('declaration').count()).toBe(2);
    for (const box of await page.getByTestId('declaration-agree').all()) await box.check();
    await page.getByTestId('declarations-confirm').tap();
    expect(await page.getByTestId('declarations-screen').textContent()).toContain('请在框里签名，或者点“我不会写字”');
    await page.getByTestId('cannot-write').check();
    expect(await page.getByTestId('fingerprint-note').textContent()).toContain('按手印');
    await page.getByTestId('declarations-confirm').tap();
    const stored = storedApplication(await finishFromDocuments(page));
    expect(stored.fields.eligibility).toBe('农民工讨要工资或工伤赔偿');
    expect(stored.consents.map((consent) => consent.document)).toContain('legal-aid-fingerprint-at-window-v1');
    expect(stored.attachments.filter((file) => file.kind === 'signature')).toEqual([]);
  });
});

describe('the other legal services', () => {
  it('books a will notarisation in a slot from the schedule, free at 78', async () => {
    const page = await open();
    await startService(page, '公证预约', '遗嘱公证');
    await identifyWithCard(page);
    await page.getByTestId('case-form').waitFor();
    expect(await page.getByTestId('free-will').textContent()).toContain('免收公证费');
    const slots = page.getByTestId('case-slot').locator('label.choice');
    expect(await slots.count()).toBeGreaterThan(4);
    const first = (await slots.first().textContent()) ?? '';
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2} 09:00-10:00$/);
    await shot(page, 'notary-slots');
    await slots.first().tap();
    await page.getByTestId('case-confirm').tap();
    const stored = storedApplication(await finishFromDocuments(page));
    expect(stored.fields.slot).toBe(first);
  });

  it('books a video visit, asks for mediation, for administrative reconsideration and for a lawyer’s call-back', async () => {
    const cases: { category: string; title: string; fill: (page: KioskPage) => Promise<void>; expect: object }[] = [
      {
        category: '远程视频会见预约',
        title: '监狱',
        fill: async (page) => {
          await page.getByTestId('case-inmateName').fill('陈大明');
          await page.getByTestId('case-institution').fill('广东省湛江监狱');
          await choose(page, 'relationship', '子女');
          await page.getByTestId('case-slot').locator('label.choice').nth(1).tap();
        },
        expect: {
          inmateName: '陈大明',
          relationship: '子女',
          slot: expect.stringMatching(/ 09:30-10:00$|10:30-11:00$/),
        },
      },
      {
        category: '人民调解',
        title: '人民调解申请',
        fill: async (page) => {
          await choose(page, 'disputeType', '邻里纠纷');
          await page.getByTestId('case-otherParty').fill('邻居黄某');
          await page.getByTestId('case-facts').fill('宅基地边界的围墙有争议。');
          await choose(page, 'preferredTime', '周末');
        },
        expect: { disputeType: '邻里纠纷', otherParty: '邻居黄某', preferredTime: '周末' },
      },
      {
        category: '行政复议',
        title: '行政复议申请',
        fill: async (page) => {
          await page.getByTestId('case-respondent').fill('某镇人民政府');
          await page.getByTestId('case-decision').fill('责令拆除决定书');
          await page.getByTestId('case-decisionDate').fill('2099-01-01');
          await choose(page, 'request', '撤销');
          await page.getByTestId('case-facts').fill('房子是合法建的。');
          await page.getByTestId('case-confirm').tap();
          expect(await page.getByTestId('case-decisionDate-problem').textContent()).toContain('这个日期还没到');
          await page.getByTestId('case-decisionDate').fill('2026-10-08');
        },
        expect: { respondent: '某镇人民政府', decisionDate: '2026-10-08', request: '撤销这个决定' },
      },
      {
        category: '法律咨询',
        title: '婚姻家庭',
        fill: async (page) => {
          await page.getByTestId('case-question').fill('离婚后孩子的抚养费怎么算？');
          await choose(page, 'callbackTime', '工作日上午');
        },
        expect: { question: '离婚后孩子的抚养费怎么算？', callbackTime: '工作日上午' },
      },
    ];
    for (const service of cases) {
      const page = await open();
      await startService(page, service.category, service.title);
      if (service.category === '法律咨询') {
        // The common questions first, each answer shown when tapped; then the call-back.
        await page.getByTestId('consult-question').first().tap();
        expect((await page.getByTestId('consult-answer').textContent())?.length).toBeGreaterThan(10);
        expect(await page.getByTestId('consultation-screen').textContent()).toContain('12348');
        await page.getByTestId('consult-callback').tap();
      }
      await identifyWithCard(page);
      await page.getByTestId('case-form').waitFor();
      await service.fill(page);
      await page.getByTestId('case-confirm').tap();
      const stored = storedApplication(await finishFromDocuments(page));
      expect(stored.fields, service.category).toMatchObject(service.expect);
      await page.close();
    }
  });
});
