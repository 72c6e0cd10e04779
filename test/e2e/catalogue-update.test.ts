/// <reference lib="dom" />
// A catalogue update reaching a running kiosk in Chromium: central staff publish a signed bundle with a new
// service to the hub on loopback; the kiosk fetches, verifies and applies it, and the villager's search screen,
// left open, finds the new service without the kiosk restarting or the page reloading.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueSchema, type Catalogue } from '../../core/catalogue/schema.ts';
import { HubStaffClient } from '../../core/cli/catalogue-publish.ts';
import type { Hub } from '../../hub/server.ts';
import { launchChromium } from '../helpers/browser.ts';
import { makeItem } from '../helpers/catalogue-fixture.ts';
import { fullBundle, signingKey } from '../helpers/catalogue-kiosk.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { openKioskPage } from '../helpers/kiosk-page.ts';
import { ARTIFACTS_DIR, SAMPLE_CATALOGUE } from '../helpers/paths.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { startTestHub } from '../helpers/test-hub.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('kiosk-catalogue-e2e-');
const staffKey = signingKey('gd-2026-1');
const TOKEN = 'staff-token-for-this-test';

let browser: Browser;
let hub: Hub;
let kiosk: RunningKiosk;
let staff: HubStaffClient;
const sample = catalogueSchema.parse(JSON.parse(readFileSync(SAMPLE_CATALOGUE, 'utf8')));

beforeAll(async () => {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  hub = await startTestHub({
    dataDir: tempDir(),
    staffTokens: [TOKEN],
    trustedKeys: [staffKey.trusted],
    log: silentLogger(),
  });
  staff = new HubStaffClient(hub.url, TOKEN);
  kiosk = await startKiosk(tempDir(), {
    catalogue: { hubUrl: hub.url, pollSeconds: 1, trustedKeys: [staffKey.trusted] },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await hub?.close();
});

/** The sample catalogue as a newer version with one service added. */
function withNewService(version: number): Catalogue {
  const category = sample.categories.find((entry) => entry.profiles.includes('fabaobao'))!;
  const item = makeItem({
    id: 'fishing-boat-dispute',
    categoryId: category.id,
    title: '渔船纠纷调解',
    summary: '渔船买卖、租用、作业中的纠纷，村里调解员帮您调解',
    synonyms: ['渔船', '船纠纷'],
    regions: ['440000'],
  });
  return { ...sample, version, items: [...sample.items, item] };
}

describe('catalogue update on a running kiosk', () => {
  it('shows a service published at the centre while the villager is searching, with no restart', async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    await page.getByTestId('category-tile').first().waitFor();
    expect(await page.getByTestId('kiosk-facts').textContent()).toContain(
      `事项目录第 ${sample.version} 版（出厂目录）`,
    );
    await page.getByTestId('search-entry').tap();
    for (const key of ['y', 'c', 'j', 'f']) await page.locator(`.key[data-key="${key}"]`).tap();
    await page.getByTestId('search-empty').waitFor();

    const version = sample.version + 1;
    await staff.publish(fullBundle(tempDir(), withNewService(version), { key: staffKey, regions: ['440000'] }));
    await staff.rollout(sample.catalogueId, version, ['440825']);

    const result = page.getByTestId('search-result').filter({ hasText: '渔船纠纷调解' });
    await result.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'catalogue-update-search-ycjf.png') });
    await result.tap();
    expect(await page.locator('#guide-title').textContent()).toBe('渔船纠纷调解');
    await page.getByRole('button', { name: '首页' }).tap();
    await expect
      .poll(() => page.getByTestId('kiosk-facts').textContent())
      .toMatch(new RegExp(`事项目录第 ${version} 版（\\d{4}/\\d{2}/\\d{2}）`));
    // The kiosk polls every second: by now a later poll may have found the new version already installed.
    expect(kiosk.core.updater?.lastResult).toMatchObject({
      outcome: expect.stringMatching(/^(installed|up-to-date)$/),
      version,
    });
    expect(page.problems).toEqual([]);
    await page.close();
  });
});
