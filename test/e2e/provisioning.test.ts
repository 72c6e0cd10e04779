/// <reference lib="dom" />
// Provisioning a blank kiosk against a hub on loopback, twice: through the provisioning screen in Chromium
// (typed in with taps and the on-screen keyboard, a wrong token refused in plain words, then the steps, then the
// villagers' home screen with the hub's catalogue, without a reload), and through `kioskctl provision` run as a
// real process, after which the kiosk starts serving with that identity. Then the technician decommissions it
// from the technician screen and the provisioning screen is back.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../core/host/server.ts';
import { readProvisioningRecord } from '../../core/provisioning/record.ts';
import type { KioskRuntime } from '../../core/provisioning/runtime.ts';
import { startLocalHub, type LocalHub } from '../../scripts/local-hub.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { kioskctl } from '../helpers/kioskctl.ts';
import { RENDERER_DIR, ROOT_DIR } from '../helpers/paths.ts';
import { blankKioskOverrides, provisionForm, startRuntime } from '../helpers/provisioning.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('provisioning-e2e-');
const PIN = '246810';
let browser: Browser;
let hub: LocalHub;
const running: { runtime: KioskRuntime; host: BrowserHost }[] = [];

async function serve(dataDir: string) {
  const runtime = await startRuntime(dataDir);
  const host = await startBrowserHost({ api: runtime.api, staticDir: RENDERER_DIR, port: 0, log: silentLogger() });
  running.push({ runtime, host });
  return { runtime, host };
}

async function tapDigits(page: KioskPage, digits: string) {
  const pad = page.getByTestId('number-pad');
  for (const digit of digits) await pad.locator(`[data-key="${digit}"]`).tap();
}

