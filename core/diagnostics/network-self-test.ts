// The network self-test: the hub answers over HTTP, and the kiosk's clock is close to the hub's (read from the
// hub's Date header). Signed requests carry a timestamp the hub refuses beyond MAX_CLOCK_SKEW_MS; the kiosk
// corrects for that by itself, but receipts, logs and certificate checks use the system clock, so a clock
// that far off is a fault to fix.
import { HubError, request } from '../catalogue/download.ts';
import type { SelfTestResult } from '../protocol/diagnostics.ts';
import { MAX_CLOCK_SKEW_MS } from '../protocol/submissions.ts';
import { fail, pass, skipped } from './result.ts';

export interface NetworkSelfTestOptions {
  timeoutMs?: number;
  /** Largest clock difference that still passes. */
  maxOffsetMs?: number;
  now?: () => Date;
}

/** "10 分钟" / "10 min", the rounded size of an offset. */
function offsetText(ms: number): { zh: string; en: string } {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes >= 1) return { zh: `${minutes} 分钟`, en: `${minutes} min` };
  const seconds = Math.round(Math.abs(ms) / 1000);
  return { zh: `${seconds} 秒`, en: `${seconds} s` };
}

export async function networkSelfTest(
  hubUrl: string | null,
  options: NetworkSelfTestOptions = {},
): Promise<SelfTestResult> {
  if (!hubUrl) return skipped('network', { zh: '本机未配置中心服务器', en: 'This kiosk has no hub configured' });
  const now = options.now ?? (() => new Date());
  const sentAt = now().getTime();
  let response: Response;
  try {
    // Any HTTP answer proves the hub is reachable; the path only needs to exist on the hub's router.
    response = await request(
      new URL('/v1/catalogue/current', hubUrl).toString(),
      { method: 'HEAD' },
      options.timeoutMs ?? 10_000,
    );
    await response.body?.cancel();
  } catch (error) {
    return fail(
      'network',
      'HUB_UNREACHABLE',
      { zh: '连不上中心服务器', en: 'The hub cannot be reached' },
      {
        zh: '检查网线或4G路由器是否在线，再检查配置中的服务器地址',
        en: 'Check the network cable or 4G router, then the hub address in the config',
      },
      { hub: hubUrl, detail: error instanceof HubError ? error.message : String(error) },
    );
  }
  const receivedAt = now().getTime();
  if (response.status >= 500) {
    return fail(
      'network',
      'HUB_ERROR',
      {
        zh: `中心服务器出错（HTTP ${response.status}）`,
        en: `The hub answers with an error (HTTP ${response.status})`,
      },
      { zh: '稍后再试；一直出错请告知中心工作人员', en: 'Try again later; if it persists, tell the central staff' },
      { hub: hubUrl, httpStatus: response.status },
    );
  }
  const hubDate = Date.parse(response.headers.get('date') ?? '');
  if (Number.isNaN(hubDate)) {
    return pass(
      'network',
      { zh: '中心服务器可以连通（未报告时间）', en: 'The hub is reachable (it sent no time)' },
      {
        hub: hubUrl,
        roundTripMs: receivedAt - sentAt,
      },
    );
  }
  // The Date header has whole seconds: compare it with the middle of the round trip.
  const offsetMs = hubDate - (sentAt + receivedAt) / 2;
  const details = { hub: hubUrl, roundTripMs: receivedAt - sentAt, clockOffsetSeconds: Math.round(offsetMs / 1000) };
  const maxOffsetMs = options.maxOffsetMs ?? MAX_CLOCK_SKEW_MS;
  if (Math.abs(offsetMs) > maxOffsetMs) {
    const size = offsetText(offsetMs);
    const ahead = offsetMs < 0;
    return fail(
      'network',
      'CLOCK_OFF',
      {
        zh: `本机时钟比中心服务器${ahead ? '快' : '慢'}了 ${size.zh}`,
        en: `The kiosk clock is ${size.en} ${ahead ? 'ahead of' : 'behind'} the hub's`,
      },
      {
        zh: '开启自动对时（timedatectl set-ntp true），或在系统设置里改正时间',
        en: 'Turn on network time (timedatectl set-ntp true) or set the system time correctly',
      },
      details,
    );
  }
  return pass(
    'network',
    { zh: '中心服务器可以连通，时钟一致', en: 'The hub is reachable and the clocks agree' },
    details,
  );
}
