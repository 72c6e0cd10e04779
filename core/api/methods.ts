// The names of the KioskApi methods, free of any dependency so the Electron preload can check them
// without bundling the schemas. Their input schemas are in contract.ts.
export const KIOSK_METHODS = [
  'getKioskInfo',
  'listCategories',
  'listServices',
  'getService',
  'search',
  'getIdCardStatus',
  'getDeviceSettings',
  'getPrinterStatus',
  'synthesizeSpeech',
  'printServiceGuide',
  'printApplicationForm',
  'printAcceptanceReceipt',
  'printTemplate',
  'submitApplication',
  'submitRating',
  'getMySubmissions',
  'pinyinCandidates',
  'endSession',
  'technicianSignIn',
  'technicianSignOut',
  'getOutboxStatus',
  'syncOutboxNow',
  'getTechnicianAudit',
  'runSelfTest',
  'getHealth',
  'listLogTargets',
  'exportLogs',
  'getProvisioningState',
  'provision',
  'decommission',
] as const;

export type KioskMethod = (typeof KIOSK_METHODS)[number];

export function isKioskMethod(name: string): name is KioskMethod {
  return (KIOSK_METHODS as readonly string[]).includes(name);
}
