// Builders for self-test results, so each test states only its outcome, its plain reason and the fix.
import type { PlainText, SelfTestId, SelfTestResult } from '../protocol/diagnostics.ts';

type Details = SelfTestResult['details'];

export function pass(id: SelfTestId, reason: PlainText, details: Details = {}): SelfTestResult {
  return { id, status: 'pass', code: 'OK', reason, fix: null, details };
}

export function fail(
  id: SelfTestId,
  code: string,
  reason: PlainText,
  fix: PlainText,
  details: Details = {},
): SelfTestResult {
  return { id, status: 'fail', code, reason, fix, details };
}

/** The device is not part of this kiosk: nothing to test, nothing to fix. */
export function skipped(id: SelfTestId, reason: PlainText): SelfTestResult {
  return { id, status: 'skipped', code: 'NOT_CONFIGURED', reason, fix: null, details: {} };
}
