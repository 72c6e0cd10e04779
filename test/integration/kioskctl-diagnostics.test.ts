// kioskctl health | selftest | logs export as a technician runs them, against a site config with its own data
// folder: health as JSON, self-tests that pass against the printer simulator process and fail (exit 4) with the
// reason when it is out of paper, and the log export with personal data redacted.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startPrinterSimulatorProcess } from '../../core/devices/printer-simulator.ts';
import { sendPrinterStep } from '../../drivers/printer/simulator/control-client.ts';
import { notePlannedRestart, noteRestart } from '../../core/watchdog/restart-record.ts';
import { kioskctl } from '../helpers/kioskctl.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('kioskctl-diagnostics-');
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function siteConfig(dataDir: string, devices: Record<string, unknown> = {}): string {
  const site = path.join(tempDir(), 'site.json');
  writeFileSync(
    site,
    JSON.stringify({
      dataDir,
      devices: {
        idcard: { mode: 'none' },
        receiptPrinter: { mode: 'none' },
        a4Printer: { queue: null },
        ...devices,
      },
    }),
  );
  return site;
}

describe('kioskctl diagnostics', () => {
  it('prints the health report as JSON, saying the kiosk is not running', async () => {
    const site = siteConfig(tempDir());
    const out = await kioskctl(['health', '--config', site, '--json']);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({
      kioskCode: 'XW-DEMO-001',
      kioskRunning: false,
      restarts: 0,
      devices: { idcard: 'unknown', receiptPrinter: 'unknown', a4Printer: 'none' },
      outbox: { pending: 0, oldestPendingAgeSeconds: null },
      network: { hub: 'none' },
    });
  });

  it('counts the restarts the watchdog recorded', async () => {
    const dataDir = tempDir();
    noteRestart(dataDir, 'backend', 'killed by SIGKILL');
    noteRestart(dataDir, 'renderer', 'page not answering');
    notePlannedRestart(dataDir);
    const out = await kioskctl(['health', '--config', siteConfig(dataDir), '--json']);
    expect(JSON.parse(out.stdout)).toMatchObject({ restarts: 2 });
  });

  it('runs the self-tests: pass with the printer simulator, exit 4 with the reason when it is out of paper', async () => {
    const sim = await startPrinterSimulatorProcess({ rootDir: ROOT_DIR, dir: tempDir(), paper: '80mm' });
    stops.push(() => sim.stop());
    const site = siteConfig(tempDir(), {
      receiptPrinter: { mode: 'serial', path: sim.path },
    });
    const good = await kioskctl(['selftest', 'receiptPrinter', 'disk', 'network', '--config', site, '--json']);
    expect(good.code).toBe(0);
    expect((JSON.parse(good.stdout) as { id: string; status: string }[]).map((r) => [r.id, r.status])).toEqual([
      ['receiptPrinter', 'pass'],
      ['disk', 'pass'],
      ['network', 'skipped'],
    ]);
    await sendPrinterStep(sim.control, { state: { paperOut: true } });
    const bad = await kioskctl(['selftest', 'receiptPrinter', '--config', site]);
    expect(bad.code).toBe(4);
    expect(bad.stdout).toContain('✗ receiptPrinter');
    expect(bad.stdout).toContain('小票打印机缺纸');
    expect(bad.stderr).toContain('receiptPrinter PRINTER_PAPER_OUT');
    expect((await kioskctl(['selftest', 'fridge', '--config', site])).code).toBe(1);
  });

  it('exports the logs to a folder with personal data redacted', async () => {
    const dataDir = tempDir();
    mkdirSync(path.join(dataDir, 'logs'));
    writeFileSync(
      path.join(dataDir, 'logs', 'kiosk.log'),
      `${JSON.stringify({ msg: 'card 440825194803150020 read', name: '陈阿婆' })}\n`,
    );
    const usb = tempDir();
    const out = await kioskctl(['logs', 'export', '--to', usb, '--config', siteConfig(dataDir)]);
    expect(out.code).toBe(0);
    const [file] = readdirSync(usb);
    expect(file).toMatch(/^kiosk-logs-XW-DEMO-001-\d{8}T\d{6}Z\.jsonl\.gz$/);
    const text = gunzipSync(readFileSync(path.join(usb, file!))).toString('utf8');
    expect(text).not.toContain('440825194803150020');
    expect(text).not.toContain('陈阿婆');
    expect((await kioskctl(['logs', 'export', '--config', siteConfig(dataDir)])).code).toBe(1);
  });
});
