/// <reference lib="dom" />
// Every villager screen, with every flow walked to its acceptance number (法律援助, 法律咨询's call-back, 公证预约,
// 远程视频会见预约, 人民调解, 行政复议, a 粤智助 government application), the information items and 我的办件, in
// Chromium, portrait 1080×1920 and landscape 1920×1080, normal and 长辈版, and in portrait with 高对比: an axe-core
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
import { closeKeyboard, passCaseSteps, submitReview } from '../helpers/apply-steps.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCREENS_DIR = path.join(ARTIFACTS_DIR, 'screens');
const tempDir = useTempDir('a11y-e2e-');
let browser: Browser;
let kiosk: RunningKiosk;
let governmentKiosk: RunningKiosk;
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
  governmentKiosk = await startKiosk(tempDir(), { profile: 'yuezizhu' });
  browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
  await governmentKiosk?.stop();
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

interface Mode {
  layout: keyof typeof LAYOUTS;
  elder: boolean;
  /** 高对比 as well. */
  contrast?: boolean;
}

const modeName = ({ layout, elder, contrast }: Mode) =>
  `${layout}${elder ? ', 长辈版' : ''}${contrast ? ', 高对比' : ''}`;
const modeFile = ({ layout, elder, contrast }: Mode) =>
  `${layout}${elder ? '-elder' : ''}${contrast ? '-contrast' : ''}`;

