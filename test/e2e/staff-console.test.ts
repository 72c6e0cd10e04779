/// <reference lib="dom" />
// The staff console in real Chromium against a real hub on 127.0.0.1, with a real kiosk core (browser host)
// enrolled at that hub. Each role signs in and sees only its areas: a case worker works the villager's
// application to 已办结 and the villager sees it at the kiosk under 我的办件; a fleet admin sees the kiosk and
// issues and revokes an enrolment token; a catalogue editor rolls a published version out to the kiosk's county
// and the running kiosk installs it, then rolls back to the version before, which the kiosk installs as the next
// version. The console runs under its strict CSP with no violation or page error.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueSchema, type Catalogue } from '../../core/catalogue/schema.ts';
import { CatalogueStore } from '../../core/catalogue/store.ts';
import { HubStaffClient } from '../../core/cli/catalogue-publish.ts';
import type { Hub } from '../../hub/server.ts';
import { applyByHand } from '../helpers/apply-steps.ts';
import { launchChromium } from '../helpers/browser.ts';
import { makeItem } from '../helpers/catalogue-fixture.ts';
import { fullBundle, signingKey } from '../helpers/catalogue-kiosk.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { openKioskPage } from '../helpers/kiosk-page.ts';
import { ARTIFACTS_DIR, ROOT_DIR, SAMPLE_CATALOGUE } from '../helpers/paths.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { addStaffAccounts, STAFF_PASSWORD } from '../helpers/staff-console.ts';
import { startTestHub } from '../helpers/test-hub.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('staff-console-e2e-');
const TOKEN = 'staff-bearer-token-for-publishing';
const ID_NUMBER = '440825194803150020';
const catalogueKey = signingKey('gd-2026-1');
/** The hub's own key, which the console's catalogue editor signs with. */
const hubKey = signingKey('gd-hub-2026-1');
const sample = catalogueSchema.parse(JSON.parse(readFileSync(SAMPLE_CATALOGUE, 'utf8')));

let browser: Browser;
let hub: Hub;
let kiosk: RunningKiosk;

interface ConsolePage extends Page {
  problems: string[];
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const consoleDir = path.join(ROOT_DIR, 'dist', 'staff-console');
  const hubDir = tempDir();
  await addStaffAccounts(hubDir, { wang: ['case_worker'], li: ['fleet_admin'], zhao: ['catalogue_editor'] });
  hub = await startTestHub({
    dataDir: hubDir,
    staffTokens: [TOKEN],
    trustedKeys: [catalogueKey.trusted, hubKey.trusted],
    log: silentLogger(),
    consoleDir,
    catalogueKey: { keyId: hubKey.trusted.keyId, privateKey: hubKey.privateKey },
  });
  kiosk = await startKiosk(tempDir(), {
    catalogue: { hubUrl: hub.url, pollSeconds: 1, trustedKeys: [catalogueKey.trusted, hubKey.trusted] },
  });
  // Enrol the kiosk's device key, as provisioning does.
  const enrolled = await fetch(`${hub.url}/v1/kiosks`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      kioskCode: 'XW-DEMO-001',
      regionCode: '440825100201',
      publicKey: kiosk.core.devicePublicKey,
    }),
  });
  expect(enrolled.status).toBe(201);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await hub?.close();
});

/** A desktop page on the console, recording page errors, console errors and CSP violations. */
async function openConsole(): Promise<ConsolePage> {
  const page = (await browser.newPage({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })) as ConsolePage;
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`${message.text()} ${message.location().url}`);
  });
  await page.goto(`${hub.url}/console/`);
  return page;
}

async function signIn(page: Page, name: string, password = STAFF_PASSWORD): Promise<void> {
  const form = page.getByTestId('sign-in');
  await form.getByLabel('账号').fill(name);
  await form.getByLabel('密码').fill(password);
  await form.getByRole('button', { name: '登录' }).click();
}

