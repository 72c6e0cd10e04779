// What the technician screen can ask of diagnostics (KioskApi runSelfTest, getHealth, listLogTargets,
// exportLogs): self-tests over the kiosk's running devices, the health report, and log export to a mounted USB
// drive or the kiosk's own exports folder. Only listed folders are written to: the screen names a target, it
// cannot make the back end write anywhere it likes.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { KioskError } from '../api/errors.ts';
import type { HealthReport, SelfTestId, SelfTestResult } from '../protocol/diagnostics.ts';
import { exportLogs, removableDrives, type ExportedLogs, type ExportTarget } from './log-export.ts';
import { runSelfTest, type SelfTestDevices } from './self-tests.ts';

export interface DiagnosticsDesk {
  runSelfTest(id: SelfTestId): Promise<SelfTestResult>;
  health(): Promise<HealthReport>;
  logTargets(): ExportTarget[];
  exportLogs(target: string): ExportedLogs;
}

export interface DiagnosticsDeskOptions {
  kioskCode: string;
  devices: SelfTestDevices;
  health: () => Promise<HealthReport>;
  logsDir: string;
  /** data/exports: always offered, for a technician who copies the file off another way. */
  exportsDir: string;
  /** Mounted removable drives; /media and /run/media mounts by default. */
  drives?: () => ExportTarget[];
}

export function exportsDirOf(dataDir: string): string {
  return path.join(dataDir, 'exports');
}

export function createDiagnosticsDesk(options: DiagnosticsDeskOptions): DiagnosticsDesk {
  const targets = (): ExportTarget[] => [
    ...(options.drives ?? removableDrives)(),
    { path: options.exportsDir, label: 'exports', removable: false },
  ];
  return {
    runSelfTest: (id) => runSelfTest(id, options.devices),
    health: options.health,
    logTargets: targets,
    exportLogs: (target) => {
      // Not listed (any more): most often a USB drive pulled out after the screen listed it, so the technician
      // hears the plain export failure; a path the screen made up is refused the same way.
      if (!targets().some((candidate) => candidate.path === target)) {
        throw new KioskError('LOGS_EXPORT_FAILED', `${target} is not a drive or folder logs can be exported to`);
      }
      try {
        // The kiosk's own folder is made on first use; a path taken by a file is a failed export, said plainly.
        if (target === options.exportsDir) mkdirSync(target, { recursive: true });
        return exportLogs(options.logsDir, target, options.kioskCode);
      } catch (error) {
        throw new KioskError('LOGS_EXPORT_FAILED', (error as Error).message);
      }
    },
  };
}
