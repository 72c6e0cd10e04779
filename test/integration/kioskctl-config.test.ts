// kioskctl config check as a technician runs it: a good site file is summarised; a bad one exits 4 naming the
// file, the field and what is allowed, the same words the kiosk shows on its "needs configuration" screen.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kioskctl } from '../helpers/kioskctl.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('kioskctl-config-');

function site(content: unknown): string {
  const file = path.join(tempDir(), 'site.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('kioskctl config check', () => {
  it('summarises a configuration that validates', async () => {
    const file = site({ kioskCode: 'XW-TEST-009', devices: { idcard: { mode: 'none' } } });
    const run = await kioskctl(['config', 'check', '--config', file, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      kioskCode: 'XW-TEST-009',
      regionCode: '440825100201',
      devices: { idcard: 'none', a4Printer: 'kiosk-a4' },
    });
  });

  it('exits 4 naming the file, the field and what is allowed', async () => {
    const file = site({ regionCode: '4408', devices: { receiptPrinter: { paper: '60mm' } } });
    const run = await kioskctl(['config', 'check', '--config', file]);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    // The file as the loader names it (relative to the working folder when that is shorter).
    expect(run.stderr).toContain(`${path.basename(path.dirname(file))}/site.json: regionCode: must be a 12-digit`);
    expect(run.stderr).toContain('(CONFIG_INVALID)');
    const broken = await kioskctl(['config', 'check', '--config', site('{"kioskCode": ')]);
    expect(broken.code).toBe(4);
    expect(broken.stderr).toMatch(/site\.json: not valid JSON/);
  });
});
