// Words staff read for the hub's codes (the hub sends codes; the console shows Simplified Chinese).
export const CASE_STATUS_NAMES: Record<string, string> = {
  submitted: '已提交',
  accepted: '受理',
  'in-progress': '办理中',
  completed: '已办结',
  rejected: '不予受理',
  'needs-materials': '需补充材料',
};

export const DEVICE_STATE_NAMES: Record<string, string> = {
  ready: '正常',
  paperOut: '缺纸',
  coverOpen: '机盖打开',
  offline: '离线',
  error: '故障',
  notResponding: '无响应',
  disconnected: '未连接',
  none: '未配置',
  configured: '已配置',
  unknown: '未知',
};

export const TOKEN_STATE_NAMES: Record<string, string> = {
  valid: '有效',
  used: '已使用',
  expired: '已过期',
  revoked: '已撤销',
};

export const AUDIT_ACTION_NAMES: Record<string, string> = {
  signin: '登录',
  'signin.failed': '登录失败',
  'signin.throttled': '登录被限制',
  signout: '退出',
  'case.view': '查看办件',
  'case.attachment': '查看附件',
  'case.status': '更改办件状态',
  'cases.export': '导出办件',
  'review.follow-up': '差评跟进',
  'token.issue': '生成注册码',
  'token.revoke': '撤销注册码',
  'catalogue.rollout': '目录推广',
  'catalogue.withdraw': '目录撤回',
  'catalogue.rollback': '目录回退',
};

const TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An ISO time as Beijing time, e.g. 2026/12/07 10:00. */
export function beijing(iso: string | null | undefined): string {
  return iso ? TIME.format(new Date(iso)) : '—';
}
