/// <reference lib="dom" />
// Every villager screen, in Chromium, portrait 1080×1920 and landscape 1920×1080, normal and 长辈版: an axe-core
// scan with no serious or critical violation, every interactive element at least 60 × 60 px in elder mode (the
// MIIT 适老化 norm) and at least 44 × 44 px otherwise, and a screenshot of each (test-artifacts/screens/).
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPtySimulator, type PtySimulator } from '../../drivers/idcard/simulator/pty-simulator.ts';
import { launchChromium } from '../helpers/browser.ts';
import { openKioskPage, type KioskPage } from '../helpers/kiosk-page.ts';
import { startKiosk, type RunningKiosk } from '../helpers/kiosk-host.ts';
import { ARTIFACTS_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';
import { passCaseSteps, submitReview } from '../helpers/apply-steps.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREENS_DIR = path.join(ARTIFACTS_DIR, 'screens');
const tempDir = useTempDir('a11y-e2e-');
let browser: Browser;
let kiosk: RunningKiosk;
let cardSim: PtySimulator;

const LAYOUTS = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
} as const;

interface Finding {
  screen: string;
  problem: string;
}

beforeAll(async () => {
  mkdirSync(SCREENS_DIR, { recursive: true });
  cardSim = await startPtySimulator({ baudRate: 115200 });
  kiosk = await startKiosk(tempDir(), { idcardPath: cardSim.path });
  browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await cardSim?.close();
});

/** axe-core's serious and critical violations on the page as it is now. */
async function axeViolations(page: KioskPage): Promise<string[]> {
  // Evaluated through the debugging protocol: the page's CSP (script-src 'self') rightly refuses injected tags.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
    }
    const results = await axe.run(document);
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
  });
}

/** Interactive elements smaller than `least` px either way (visible ones only). */
async function smallTargets(page: KioskPage, least: number): Promise<string[]> {
  return page.evaluate((min) => {
    const selector =
      'button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [tabindex]:not([tabindex="-1"])';
    return (
      Array.from(document.querySelectorAll(selector))
        // A radio or checkbox inside its label is tapped through the whole label.
        .map((element) => ({ element, box: (element.closest('label') ?? element).getBoundingClientRect() }))
        .filter(({ element, box }) => {
          const style = getComputedStyle(element);
          const visible = box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
          return visible && (box.width < min - 0.5 || box.height < min - 0.5);
        })
        .map(
          ({ element, box }) =>
            `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 20)}" ${Math.round(box.width)}×${Math.round(box.height)}`,
        )
    );
  }, least);
}

