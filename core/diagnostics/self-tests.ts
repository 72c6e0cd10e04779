// The kiosk's back-end self-tests by id, over the devices it runs (the technician screen) or opens for the
// occasion (kioskctl selftest). Each returns pass, fail or skipped with a plain reason and the fix; none throws.
import type { ReaderSession } from '../../drivers/idcard/session.ts';
import type { PaperWidth } from '../../drivers/printer/receipt.ts';
import type { PrinterService } from '../devices/printer-service.ts';
import type { SelfTestId, SelfTestResult } from '../protocol/diagnostics.ts';
import type { Statfs } from './disk.ts';
import { diskSelfTest } from './disk.ts';
import { idcardSelfTest, type IdCardSelfTestOptions } from './idcard-self-test.ts';
import { networkSelfTest } from './network-self-test.ts';
import { a4PrinterSelfTest, receiptPrinterSelfTest } from './printer-self-tests.ts';
import { fail } from './result.ts';

export { SELF_TEST_IDS, type SelfTestId, type SelfTestResult } from '../protocol/diagnostics.ts';

export interface SelfTestDevices {
  /** The reader's session when the test runs (the kiosk makes it after the diagnostics desk). */
  reader: () => ReaderSession | null;
  printers: PrinterService;
  paper: PaperWidth;
  a4Queue: string | null;
  hubUrl: string | null;
  dataDir: string;
  minFreeDiskBytes: number;
  idcard?: IdCardSelfTestOptions;
  /** Replaces fs.statfs (tests imitate a full disk). */
  statfs?: Statfs;
}

export async function runSelfTest(id: SelfTestId, devices: SelfTestDevices): Promise<SelfTestResult> {
  try {
    switch (id) {
      case 'idcard':
        return await idcardSelfTest(devices.reader(), devices.idcard);
      case 'receiptPrinter':
        return await receiptPrinterSelfTest(devices.printers, devices.paper);
      case 'a4Printer':
        return await a4PrinterSelfTest(devices.printers, devices.a4Queue);
      case 'network':
        return await networkSelfTest(devices.hubUrl);
      case 'disk':
        return await diskSelfTest(devices.dataDir, devices.minFreeDiskBytes, devices.statfs);
    }
  } catch (error) {
    // A test that breaks is a failed test with its detail, never a crash of the screen or the CLI.
    return fail(
      id,
      'SELF_TEST_ERROR',
      { zh: '自检本身出错', en: 'The self-test itself failed' },
      { zh: '导出日志并交给维护人员', en: 'Export the logs and hand them to support' },
      { detail: (error as Error).message },
    );
  }
}