beforeAll(async () => {
  hub = await startLocalHub({
    dataDir: tempDir(),
    sampleFile: path.join(ROOT_DIR, 'kiosk-config/catalogue/sample-catalogue.json'),
    log: silentLogger(),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const { runtime, host } of running) {
    await host.close();
    await runtime.close();
  }
  await hub?.close();
});

/** A key of the open on-screen keyboard, by what it shows. */
const keyOf = (page: KioskPage, name: string) => page.getByTestId('field-keyboard').locator(`[data-key="${name}"]`);

/** ⇧ as the keyboard shows it: not pressed, pressed for one capital (⇧), or locked (⇪). */
async function shiftState(page: KioskPage): Promise<'off' | 'once' | 'caps'> {
  const shift = keyOf(page, 'shift');
  if ((await shift.getAttribute('aria-pressed')) !== 'true') return 'off';
  return (await shift.textContent())!.includes('⇪') ? 'caps' : 'once';
}

/**
 * Types on the open letters-and-digits keyboard by taps only, as a technician would: ⇧ once before a capital,
 * twice for a run of them and once more after; "://" as its one key; the second symbol layer when a symbol is
 * not on the first. The keyboard's own ⇧ display says which state it is in.
 */
async function tapLatin(page: KioskPage, text: string): Promise<void> {
  const hasShift = (await keyOf(page, 'shift').count()) > 0;
  for (let at = 0; at < text.length;) {
    const quick = text.startsWith('://', at) && (await keyOf(page, '://').count()) > 0;
    const character = text[at]!;
    if (hasShift && /[a-z]/i.test(character)) {
      const capital = /[A-Z]/.test(character);
      const run = capital && /[A-Z]/.test(text[at + 1] ?? '');
      for (;;) {
        const shift = await shiftState(page);
        if (!((capital && shift === 'off') || (run && shift === 'once') || (!capital && shift !== 'off'))) break;
        await keyOf(page, 'shift').tap();
      }
    }
    const name = quick ? '://' : character;
    if ((await keyOf(page, name).count()) === 0) await keyOf(page, 'symbols').tap();
    await keyOf(page, name).tap();
    at += quick ? 3 : 1;
  }
}

/** Every key of the open on-screen keyboard is at least 72 px each way. */
async function expectLargeKeys(page: KioskPage): Promise<void> {
  for (const key of await page.getByTestId('field-keyboard').locator('button').all()) {
    const box = (await key.boundingBox())!;
    expect(Math.min(box.width, box.height), (await key.getAttribute('data-key'))!).toBeGreaterThanOrEqual(72);
  }
}

describe('provisioning a blank kiosk', () => {
  it('through the provisioning screen, then decommissioning it from the technician screen', async () => {
    const dataDir = tempDir();
    const { runtime, host } = await serve(dataDir);
    const page = await openKioskPage(browser, host.url);
    await page.getByTestId('provisioning-screen').waitFor();

    // Nothing filled in: each required field says what it needs.
    await page.getByTestId('provisioning-submit').tap();
    await page.getByTestId('prov-regionCode-problem').waitFor();
    expect(await page.getByTestId('prov-token-problem').textContent()).toContain('登记令牌');

    // A 43-character token in mixed case that the hub never issued.
    const form = provisionForm(hub.url, 'Xk3_9Qz-AbCDef0123456789ghIJKLmnOPqrstuVWxy', 'XW-UI-001');
    expect(form.token).toHaveLength(43);
    // Kiosk code, hub address and token by taps on the on-screen letters-and-digits keyboard: the kiosk code's
    // keys are capitals, digits and "-" only, with no ⇧.
    await page.getByTestId('prov-kioskCode').tap();
    await expectLargeKeys(page);
    expect(await keyOf(page, 'X').count()).toBe(1);
    expect(await keyOf(page, 'x').count()).toBe(0);
    expect(await keyOf(page, 'shift').count()).toBe(0);
    await tapLatin(page, form.kioskCode);
    expect(await page.getByTestId('prov-kioskCode').inputValue()).toBe(form.kioskCode);
    // The village code by taps on the on-screen number pad.
    await page.getByTestId('prov-regionCode').tap();
    await tapDigits(page, form.regionCode);
    expect(await page.getByTestId('prov-regionCode').inputValue()).toBe(form.regionCode);
    await page.getByTestId('prov-siteName').fill(form.siteName);
    await page.getByTestId('prov-siteAddress').fill(form.siteAddress);
    // The hub address: small letters first, "://" as one key, the rarer symbols on a second layer.
    await page.getByTestId('prov-hubUrl').tap();
    expect(await keyOf(page, 'h').count()).toBe(1);
    await expectLargeKeys(page);
    await keyOf(page, 'symbols').tap();
    await expectLargeKeys(page);
    expect(await keyOf(page, '%').count()).toBe(1);
    await keyOf(page, 'symbols').tap();
    await tapLatin(page, form.hubUrl);
    expect(await page.getByTestId('prov-hubUrl').inputValue()).toBe(form.hubUrl);
    // The token: ⇧ twice locks capitals and the key says so; once more and the letters are small again.
    await page.getByTestId('prov-token').tap();
    await expectLargeKeys(page);
    expect(await keyOf(page, '.').count()).toBe(0);
    await keyOf(page, 'shift').tap();
    await keyOf(page, 'shift').tap();
    expect(await shiftState(page)).toBe('caps');
    expect(await keyOf(page, 'shift').textContent()).toContain('大写锁定');
    expect(await keyOf(page, 'Q').count()).toBe(1);
    await keyOf(page, 'shift').tap();
    expect(await shiftState(page)).toBe('off');
    await tapLatin(page, form.token);
    expect(await page.getByTestId('prov-token').inputValue()).toBe(form.token);

    // A token the hub never issued: said in plain Chinese, and the kiosk stays blank.
    await page.getByTestId('provisioning-submit').tap();
    await page.getByTestId('provisioning-error').waitFor();
    expect(await page.getByTestId('provisioning-error').textContent()).toContain('中心不认识这个登记令牌');
    expect(readProvisioningRecord(dataDir)).toBeNull();

    const token = await hub.issueEnrolmentToken('440825');
    expect(token).toHaveLength(43);
    await page.getByTestId('prov-token').tap();
    await page.getByTestId('field-keyboard').locator('[data-key="clear"]').tap();
    await tapLatin(page, token);
    expect(await page.getByTestId('prov-token').inputValue()).toBe(token);
    await page.getByTestId('field-keyboard').locator('[data-key="close"]').tap();
    await page.getByTestId('provisioning-submit').tap();
    // Serving without a reload: the villagers' home screen with the hub's catalogue.
    await page.getByTestId('category-tile').first().waitFor();
    expect(readProvisioningRecord(dataDir)).toMatchObject({ kioskCode: 'XW-UI-001', hubUrl: hub.url });
    expect((await runtime.api.getKioskInfo({})).catalogueVersion).not.toBeNull();

    // Decommissioning: technician screen, PIN, 停用并清除数据, confirm; the provisioning screen is back.
    await runtime.core()!.technician.setPin(PIN, 'test');
    const clock = page.getByTestId('header-clock');
    for (let i = 0; i < 5; i++) await clock.tap();
    await page.getByTestId('technician-sign-in').waitFor();
    await tapDigits(page, PIN);
    await page.getByTestId('technician-pin-submit').tap();
    await page.getByTestId('technician-decommission').tap();
    await page.getByTestId('technician-lifecycle-confirm').waitFor();
    await page.getByTestId('technician-lifecycle-yes').tap();
    await page.getByTestId('provisioning-screen').waitFor();
    expect(await page.getByTestId('prov-kioskCode').inputValue()).toBe('');
    expect(readProvisioningRecord(dataDir)).toBeNull();
    expect(page.problems.filter((problem) => !problem.includes('status of 4'))).toEqual([]);
  });

  it('through kioskctl provision, after which the kiosk serves with that identity', async () => {
    const dataDir = tempDir();
    const site = path.join(tempDir(), 'site.json');
    writeFileSync(site, JSON.stringify(blankKioskOverrides(dataDir)));
    const token = await hub.issueEnrolmentToken('440825');
    const args = ['--hub', hub.url, '--region', '440825100201', '--kiosk-code', 'XW-CLI-001'];
    const common = [...args, '--site-name', '示范村服务点', '--config', site];

    // Without --yes nothing is wiped; a reused token is refused with its code.
    expect((await kioskctl(['decommission', '--config', site])).code).toBe(1);
    const run = await kioskctl(['provision', ...common, '--token', token, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ kioskCode: 'XW-CLI-001', catalogueProblem: null });
    const again = await kioskctl(['provision', ...common, '--token', token]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ALREADY_PROVISIONED');

    const { runtime, host } = await serve(dataDir);
    expect(runtime.setup().identity).toBe('provisioned');
    const page = await openKioskPage(browser, host.url);
    await page.getByTestId('category-tile').first().waitFor();
    expect(await runtime.api.getKioskInfo({})).toMatchObject({ kioskCode: 'XW-CLI-001', siteName: '示范村服务点' });
  });

  it('kioskctl provision says why when the hub refuses or cannot be reached', async () => {
    const site = path.join(tempDir(), 'site.json');
    const dataDir = tempDir();
    writeFileSync(site, JSON.stringify(blankKioskOverrides(dataDir)));
    const common = [
      '--region',
      '440825100201',
      '--kiosk-code',
      'XW-CLI-002',
      '--site-name',
      '示范村',
      '--config',
      site,
    ];
    const used = await hub.issueEnrolmentToken('440825');
    const otherSite = path.join(tempDir(), 'other.json');
    writeFileSync(otherSite, JSON.stringify(blankKioskOverrides(tempDir())));
    await kioskctl(['provision', ...common.slice(0, -1), otherSite, '--hub', hub.url, '--token', used]);
    const refused = await kioskctl(['provision', ...common, '--hub', hub.url, '--token', used]);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('ENROL_TOKEN_USED');
    const down = await kioskctl(['provision', ...common, '--hub', 'http://127.0.0.1:9', '--token', used]);
    expect(down.code).toBe(3);
    expect(down.stderr).toContain('HUB_UNAVAILABLE');
    expect(readProvisioningRecord(dataDir)).toBeNull();
  });
});
