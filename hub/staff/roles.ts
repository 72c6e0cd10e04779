// Staff roles (core/protocol/staff.ts): an account may hold several; this reads them from text.
import { STAFF_ROLES, type StaffRole } from '../../core/protocol/staff.ts';

export { STAFF_ROLES, STAFF_ROLE_NAMES, type StaffRole } from '../../core/protocol/staff.ts';

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
