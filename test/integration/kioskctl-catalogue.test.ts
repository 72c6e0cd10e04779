// kioskctl catalogue as staff use it from a shell: make a key, sign the sample catalogue with an attachment,
// verify it as a kiosk would, and see a tampered bundle refused with its reason.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kioskctl } from '../helpers/kioskctl.ts';
import { SAMPLE_CATALOGUE } from '../helpers/paths.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('kioskctl-catalogue-');

describe('kioskctl catalogue', () => {
  it('makes a key, builds a signed bundle, verifies it, and refuses it once tampered with', async () => {
    const keys = tempDir();
    expect(await kioskctl(['catalogue', 'keygen', '--key-id', 'gd-test', '--out', keys])).toMatchObject({ code: 0 });
    expect(await kioskctl(['catalogue', 'keygen', '--key-id', 'gd-test', '--out', keys])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('never overwritten'),
    });

    const source = tempDir();
    cpSync(SAMPLE_CATALOGUE, path.join(source, 'catalogue.json'));
    mkdirSync(path.join(source, 'attachments'));
    writeFileSync(path.join(source, 'attachments', 'form.pdf'), '%PDF-1.4 form');
    const out = path.join(tempDir(), 'bundle');
    const build = await kioskctl([
      'catalogue',
      'build',
      source,
      '--key',
      path.join(keys, 'gd-test.key.pem'),
      '--key-id',
      'gd-test',
      '--out',
      out,
    ]);
    expect(build.stderr).toBe('');
    expect(JSON.parse(build.stdout)).toMatchObject({ files: 2 });

    const trust = `gd-test=${path.join(keys, 'gd-test.pub.pem')}`;
    const good = await kioskctl(['catalogue', 'verify', out, '--trust', trust]);
    expect(good).toMatchObject({ code: 0, stdout: expect.stringMatching(/is good \(signed by gd-test\)/) });

    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      version: number;
      files: { path: string; sha256: string }[];
    };
    const replay = await kioskctl([
      'catalogue',
      'verify',
      out,
      '--trust',
      trust,
      '--installed',
      String(manifest.version),
    ]);
    expect(replay).toMatchObject({ code: 4, stderr: expect.stringContaining('BUNDLE_NOT_NEWER') });

    const stored = path.join(out, 'files', manifest.files.find((file) => file.path === 'attachments/form.pdf')!.sha256);
    writeFileSync(stored, '%PDF-1.4 fake');
    const tampered = await kioskctl(['catalogue', 'verify', out, '--trust', trust]);
    expect(tampered).toMatchObject({ code: 4, stderr: expect.stringContaining('BUNDLE_HASH_MISMATCH') });
  });
});
