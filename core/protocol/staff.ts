// The staff console's wire vocabulary, shared by the hub (hub/staff/) and the console (renderer/staff-console/):
// roles, fleet alerts and the names staff read for them.
export const STAFF_ROLES = ['catalogue_editor', 'case_worker', 'fleet_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_NAMES: Record<StaffRole, string> = {
  catalogue_editor: '目录编辑',
  case_worker: '办件人员',
  fleet_admin: '设备管理员',
};

export const FLEET_ALERTS = ['offline', 'never-heard', 'paper-out', 'sync-backlog', 'refused-submissions'] as const;
export type FleetAlert = (typeof FLEET_ALERTS)[number];

export const FLEET_ALERT_NAMES: Record<FleetAlert, string> = {
  offline: '离线超过 1 小时',
  'never-heard': '从未上报',
  'paper-out': '凭条打印机缺纸',
  'sync-backlog': '待上传积压',
  'refused-submissions': '有被拒收的申请',
};

/** The header that carries a session's CSRF token on every state-changing staff request. */
export const CSRF_HEADER = 'x-csrf-token';
