/// <reference lib="dom" />
// The technician screen in Chromium: five quick taps on the header clock open the PIN pad; a wrong PIN is
// counted; the right one shows the submission queue, the devices and the maintenance log; 立即同步 delivers the
// queue once the hub knows the kiosk, and a submission the hub refuses is listed by its number; a session the
// back end ended asks for the PIN again; leaving goes back to the villagers' home screen.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../hub/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { ARTIFACTS_DIR, ROOT_DIR } from '../helpers/paths.ts';
import { noteRestart } from '../../core/watchdog/restart-record.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('technician-e2e-');
const TOKEN = 'staff-token';
const PIN = '246810';
let browser: Browser;
let kiosk: RunningKiosk;
let kioskDir: string;
let hub: Hub;

const APPLICANT = {
  name: '林秀英',
  sex: '女',
  birthDate: '1948-03-15',
  address: '广东省徐闻县下桥镇示范村',
  phone: '13800000000',
};

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  hub = await startHub({ dataDir: tempDir(), staffTokens: [TOKEN], trustedKeys: [], log: silentLogger() });
  kioskDir = tempDir();
  kiosk = await startKiosk(kioskDir, { catalogue: { hubUrl: hub.url, pollSeconds: 3600 } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await hub?.close();
});

async function typePin(page: KioskPage, pin: string): Promise<void> {
  // The pad takes no digits while the last PIN is being checked.
  await expect.poll(() => page.getByTestId('technician-pin-submit').textContent()).toBe('确定');
  const pad = page.getByTestId('number-pad');
  for (const digit of pin) await pad.locator(`[data-key="${digit}"]`).tap();
  await page.getByTestId('technician-pin-submit').tap();
}

async function openTechnicianScreen(page: KioskPage): Promise<void> {
  const clock = page.getByTestId('header-clock');
  for (let i = 0; i < 5; i++) await clock.tap();
  await page.getByTestId('technician-sign-in').waitFor();
}

