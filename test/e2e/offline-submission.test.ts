/// <reference lib="dom" />
// A submission made offline in Chromium: the villager applies while the hub is down and gets an acceptance
// number at once (the application is committed to the kiosk's outbox); the hub comes up, the outbox is delivered,
// staff ask for more papers, and the villager's 我的办件 shows it — with no restart of the kiosk.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../hub/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { openKioskPage } from '../helpers/kiosk-page.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { openTestHubDatabase, startTestHub } from '../helpers/test-hub.ts';
import { useTempDir } from '../helpers/temp.ts';
import { applyByHand as applyAs } from '../helpers/apply-steps.ts';

const tempDir = useTempDir('kiosk-offline-e2e-');
const TOKEN = 'staff-token';
const ID_NUMBER = '440825194803150020';
const applyByHand = (page: Page) => applyAs(page, ID_NUMBER);
let browser: Browser;
let kiosk: RunningKiosk;
let hub: Hub | null = null;
let hubUrl: string;
const hubDir = tempDir();

const bootHub = () =>
  startTestHub({
    dataDir: hubDir,
    port: Number(new URL(hubUrl).port),
    staffTokens: [TOKEN],
    trustedKeys: [],
    log: silentLogger(),
  });

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  // Learn a free port for the hub, then leave it down: the kiosk starts offline.
  const probe = await startHub({ dataDir: tempDir(), staffTokens: [TOKEN], trustedKeys: [], log: silentLogger() });
  hubUrl = probe.url;
  await probe.close();
  kiosk = await startKiosk(tempDir(), { catalogue: { hubUrl, pollSeconds: 3600 } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await hub?.close();
});

describe('an application made offline', () => {
  it('gets its acceptance number at once, reaches the hub later, and shows the status staff set', async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    await applyByHand(page);

    const number = page.getByTestId('acceptance-number');
    await number.waitFor();
    const acceptanceNumber = (await number.textContent()) ?? '';
    expect(acceptanceNumber).toMatch(/^XW-DEMO-001-\d{8}-0001$/);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'submission-offline-done.png') });
    expect(kiosk.core.outbox.summary()).toMatchObject({ pending: 1, acknowledged: 0 });

    // 好差评 right after the service finished: a bad rating asks why with taps, and is queued like a submission.
    await page.getByTestId('done-next').tap();
    const rating = page.getByTestId('rating-screen');
    await rating.getByRole('button', { name: '不满意', exact: true }).tap();
    await rating.getByRole('button', { name: '等待时间长' }).tap();
    await page.getByTestId('rating-send').tap();
    await page.getByTestId('rating-thanks').waitFor();
    expect(kiosk.core.outbox.summary()).toMatchObject({ pending: 2 });

    // Offline, 我的办件 shows what this kiosk holds, and says so.
    await page.getByTestId('rating-home').tap();
    await page.getByTestId('my-submissions-entry').tap();
    await page.getByTestId('mine-id-input').fill(ID_NUMBER);
    await page.getByTestId('mine-look-up').tap();
    const list = page.getByTestId('mine-list');
    await list.waitFor();
    expect(await list.getAttribute('data-source')).toBe('local');
    expect(await page.getByTestId('mine-item').textContent()).toContain(acceptanceNumber);
    expect(await page.getByTestId('mine-status').textContent()).toContain('等待发送');

    // The hub comes up: enrol this kiosk's key, deliver (as the worker does on its next round), set a status.
    hub = await bootHub();
    const staff = (method: string, route: string, body?: unknown) =>
      fetch(new URL(route, hubUrl), {
        method,
        headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    expect(
      (
        await staff('POST', '/v1/kiosks', {
          kioskCode: 'XW-DEMO-001',
          regionCode: '440825100201',
          publicKey: kiosk.core.devicePublicKey,
        })
      ).status,
    ).toBe(201);
    expect(await kiosk.core.sync!.syncNow()).toMatchObject({ ok: true, acknowledged: 2 });
    const hubDb = await openTestHubDatabase(hubDir);
    expect(
      await hubDb.query('SELECT level_gbt, level_provincial, comment, rated_acceptance_number FROM ratings'),
    ).toEqual([
      { level_gbt: 4, level_provincial: 2, comment: '等待时间长', rated_acceptance_number: acceptanceNumber },
    ]);
    await hubDb.close();
    const [caseRow] = (await (await staff('GET', '/v1/cases')).json()) as {
      caseId: string;
      acceptanceNumber: string;
    }[];
    expect(caseRow?.acceptanceNumber).toBe(acceptanceNumber);
    expect(
      (await staff('POST', `/v1/cases/${caseRow!.caseId}/status`, { status: 'needs-materials', missing: ['收入证明'] }))
        .status,
    ).toBe(200);
    await kiosk.core.sync!.syncNow();

    await page.getByTestId('my-submissions').getByRole('button', { name: '返回首页' }).tap();
    await page.getByTestId('my-submissions-entry').tap();
    await page.getByTestId('mine-id-input').fill(ID_NUMBER);
    await page.getByTestId('mine-look-up').tap();
    await page.getByTestId('mine-list').waitFor();
    expect(await page.getByTestId('mine-list').getAttribute('data-source')).toBe('hub');
    expect(await page.getByTestId('mine-status').textContent()).toBe('需补充材料');
    expect(await page.getByTestId('mine-item').textContent()).toContain('还需要补充：收入证明');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'submission-status-needs-materials.png') });
    // The ID number is nowhere on the page once looked up.
    expect(await page.evaluate(() => document.body.innerText)).not.toContain(ID_NUMBER);
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('refuses the application in plain words when the kiosk cannot store it, and claims nothing', async () => {
    const before = kiosk.core.outbox.summary();
    // Storage that refuses writes. A real full disk (SQLITE_FULL) takes the same path; test/integration/outbox.test.ts
    // produces one with a file that may not grow.
    const db = kiosk.core.outboxDb;
    db.pragma('query_only = ON');
    try {
      const page = await openKioskPage(browser, kiosk.host.url);
      await applyByHand(page);
      const failed = page.getByTestId('submission-failed');
      await failed.waitFor();
      expect(await failed.textContent()).toContain('本机现在不能保存您的申请，这次没有提交');
      expect(await failed.textContent()).toContain('带上身份证到服务窗口办理');
      expect(await page.getByTestId('acceptance-number').count()).toBe(0);
      expect(await page.getByTestId('done-next').count()).toBe(0);
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'submission-disk-full.png') });
      // No dead end: home is one tap away.
      await page.getByTestId('apply-done').getByRole('button', { name: '返回首页' }).tap();
      await page.getByTestId('category-tile').first().waitFor();
      // Chromium logs the refused call's status; nothing else went wrong.
      expect(page.problems).toEqual([expect.stringContaining('503 (Service Unavailable)')]);
      await page.close();
    } finally {
      db.pragma('query_only = OFF');
    }
    expect(kiosk.core.outbox.summary()).toEqual(before);
  });
});
