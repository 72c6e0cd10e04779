/// <reference lib="dom" />
// The legal-service steps an application passes in the browser, for tests whose subject lies elsewhere (the card
// reader, the camera, printing, the outbox): the legal-aid eligibility question, the case questions with
// plausible answers, the papers to tick and sign, and the review before submitting.
import type { Page } from 'playwright-core';

/**
 * Closes the on-screen keyboard if a filled field left it open, as a villager taps 收起键盘 before 下一步: on a
 * landscape screen in 长辈版 the keyboard covers the form's buttons.
 */
export async function closeKeyboard(page: Page): Promise<void> {
  const keyboard = page.getByTestId('field-keyboard');
  if ((await keyboard.count()) === 0) return;
  await keyboard.locator('[data-key="close"]').tap();
  await keyboard.waitFor({ state: 'detached' });
}

/** Legal aid's first step: a group with no means test (a migrant worker claiming wages). */
export async function passEligibility(page: Page): Promise<void> {
  await page.getByTestId('eligibility-group').first().tap();
  await page.getByTestId('eligibility-continue').tap();
}

/**
 * After the applicant's form: answers every case question shown, ticks and signs the papers if asked
 * (`beforeSigning` runs when the papers are on screen).
 */
export async function passCaseSteps(page: Page, options: { beforeSigning?: () => Promise<void> } = {}): Promise<void> {
  const form = page.getByTestId('case-form');
  await form.waitFor();
  for (const group of await form.locator('[role="radiogroup"]').all()) {
    await group.locator('label.choice').first().tap();
  }
  for (const field of await form.locator('input.input, textarea').all()) {
    if ((await field.inputValue()) !== '') continue;
    const keyboard = await field.getAttribute('data-keyboard');
    // A date field (行政复议's decision date) shows its format as the placeholder and wants a day in the past.
    const isDate = /^\d{4}-\d{2}-\d{2}$/.test((await field.getAttribute('placeholder')) ?? '');
    await field.fill(
      isDate
        ? '2026-10-08'
        : keyboard === 'numeric'
          ? '3'
          : keyboard === 'phone'
            ? '13800000000'
            : '张三拖欠工资三个月',
    );
  }
  await closeKeyboard(page);
  await page.getByTestId('case-confirm').tap();
  const declarations = page.getByTestId('declarations-screen');
  const next = await Promise.race([
    declarations.waitFor().then(() => 'declarations' as const),
    page
      .getByTestId('documents-skip')
      .waitFor()
      .then(() => 'documents' as const),
  ]);
  if (next === 'declarations') {
    await options.beforeSigning?.();
    await signDeclarations(page);
  }
}

/** Ticks every paper and signs with a short stroke in the box. */
export async function signDeclarations(page: Page): Promise<void> {
  for (const box of await page.getByTestId('declaration-agree').all()) await box.check();
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 40, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 30, { steps: 5 });
  await page.mouse.move(box.x + box.width - 40, box.y + box.height - 30, { steps: 5 });
  await page.mouse.up();
  await page.locator('[data-testid="signature-pad"][data-signed]').waitFor();
  await page.getByTestId('declarations-confirm').tap();
}

/** The review page: submit as it is. */
export async function submitReview(page: Page): Promise<void> {
  await page.getByTestId('review-submit').tap();
}

/** Home → 法律援助 → its first service → details typed by hand, no photos, no face photo → the end screen. */
export async function applyByHand(page: Page, idNumber: string): Promise<void> {
  await page.getByTestId('category-tile').filter({ hasText: '法律援助' }).first().tap();
  await page.getByTestId('service-item').first().tap();
  await page.getByTestId('apply-button').tap();
  await passEligibility(page);
  await page.getByTestId('manual-entry').tap();
  await page.getByTestId('form-name').fill('林秀英');
  await page.getByTestId('form-id-number').fill(idNumber);
  await page.getByTestId('form-address').fill('广东省徐闻县下桥镇示范村');
  await page.getByTestId('form-phone').fill('13800000000');
  await page.getByTestId('form-confirm').tap();
  await passCaseSteps(page);
  await page.getByTestId('documents-skip').tap();
  await page.getByTestId('face-decline').tap();
  await submitReview(page);
}