async function navLinks(page: Page): Promise<string[]> {
  await page.getByTestId('signed-in-as').waitFor();
  return page.locator('header nav a').allTextContents();
}

describe('the staff console', () => {
  it('lets a case worker work a kiosk’s application to 已办结, and the villager sees it at the kiosk', async () => {
    // The villager applies at the kiosk; the outbox delivers it.
    const kioskPage = await openKioskPage(browser, kiosk.host.url);
    await applyByHand(kioskPage, ID_NUMBER);
    const acceptanceNumber = (await kioskPage.getByTestId('acceptance-number').textContent()) ?? '';
    expect(acceptanceNumber).toMatch(/^XW-DEMO-001-\d{8}-\d{4}$/);
    expect(await kiosk.core.sync!.syncNow()).toMatchObject({ ok: true });

    const page = await openConsole();
    await signIn(page, 'wang', 'not the password');
    expect(await page.getByRole('alert').textContent()).toBe('账号或密码不对，或账号已停用');
    // The refused sign-in is the only request the browser reports as failed.
    expect(page.problems).toEqual([expect.stringMatching(/401 .*\/staff\/api\/session$/)]);
    page.problems.length = 0;
    await signIn(page, 'wang');
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('wang（办件人员）');
    expect(await navLinks(page)).toEqual(['办件', '好差评']);

    const row = page.getByTestId('case-row').filter({ hasText: acceptanceNumber });
    expect(await row.getByTestId('case-row-status').textContent()).toBe('已提交');
    await page.getByTestId('filter-status').selectOption('completed');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('共 0 件').waitFor();
    await page.getByTestId('filter-status').selectOption('submitted');
    await page.getByRole('button', { name: '查询' }).click();
    await row.getByRole('link', { name: acceptanceNumber }).click();

    const casePage = page.getByTestId('case-page');
    await casePage.waitFor();
    expect(await page.getByTestId('case-applicant').textContent()).toContain(ID_NUMBER);
    expect(await page.getByTestId('case-applicant').textContent()).toContain('林秀英');
    expect(await page.getByTestId('case-consents').textContent()).not.toBe('');
    // The signature, drawn on the kiosk, is shown from the hub's blob store.
    const signature = casePage.getByRole('img', { name: 'signature' });
    await expect.poll(() => signature.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    await page.getByTestId('status-select').selectOption('completed');
    await page.getByTestId('status-reason').fill('法律援助已指派律师，案件办结');
    await page.getByTestId('status-submit').click();
    await page.getByTestId('status-message').filter({ hasText: '已改为「已办结」' }).waitFor();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已办结');
    expect(await page.getByTestId('case-history').textContent()).toContain('已办结：法律援助已指派律师，案件办结');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'staff-console-case.png'), fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();

    // The kiosk pulls the status on its next round; the villager looks it up.
    await kiosk.core.sync!.syncNow();
    expect(kioskPage.problems).toEqual([]);
    await kioskPage.close();
    const lookUp = await openKioskPage(browser, kiosk.host.url);
    await lookUp.getByTestId('my-submissions-entry').tap();
    await lookUp.getByTestId('mine-id-input').fill(ID_NUMBER);
    await lookUp.getByTestId('mine-look-up').tap();
    await lookUp.getByTestId('mine-list').waitFor();
    expect(await lookUp.getByTestId('mine-list').getAttribute('data-source')).toBe('hub');
    expect(await lookUp.getByTestId('mine-status').textContent()).toBe('已办结');
    expect(await lookUp.getByTestId('mine-item').textContent()).toContain(acceptanceNumber);
    await lookUp.screenshot({ path: path.join(ARTIFACTS_DIR, 'staff-console-kiosk-completed.png') });
    expect(lookUp.problems).toEqual([]);
    await lookUp.close();
  });

  it('lets a fleet admin see the kiosk, issue an enrolment token and revoke it', async () => {
    expect(await kiosk.core.heartbeat.beat()).toMatchObject({ sent: true });
    const page = await openConsole();
    await signIn(page, 'li');
    expect(await navLinks(page)).toEqual(['终端设备', '注册码', '操作记录']);
    const row = page.getByTestId('fleet-row').filter({ hasText: 'XW-DEMO-001' });
    await row.waitFor();
    expect(await row.textContent()).toContain('440825100201');
    expect(await row.getByTestId('fleet-alerts').textContent()).not.toContain('从未上报');

    await page.getByRole('link', { name: '注册码' }).click();
    const form = page.getByTestId('token-form');
    await form.getByLabel('区划代码').fill('440825');
    await form.getByRole('button', { name: '生成注册码' }).click();
    const token = (await page.getByTestId('issued-token').textContent()) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const tokenRow = page.getByTestId('token-row').first();
    await expect.poll(() => tokenRow.getByTestId('token-state').textContent()).toBe('有效');
    await tokenRow.getByRole('button', { name: '撤销' }).click();
    await expect.poll(() => tokenRow.getByTestId('token-state').textContent()).toBe('已撤销');
    // The revoked token enrols nothing.
    const enrol = await fetch(`${hub.url}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        token,
        kioskCode: 'XW-DEMO-002',
        regionCode: '440825100202',
        siteName: '示范村',
        siteAddress: '示范村',
        publicKey: kiosk.core.devicePublicKey,
      }),
    });
    expect(enrol.status).toBe(403);

    await page.getByRole('link', { name: '操作记录' }).click();
    const audit = page.getByTestId('audit-row');
    await audit.first().waitFor();
    const actions = await audit.allTextContents();
    expect(actions.some((text) => text.includes('li') && text.includes('撤销注册码'))).toBe(true);
    expect(actions.some((text) => text.includes('wang') && text.includes('更改办件状态'))).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'staff-console-audit.png'), fullPage: true });
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('lets a catalogue editor roll a published version out to the kiosk’s county, and the kiosk installs it', async () => {
    const version = sample.version + 1;
    const category = sample.categories.find((entry) => entry.profiles.includes('fabaobao'))!;
    const withNewService: Catalogue = {
      ...sample,
      version,
      items: [
        ...sample.items,
        makeItem({
          id: 'fishing-boat-dispute',
          categoryId: category.id,
          title: '渔船纠纷调解',
          summary: '渔船买卖、租用、作业中的纠纷，村里调解员帮您调解',
          regions: ['440000'],
        }),
      ],
    };
    await new HubStaffClient(hub.url, TOKEN).publish(
      fullBundle(tempDir(), withNewService, { key: catalogueKey, regions: ['440000'] }),
    );

    const page = await openConsole();
    await signIn(page, 'zhao');
    expect(await navLinks(page)).toEqual(['事项目录', '目录编辑']);
    const row = page.locator(`[data-testid="catalogue-version"][data-version="${version}"]`);
    expect(await row.getByTestId('rolled-out-to').textContent()).toBe('未推广');
    await row.getByTestId('rollout-regions').fill('440825');
    await row.getByTestId('rollout').click();
    await expect.poll(() => row.getByTestId('rolled-out-to').textContent()).toBe('440825');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'staff-console-catalogue.png'), fullPage: true });
    expect(page.problems).toEqual([]);

    // The kiosk polls every second and installs it.
    await expect
      .poll(() => kiosk.core.updater?.lastResult, { timeout: 20_000 })
      .toMatchObject({ outcome: 'installed', version });

    await page.getByRole('button', { name: '退出' }).click();
    await page.getByTestId('sign-in').waitFor();
    expect(await (await page.request.get(`${hub.url}/staff/api/session`)).json()).toEqual({ signedIn: false });
    await page.close();
  });

  it('lets a catalogue editor add a service in the editor; the hub signs it and the kiosk installs it', async () => {
    const installed = kiosk.core.updater!.lastResult as { version: number };
    const page = await openConsole();
    await signIn(page, 'zhao');
    await page.getByRole('link', { name: '目录编辑' }).click();
    await page.getByTestId('editor-items').waitFor();
    await page.getByRole('button', { name: '新建事项' }).click();
    const form = page.getByTestId('item-form');
    // A template with the id, name and summary empty: the schema says what is missing before anything is sent.
    expect(await page.getByTestId('item-problem').textContent()).toContain('id');
    expect(await page.getByTestId('item-save').isDisabled()).toBe(true);
    await form.getByLabel('事项标识').fill('fishing-port-mediation');
    await form.getByLabel('事项名称').fill('渔港纠纷调解');
    await form.getByLabel('一句话说明').fill('渔港停泊、卸货中的纠纷，调解员帮您调解');
    await expect.poll(() => page.getByTestId('item-problem').count()).toBe(0);
    expect(await page.getByTestId('editor-preview').locator('h2').textContent()).toBe('渔港纠纷调解');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'staff-console-editor.png'), fullPage: true });
    await page.getByTestId('item-save').click();
    const publish = page.getByTestId('editor-publish');
    expect(await publish.textContent()).toBe(`签名发布第 ${installed.version + 1} 版（1 处修改）`);
    await publish.click();
    await page
      .getByTestId('editor-message')
      .filter({ hasText: `已签名发布第 ${installed.version + 1} 版` })
      .waitFor();

    await page.getByRole('link', { name: '事项目录' }).click();
    const row = page.locator(`[data-testid="catalogue-version"][data-version="${installed.version + 1}"]`);
    expect(await row.textContent()).toContain('gd-hub-2026-1');
    await row.getByTestId('rollout-regions').fill('440825');
    await row.getByTestId('rollout').click();
    await expect
      .poll(() => kiosk.core.updater?.lastResult, { timeout: 20_000 })
      .toMatchObject({ outcome: 'installed', version: installed.version + 1 });
    expect(new CatalogueStore(kiosk.core.db).catalogue()?.items.some((item) => item.title === '渔港纠纷调解')).toBe(
      true,
    );
    expect(page.problems).toEqual([]);
    await page.close();
  });

  it('lets a catalogue editor roll back to the version before; the kiosk installs it and the new service is gone', async () => {
    const bad = (kiosk.core.updater!.lastResult as { version: number }).version;
    const page = await openConsole();
    await signIn(page, 'zhao');
    const newest = page.locator(`[data-testid="catalogue-version"][data-version="${bad}"]`);
    // The newest version has nothing newer to roll back from.
    expect(await newest.getByTestId('rollback').count()).toBe(0);
    const before = page.locator(`[data-testid="catalogue-version"][data-version="${bad - 1}"]`);
    await before.getByTestId('rollback').click();
    // The confirmation names where the bad version is out: the kiosk's county.
    expect(await before.getByTestId('rollback-regions').textContent()).toBe('440825');
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'staff-console-rollback.png'), fullPage: true });
    await before.getByTestId('rollback-confirm-button').click();
    await page
      .getByTestId('catalogue-message')
      .filter({ hasText: `第 ${bad - 1} 版的内容已签名发布为第 ${bad + 1} 版` })
      .waitFor();
    const rolledBack = page.locator(`[data-testid="catalogue-version"][data-version="${bad + 1}"]`);
    expect(await rolledBack.getByTestId('rolled-out-to').textContent()).toBe('440825');

    // Kiosks only move up: the rollback reaches it as the next version, without the service version `bad` added.
    await expect
      .poll(() => kiosk.core.updater?.lastResult, { timeout: 20_000 })
      .toMatchObject({ outcome: 'installed', version: bad + 1 });
    expect(new CatalogueStore(kiosk.core.db).catalogue()?.items.some((item) => item.title === '渔港纠纷调解')).toBe(
      false,
    );
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