describe('the technician screen', () => {
  it('opens with the PIN, shows and syncs the queue, and lists what the hub refused', async () => {
    const service = (await kiosk.core.service.listServices({})).find((item) => item.kioskSupported)!;
    const good = await kiosk.core.service.submitApplication({
      serviceId: service.id,
      applicant: { ...APPLICANT, idNumber: '440825194803150020' },
    });
    // A wrong check digit: the kiosk stores it (the citizen has a number), the hub will refuse it for good.
    const bad = await kiosk.core.service.submitApplication({
      serviceId: service.id,
      applicant: { ...APPLICANT, idNumber: '440825194803150021' },
    });
    await kiosk.core.technician.setPin(PIN, 'test');
    // Without a session the back end tells nothing.
    await expect(kiosk.core.service.getOutboxStatus({ session: 'no-such-session-0123456789' })).rejects.toMatchObject({
      code: 'TECHNICIAN_SIGN_IN_REQUIRED',
    });

    const page = await openKioskPage(browser, kiosk.host.url);
    await page.getByTestId('category-tile').first().waitFor();
    // Four taps are not enough; the fifth within three seconds opens the PIN pad.
    const clock = page.getByTestId('header-clock');
    for (let i = 0; i < 4; i++) await clock.tap();
    expect(await page.getByTestId('technician-sign-in').count()).toBe(0);
    await clock.tap();
    await page.getByTestId('technician-sign-in').waitFor();
    for (const key of await page.getByTestId('number-pad').locator('button').all()) {
      const box = (await key.boundingBox())!;
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(60);
    }

    await typePin(page, '135790');
    await expect.poll(() => page.getByTestId('technician-message').textContent()).toContain('还可以再试 4 次');
    await typePin(page, PIN);
    const outbox = page.getByTestId('technician-outbox');
    await outbox.waitFor();
    const fact = (key: string) => outbox.locator(`[data-fact="${key}"] dd`).textContent();
    expect(await fact('tech.outbox.waiting')).toBe('2');
    expect(await fact('tech.outbox.refused')).toBe('0');

    // The hub does not know this kiosk yet: the sync says why, and nothing is lost.
    await page.getByTestId('technician-sync').tap();
    await expect.poll(() => page.getByTestId('technician-sync-result').textContent()).toContain('同步没有成功');
    expect(await page.getByTestId('technician-sync-result').textContent()).toContain('HUB_KIOSK_UNKNOWN');
    expect(await fact('tech.outbox.waiting')).toBe('2');

    const enrol = await fetch(new URL('/v1/kiosks', hub.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        kioskCode: 'XW-DEMO-001',
        regionCode: '440825100201',
        publicKey: kiosk.core.devicePublicKey,
      }),
    });
    expect(enrol.status).toBe(201);
    await page.getByTestId('technician-sync').tap();
    await expect
      .poll(() => page.getByTestId('technician-sync-result').textContent())
      .toBe('同步完成：发送 2 件，送达 1 件，退回 1 件。');
    await expect.poll(() => fact('tech.outbox.waiting')).toBe('0');
    expect(await fact('tech.outbox.delivered')).toBe('1');
    expect(await page.getByTestId('technician-refused').textContent()).toContain(bad.acceptanceNumber);
    expect(await page.getByTestId('technician-refused').textContent()).not.toContain(good.acceptanceNumber);
    const log = (await page.getByTestId('technician-audit').textContent()) ?? '';
    expect(log).toContain('outbox-sync · ok');
    expect(log).toContain('sign-in · wrong-pin');
    // No villager's data on the technician screen.
    const text = (await page.locator('body').textContent()) ?? '';
    for (const secret of ['440825194803150020', '林秀英', '13800000000']) expect(text).not.toContain(secret);
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'technician-screen.png') });

    // The back end ends the session (idle time out): the next action asks for the PIN again, and says why.
    kiosk.core.technician.signOutAll();
    await page.getByRole('button', { name: '刷新', exact: true }).tap();
    await expect.poll(() => page.getByTestId('technician-message').textContent()).toContain('维护登录已结束');
    await typePin(page, PIN);
    await page.getByTestId('technician-leave').tap();
    await page.getByTestId('category-tile').first().waitFor();
    expect(await page.getByTestId('technician-screen').count()).toBe(0);
    // Chromium logs the back end's 403 for the ended session; nothing else went wrong.
    expect(page.problems.filter((problem) => !problem.includes('status of 403'))).toEqual([]);
  });

  it('locks sign-in after five wrong PINs and says until when', async () => {
    await kiosk.core.technician.setPin(PIN, 'test');
    const page = await openKioskPage(browser, kiosk.host.url);
    await openTechnicianScreen(page);
    for (let i = 0; i < 5; i++) await typePin(page, '135790');
    await expect.poll(() => page.getByTestId('technician-message').textContent()).toContain('输错次数太多');
    // Even the right PIN is refused while locked.
    await typePin(page, PIN);
    await expect.poll(() => page.getByTestId('technician-message').textContent()).toContain('输错次数太多');
    expect(await page.getByTestId('technician-screen').count()).toBe(0);
    await page.getByRole('button', { name: '取消' }).tap();
    await page.getByTestId('category-tile').first().waitFor();
  });

  it('shows the health report with its warnings, and exports the logs redacted, or says plainly why not', async () => {
    await kiosk.core.technician.setPin(PIN, 'test');
    // What the back end itself reports, to hold the screen's figures against.
    const signIn = await kiosk.core.service.technicianSignIn({ pin: PIN });
    if (signIn.outcome !== 'signed-in') throw new Error(`sign-in ${signIn.outcome}`);
    const report = await kiosk.core.service.getHealth({ session: signIn.session });
    kiosk.core.technician.signOutAll();
    const page = await openKioskPage(browser, kiosk.host.url);
    await openTechnicianScreen(page);
    await typePin(page, PIN);
    const health = page.getByTestId('technician-health');
    const figure = (label: string) => health.locator(`dt:text-is("${label}") + dd`).textContent();
    const version = (JSON.parse(readFileSync(path.join(ROOT_DIR, 'package.json'), 'utf8')) as { version: string })
      .version;
    await expect.poll(() => figure('软件版本')).toBe(version);
    expect(await figure('自动重启次数')).toBe('0');
    // The first test left one submission refused and none waiting, after a sync with the hub.
    expect(await figure('待发送办件')).toBe('0');
    expect(await figure('最早一件已等')).toBe('—');
    expect(await figure('被中心退回的办件')).toBe('! 1');
    expect(await figure('中心服务器')).toBe('已设置');
    expect(await figure('上次上传')).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 .*前$/);
    // This kiosk has no reader, receipt printer or A4 queue: said in words, not as codes.
    expect(await figure('身份证读卡器')).toBe('本机没有');
    expect(await figure('A4 打印机')).toBe('本机没有');
    expect(await figure('目录版本')).toContain(String(report.catalogue.version ?? '—'));
    expect(await figure('可用存储')).toMatch(/^(\d+(\.\d)? [MG]B) \/ (\d+(\.\d)? [MG]B)$/);
    expect(await figure('系统内存（可用 / 共）')).toMatch(/ \/ /);
    expect(await page.getByTestId('health-warnings').textContent()).toContain('中心退回了 1 件办件');

    // The watchdog counted a restart: the next reading says so, in words and with a "!".
    noteRestart(kioskDir, 'backend', 'killed by SIGKILL');
    await page.getByTestId('health-refresh').tap();
    await expect.poll(() => figure('自动重启次数')).toBe('! 1');
    expect(await page.getByTestId('health-warnings').textContent()).toContain('本机最近自动重启过 1 次');
    for (const button of await page.locator('[data-testid="health-refresh"], [data-testid="log-target"]').all()) {
      expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(60);
    }

    // A line that should never have been logged: the export takes it out again. (This test kiosk logs quietly,
    // so its log file holds only that line.)
    mkdirSync(path.join(kioskDir, 'logs'), { recursive: true });
    appendFileSync(
      path.join(kioskDir, 'logs', 'kiosk.log'),
      `${JSON.stringify({ msg: 'card 440825194803150020 read', name: '林秀英' })}\n`,
    );
    const exportsTarget = page.getByTestId('log-target').filter({ hasText: '本机导出目录' });
    await exportsTarget.tap();
    await expect
      .poll(() => page.getByTestId('log-export-done').textContent())
      .toMatch(/已导出到 .*kiosk-logs-XW-DEMO-001/);
    const [bundle] = readdirSync(path.join(kioskDir, 'exports'));
    const text = gunzipSync(readFileSync(path.join(kioskDir, 'exports', bundle!))).toString('utf8');
    expect(text).toContain('read');
    expect(text).not.toContain('440825194803150020');
    expect(text).not.toContain('林秀英');

    // The folder is gone and a file stands in its way: a plain refusal, nothing half-written.
    rmSync(path.join(kioskDir, 'exports'), { recursive: true });
    writeFileSync(path.join(kioskDir, 'exports'), 'not a folder');
    await exportsTarget.tap();
    await expect.poll(() => page.getByTestId('log-export-problem').textContent()).toContain('日志没有导出成功');
    expect(page.problems.filter((problem) => !problem.includes('status of 503'))).toEqual([]);
  });
});