/** Checks the screen now showing and saves its screenshot. */
async function check(page: KioskPage, name: string, findings: Finding[], mode: Mode) {
  const screen = `${name} (${modeName(mode)})`;
  for (const problem of await axeViolations(page)) findings.push({ screen, problem });
  for (const problem of await smallTargets(page, mode.elder ? 60 : 44))
    findings.push({ screen, problem: `small target: ${problem}` });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}-${modeFile(mode)}.png`) });
}

/** A kiosk page in this mode, at home; `settle` turns the modes back on after a session ends (完成 resets them). */
async function openInMode(url: string, mode: Mode) {
  const page = await openKioskPage(browser, url.replace('/#', '/?attract=60000#'));
  await page.setViewportSize(LAYOUTS[mode.layout]);
  const settle = async () => {
    await page.getByTestId('category-tile').first().waitFor();
    for (const [on, toggle] of [
      [mode.elder, 'elder-toggle'],
      [mode.contrast ?? false, 'contrast-toggle'],
    ] as const) {
      const button = page.getByTestId(toggle);
      if ((await button.getAttribute('aria-pressed')) !== String(on)) await button.tap();
    }
  };
  await settle();
  return { page, settle };
}

/** Walks every villager screen of the 法宝宝 kiosk once, each flow to its end, checking each screen. */
async function walk(mode: Mode): Promise<Finding[]> {
  const findings: Finding[] = [];
  const { page, settle } = await openInMode(kiosk.host.url, mode);
  const at = (name: string) => check(page, name, findings, mode);
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
  await closeKeyboard(page);
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
  await settle();

  // Every other legal service to its acceptance number: 法律咨询's questions then the call-back, 公证预约's
  // slots, 远程视频会见预约, 人民调解, 行政复议.
  const openItem = async (category: string, title: string) => {
    await page.getByTestId('category-tile').filter({ hasText: category }).first().tap();
    await page.getByTestId('service-item').filter({ hasText: title }).first().tap();
    await page.locator('#guide-title').waitFor();
  };
  const applyToTheEnd = async (name: string) => {
    await page.getByTestId('manual-entry').tap();
    await page.getByTestId('application-form').waitFor();
    await page.getByTestId('form-name').fill('林秀英');
    await page.getByTestId('form-id-number').fill('440825194803150020');
    if ((await page.getByTestId('form-address').count()) > 0) {
      await page.getByTestId('form-address').fill('广东省徐闻县下桥镇示范村');
    }
    await page.getByTestId('form-phone').fill('13800000000');
    await closeKeyboard(page);
    await page.getByTestId('form-confirm').tap();
    const caseForm = page.getByTestId('case-form');
    const documents = page.getByTestId('documents-skip');
    await Promise.race([caseForm.waitFor(), documents.waitFor()]);
    if ((await caseForm.count()) > 0) {
      await at(`case-${name}`);
      await passCaseSteps(page);
    }
    await documents.tap();
    await page.getByTestId('face-decline').tap();
    await page.getByTestId('review-screen').waitFor();
    await submitReview(page);
    await page.getByTestId('acceptance-number').waitFor();
    await page.screenshot({ path: path.join(SCREENS_DIR, `done-${name}-${modeFile(mode)}.png`) });
    await page.getByTestId('finish-button').tap();
    await settle();
  };
  await openItem('法律咨询', '婚姻家庭');
  await page.getByTestId('apply-button').tap();
  await page.getByTestId('consult-question').first().tap();
  await page.getByTestId('consult-answer').waitFor();
  await at('consultation');
  await page.getByTestId('consult-callback').tap();
  await applyToTheEnd('consultation');
  for (const [category, title, name] of [
    ['公证预约', '遗嘱公证', 'notary'],
    ['远程视频会见预约', '监狱', 'visit'],
    ['人民调解', '人民调解申请', 'mediation'],
    ['行政复议', '行政复议申请', 'reconsideration'],
  ] as const) {
    await openItem(category, title);
    await page.getByTestId('apply-button').tap();
    await applyToTheEnd(name);
  }

  // The items to read, look up or print.
  for (const [category, title, name] of [
    ['机构查询', '人民调解组织查询', 'directory'],
    ['法律文书模板', '借条模板', 'template'],
    ['普法', '民法典婚姻家庭编', 'lesson'],
  ] as const) {
    await openItem(category, title);
    await at(name);
    await page.getByRole('button', { name: /首页/ }).tap();
  }

  await page.getByTestId('my-submissions-entry').tap();
  await page.getByTestId('mine-id-input').waitFor();
  await at('mine');
  // The applications made above, listed for the ID number.
  await page.getByTestId('mine-id-input').fill('440825194803150020');
  await closeKeyboard(page);
  await page.getByTestId('mine-look-up').tap();
  await page.getByTestId('mine-list').waitFor();
  await at('mine-list');
  await page.getByTestId('finish-button').tap();
  await settle();

  const clock = page.getByTestId('header-clock');
  for (let i = 0; i < 5; i++) await clock.tap();
  await page.getByTestId('technician-sign-in').waitFor();
  await at('technician-pin');
  await page.getByRole('button', { name: '取消' }).tap();
  expect(page.problems).toEqual([]);
  await page.close();
  return findings;
}

/** The 粤智助 kiosk: its home, a guide with the QR code to go on by phone, and a government application. */
async function walkGovernment(mode: Mode): Promise<Finding[]> {
  const findings: Finding[] = [];
  const { page } = await openInMode(governmentKiosk.host.url, mode);
  const at = (name: string) => check(page, `government-${name}`, findings, mode);
  await at('home');
  await page.getByTestId('category-tile').filter({ hasText: '社会保障' }).tap();
  await page.getByTestId('service-item').first().waitFor();
  await at('services');
  await page.getByTestId('service-item').filter({ hasText: '城乡居民基本养老保险参保登记' }).tap();
  await page.getByTestId('guide-online-qr').waitFor();
  await at('guide');
  await page.getByTestId('apply-button').tap();
  await page.getByTestId('manual-entry').tap();
  await page.getByTestId('application-form').waitFor();
  await page.getByTestId('form-name').fill('林秀英');
  await page.getByTestId('form-id-number').fill('440825194803150020');
  await page.getByTestId('form-address').fill('广东省徐闻县下桥镇示范村');
  await page.getByTestId('form-phone').fill('13800000000');
  await closeKeyboard(page);
  await page.getByTestId('form-confirm').tap();
  await page.getByTestId('documents-skip').tap();
  await page.getByTestId('face-decline').tap();
  await page.getByTestId('review-screen').waitFor();
  await at('review');
  await submitReview(page);
  await page.getByTestId('acceptance-number').waitFor();
  await at('done');
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

  const modes: Mode[] = [
    { layout: 'portrait', elder: false },
    { layout: 'portrait', elder: true },
    { layout: 'landscape', elder: false },
    { layout: 'landscape', elder: true },
    { layout: 'portrait', elder: false, contrast: true },
    { layout: 'portrait', elder: true, contrast: true },
  ];
  for (const mode of modes) {
    it(`passes axe and the target-size check in ${modeName(mode)}, every flow to its end`, async () => {
      expect([...(await walk(mode)), ...(await walkGovernment(mode))]).toEqual([]);
    });
  }
});
