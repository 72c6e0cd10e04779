// The console's calls to /staff/api/: the session cookie goes by itself (same origin), the CSRF token from the
// sign-in answer goes in a header on everything that changes state. A 401 means the session ended.
import { CSRF_HEADER, type StaffRole } from '../../../core/protocol/staff.ts';

export interface SessionProbe {
  signedIn: boolean;
}

export interface Session {
  account: string;
  roles: StaffRole[];
  csrfToken: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onSignedOut: () => void = () => undefined;

export function setApiSession(session: Session | null, signedOut: () => void): void {
  csrfToken = session?.csrfToken ?? '';
  onSignedOut = signedOut;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers[CSRF_HEADER] = csrfToken;
  const response = await fetch(`/staff/api${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const value = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) {
    if (response.status === 401 && path !== '/session') onSignedOut();
    throw new ApiError(
      response.status,
      value?.error?.code ?? 'HTTP',
      value?.error?.message ?? `HTTP ${response.status}`,
    );
  }
  return value as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  delete: <T>(path: string) => call<T>('DELETE', path),
};

/** What staff read for a refusal: plain Chinese for the common ones, the hub's message otherwise. */
export function problemText(error: unknown): string {
  if (!(error instanceof ApiError)) return '连接管理中心失败，请检查网络后重试';
  switch (error.code) {
    case 'HUB_UNAUTHORIZED':
      return '账号或密码不对，或账号已停用';
    case 'HUB_RATE_LIMITED':
      return '登录失败次数过多，请 15 分钟后再试';
    case 'HUB_FORBIDDEN':
      return '您的账号没有这项权限';
    case 'HUB_CSRF':
      return '页面已过期，请刷新后重试';
    case 'HUB_NOT_FOUND':
      return `找不到：${error.message}`;
    default:
      return `操作未成功：${error.message}`;
  }
}
