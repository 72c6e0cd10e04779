// Staff roles: what each lets an account do in the console. An account may hold several.
export const STAFF_ROLES = ['catalogue_editor', 'case_worker', 'fleet_admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const STAFF_ROLE_NAMES: Record<StaffRole, string> = {
  catalogue_editor: '目录编辑',
  case_worker: '办件人员',
  fleet_admin: '设备管理员',
};

export function isStaffRole(value: string): value is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(value);
}

/** Roles from a comma-separated list ("case_worker,fleet_admin"); throws on an unknown one. */
export function parseRoles(text: string): StaffRole[] {
  const roles = text
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
  for (const role of roles) {
    if (!isStaffRole(role)) throw new Error(`unknown role "${role}"; roles are ${STAFF_ROLES.join(', ')}`);
  }
  return [...new Set(roles)] as StaffRole[];
}