/** Checks the screen now showing and saves its screenshot. */
async function check(page: KioskPage, name: string, findings: Finding[], elder: boolean, layout: string) {
  const screen = `${name} (${layout}${elder ? ', 长辈版' : ''})`;
  for (const problem of await axeViolations(page)) findings.push({ screen, problem });
  for (const problem of await smallTargets(page, elder ? 60 : 44))
    findings.push({ screen, problem: `small target: ${problem}` });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}-${layout}${elder ? '-elder' : ''}.png`) });
}

/** Walks every villager screen once, checking each. */
async function walk(layout: keyof typeof LAYOUTS, elder: boolean): Promise<Finding[]> {
  const findings: Finding[] = [];
  const page = await openKioskPage(browser, kiosk.host.url.replace('/#', '/?attract=60000#'));
  await page.setViewportSize(LAYOUTS[layout]);
  const at = (name: string) => check(page, name, findings, elder, layout);
  await page.getByTestId('category-tile').first().waitFor();
  if (elder) await page.getByTestId('elder-toggle').tap();
  await at('home');
  await page.getByTestId('help-button').tap();
  await page.getByTestId('help-panel').waitFor();
  await at('help');
  await page.getByTestId('help-close').tap();

  await page.getByTestId('search-entry').tap();
  await page.getByTestId('search-input').fill('flyz');
  await page.getByTestId('search-results').waitFor();
  await at('search');
  await page.getByRole('button', { name: /首页/ }).tap();

  await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
  await page.getByTestId('service-item').first().waitFor();
  await at('services');
  await page.getByTestId('service-item').first().tap();
  await page.getByTestId('apply-button').waitFor();
  await at('guide');
  await page.getByTestId('apply-button').tap();
  await page.getByTestId('eligibility-screen').waitFor();
  await at('eligibility');
  await page.getByTestId('eligibility-group').last().tap();
  await page.getByTestId('eligibility-answer').waitFor();
  await at('eligibility-means-test');
  await page.getByTestId('eligibility-continue').tap();
  await page.locator('[data-testid="identify-screen"][data-reader="ready"]').waitFor();
  await at('identify');
  await page.getByTestId('manual-entry').tap();
  await page.getByTestId('application-form').waitFor();
  await at('form');
  await page.getByTestId('form-name').fill('林秀英');
  await page.getByTestId('form-id-number').fill('440825194803150020');
  await page.getByTestId('form-address').fill('广东省徐闻县下桥镇示范村');
  await page.getByTestId('form-phone').fill('13800000000');
  await page.getByTestId('form-confirm').tap();
  await page.getByTestId('case-form').waitFor();
  await at('case');
  await page.getByTestId('case-confirm').tap();
  await page.getByTestId('case-problems').waitFor();
  await at('case-problems');
  await passCaseSteps(page, { beforeSigning: () => at('declarations') });
  await page.getByTestId('documents-skip').waitFor();
  await at('documents');
  await page.getByTestId('documents-skip').tap();
  await page.getByTestId('face-decline').waitFor();
  await at('face-consent');
  await page.getByTestId('face-decline').tap();
  await page.getByTestId('review-screen').waitFor();
  await at('review');
  await submitReview(page);
  await page.getByTestId('acceptance-number').waitFor();
  await at('done');
  await page.getByTestId('done-next').tap();
  await page.getByTestId('rating-screen').waitFor();
  await at('rating');
  await page.getByTestId('rating-skip').tap();
  await page.getByTestId('category-tile').first().waitFor();

  // 法律咨询's questions, and a notary appointment's slots.
  await page.getByTestId('category-tile').filter({ hasText: '法律咨询' }).first().tap();
  await page.getByTestId('service-item').first().tap();
  await page.getByTestId('apply-button').tap();
  await page.getByTestId('consult-question').first().tap();
  await page.getByTestId('consult-answer').waitFor();
  await at('consultation');
  await page.getByTestId('finish-button').tap();
  await page.getByTestId('category-tile').filter({ hasText: '公证预约' }).first().tap();
  await page.getByTestId('service-item').first().tap();
  await page.getByTestId('apply-button').tap();
  await page.getByTestId('manual-entry').tap();
  await page.getByTestId('form-name').fill('林秀英');
  await page.getByTestId('form-id-number').fill('440825194803150020');
  await page.getByTestId('form-phone').fill('13800000000');
  await page.getByTestId('form-confirm').tap();
  await page.getByTestId('case-slot').waitFor();
  await at('case-notary');
  await page.getByTestId('finish-button').tap();

  await page.getByTestId('my-submissions-entry').tap();
  await page.getByTestId('mine-id-input').waitFor();
  await at('mine');
  await page.getByTestId('finish-button').tap();

  const clock = page.getByTestId('header-clock');
  for (let i = 0; i < 5; i++) await clock.tap();
  await page.getByTestId('technician-sign-in').waitFor();
  await at('technician-pin');
  await page.getByRole('button', { name: '取消' }).tap();
  expect(page.problems).toEqual([]);
  await page.close();
  return findings;
}

describe('accessibility of every villager screen', () => {
  it('has checks that do find problems: a nameless tiny button is reported by both', async () => {
    const page = await openKioskPage(browser, kiosk.host.url);
    await page.getByTestId('category-tile').first().waitFor();
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.style.cssText = 'width:20px;height:20px';
      document.querySelector('.screen-home')!.append(button);
    });
    expect(await axeViolations(page)).toContainEqual(expect.stringMatching(/^button-name \(critical\)/));
    expect(await smallTargets(page, 44)).toContainEqual(expect.stringMatching(/^button "" 20×20$/));
    await page.close();
  });

  for (const layout of ['portrait', 'landscape'] as const) {
    for (const elder of [false, true]) {
      it(`passes axe and the target-size check in ${layout}${elder ? ', 长辈版' : ''}`, async () => {
        expect(await walk(layout, elder)).toEqual([]);
      });
    }
  }
});
