// kioskctl catalogue as staff use it from a shell: make a key, sign the sample catalogue with an attachment,
// verify it as a kiosk would, and see a tampered bundle refused with its reason; then publish to a hub on
// loopback with a delta, stage the rollout, roll back by republishing, and see a kiosk follow every step.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURE_REGION } from '../helpers/catalogue-fixture.ts';
import { catalogueKiosk } from '../helpers/catalogue-kiosk.ts';
import { kioskctl } from '../helpers/kioskctl.ts';
import { SAMPLE_CATALOGUE } from '../helpers/paths.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { startTestHub } from '../helpers/test-hub.ts';
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

  it('publishes full and delta bundles to the hub, stages the rollout, and rolls back with a higher version', async () => {
    const keys = tempDir();
    await kioskctl(['catalogue', 'keygen', '--key-id', 'gd-pub', '--out', keys]);
    const key = ['--key', path.join(keys, 'gd-pub.key.pem'), '--key-id', 'gd-pub'];
    const trusted = { keyId: 'gd-pub', publicKey: readFileSync(path.join(keys, 'gd-pub.pub.pem'), 'utf8') };
    const hub = await startTestHub({
      dataDir: tempDir(),
      staffTokens: ['s3cret'],
      trustedKeys: [trusted],
      log: silentLogger(),
    });
    const kiosk = catalogueKiosk(tempDir(), hub.url, [trusted]);
    try {
      const sample = JSON.parse(readFileSync(SAMPLE_CATALOGUE, 'utf8')) as {
        catalogueId: string;
        version: number;
        items: { id: string; title: string }[];
      };
      const source = tempDir();
      writeFileSync(path.join(source, 'catalogue.json'), JSON.stringify(sample));
      const v1 = path.join(tempDir(), 'v1');
      expect(await kioskctl(['catalogue', 'build', source, ...key, '--out', v1])).toMatchObject({ code: 0 });

      const noToken = await kioskctl(['catalogue', 'publish', v1, '--hub', hub.url]);
      expect(noToken).toMatchObject({ code: 1, stderr: expect.stringContaining('KIOSK_HUB_TOKEN') });
      const wrongToken = await kioskctl(['catalogue', 'publish', v1, '--hub', hub.url, '--token', 'guess']);
      expect(wrongToken).toMatchObject({ code: 4, stderr: expect.stringContaining('HUB_UNAUTHORIZED') });
      const token = ['--hub', hub.url, '--token', 's3cret'];
      const published = await kioskctl(['catalogue', 'publish', v1, ...token, '--rollout', '440000']);
      expect(published).toMatchObject({ code: 0, stdout: expect.stringContaining('current in 440000') });
      expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'installed', version: sample.version });

      // Version 2 renames one service; staged to another county first, then to this kiosk's county.
      const renamed = { ...sample, version: sample.version + 1 };
      renamed.items = sample.items.map((item, index) =>
        index === 0 ? { ...item, title: `${item.title}（新）` } : item,
      );
      writeFileSync(path.join(source, 'catalogue.json'), JSON.stringify(renamed));
      const v2 = path.join(tempDir(), 'v2');
      const delta = path.join(tempDir(), 'v2-delta');
      const built = await kioskctl([
        'catalogue',
        'build',
        source,
        ...key,
        '--out',
        v2,
        '--delta-from',
        v1,
        '--delta-out',
        delta,
      ]);
      expect(JSON.parse(built.stdout)).toMatchObject({ delta: { base: sample.version, changed: 1, removed: 0 } });
      expect(await kioskctl(['catalogue', 'publish', delta, v2, ...token, '--rollout', '440882'])).toMatchObject({
        code: 0,
      });
      expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'up-to-date' });
      const rollout = ['catalogue', 'rollout', ...token, '--catalogue', sample.catalogueId];
      expect(await kioskctl([...rollout, '--version', String(renamed.version), '--regions', '440825'])).toMatchObject({
        code: 0,
      });
      expect(await kiosk.updater.checkNow()).toEqual({ outcome: 'installed', version: renamed.version, via: 'delta' });
      const scope = { profile: 'fabaobao', regionCode: FIXTURE_REGION } as const;
      const firstId = sample.items[0]!.id;
      expect(kiosk.store.getService(scope, firstId).title).toBe(`${sample.items[0]!.title}（新）`);

      // Rollback: version 1's content comes back as version 3.
      const rollback = await kioskctl([
        'catalogue',
        'rollback',
        ...token,
        '--to',
        String(sample.version),
        ...key,
        '--regions',
        '440000',
      ]);
      expect(rollback).toMatchObject({
        code: 0,
        stdout: expect.stringContaining(`republished as ${sample.version + 2}`),
      });
      expect(await kiosk.updater.checkNow()).toMatchObject({ outcome: 'installed', version: sample.version + 2 });
      expect(kiosk.store.getService(scope, firstId).title).toBe(sample.items[0]!.title);

      const list = JSON.parse((await kioskctl(['catalogue', 'list', ...token, '--json'])).stdout) as {
        bundleId: string;
      }[];
      expect(list.map((entry) => entry.bundleId)).toEqual([
        `v${sample.version + 2}`,
        `v${sample.version + 1}`,
        `v${sample.version + 1}-from-${sample.version}`,
        `v${sample.version}`,
      ]);
    } finally {
      kiosk.close();
      await hub.close();
    }
    const down = await kioskctl(['catalogue', 'list', '--hub', hub.url, '--token', 's3cret']);
    expect(down).toMatchObject({ code: 3, stderr: expect.stringContaining('cannot be reached') });
  });
});
