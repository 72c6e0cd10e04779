// Provisioning a blank kiosk against a real hub on loopback: the kiosk makes its device key, enrols, writes its
// provisioning record and downloads the catalogue, then serves without a restart. Every failure (hub down, hub
// answering garbage, hub refusing) leaves it blank with no record; decommissioning wipes everything; a power
// cut while the record is written leaves the old record.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskError } from '../../core/api/errors.ts';
import { loadKioskSetup } from '../../core/provisioning/kiosk-setup.ts';
import { provisioningFile, readProvisioningRecord, writeProvisioningRecord } from '../../core/provisioning/record.ts';
import type { KioskRuntime } from '../../core/provisioning/runtime.ts';
import { startHub } from '../../hub/server.ts';
import { startLocalHub, type LocalHub } from '../../scripts/local-hub.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { blankKioskOverrides, provisionForm, startRuntime } from '../helpers/provisioning.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('provisioning-');
let hub: LocalHub;
const runtimes: KioskRuntime[] = [];

async function blankKiosk(dataDir = tempDir()) {
  const runtime = await startRuntime(dataDir, { enrolTimeoutMs: 3_000 });
  runtimes.push(runtime);
  return { runtime, dataDir };
}

async function failure(promise: Promise<unknown>): Promise<KioskError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(KioskError);
  return error as KioskError;
}

/** Still blank, and nothing of a record on disk. */
async function expectBlank(runtime: KioskRuntime, dataDir: string) {
  expect(await runtime.api.getProvisioningState({})).toMatchObject({ provisioned: false });
  expect(existsSync(provisioningFile(dataDir))).toBe(false);
  expect(existsSync(`${provisioningFile(dataDir)}.tmp`)).toBe(false);
  expect((await failure(runtime.api.listCategories({}))).code).toBe('NOT_PROVISIONED');
}

/** A server answering every request with `status` and `body`. */
async function answering(status: number, body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(status, { 'content-type': 'text/html' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  hub = await startLocalHub({
    dataDir: tempDir(),
    sampleFile: path.join(ROOT_DIR, 'kiosk-config/catalogue/sample-catalogue.json'),
    log: silentLogger(),
  });
});
afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
  await hub.close();
});

describe('provisioning a blank kiosk', () => {
  it('starts with no identity when neither a record nor its config names it', async () => {
    const { runtime, dataDir } = await blankKiosk();
    expect(runtime.setup().identity).toBe('none');
    await expectBlank(runtime, dataDir);
  });

  it('enrols, writes the record, downloads the catalogue and serves without a restart', async () => {
    const { runtime, dataDir } = await blankKiosk();
    const steps: string[] = [];
    runtime.api.subscribe((event) => event.type === 'provisioning.progress' && steps.push(event.step));
    const token = await hub.issueEnrolmentToken('440825');
    const result = await runtime.api.provision(provisionForm(hub.url, token));
    expect(steps).toEqual(['keys', 'enrol', 'catalogue']);
    expect(result).toMatchObject({ kioskCode: 'XW-PROV-001', catalogueProblem: null });
    expect(result.catalogueVersion).toBeGreaterThanOrEqual(1);

    const record = readProvisioningRecord(dataDir)!;
    expect(record).toMatchObject({ kioskCode: 'XW-PROV-001', regionCode: '440825100201', hubUrl: hub.url });
    expect(record.trustedKeys).toEqual([{ keyId: hub.trusted.keyId, publicKey: hub.trusted.publicKey }]);
    expect(await runtime.api.getKioskInfo({})).toMatchObject({ kioskCode: 'XW-PROV-001', siteName: record.siteName });
    expect((await runtime.api.listCategories({})).length).toBeGreaterThan(0);
    // The catalogue came from the hub as a verified bundle, not from the seed file.
    expect(readdirSync(path.join(dataDir, 'catalogue', 'bundles')).length).toBeGreaterThan(0);
    expect((await failure(runtime.api.provision(provisionForm(hub.url, token)))).code).toBe('ALREADY_PROVISIONED');

    // Started again, it is the same kiosk.
    await runtime.close();
    const again = await startRuntime(dataDir);
    runtimes.push(again);
    expect(again.setup().identity).toBe('provisioned');
    expect(await again.api.getProvisioningState({})).toMatchObject({ provisioned: true, kioskCode: 'XW-PROV-001' });
  });

  it('says the hub cannot be reached when it is down, and writes nothing', async () => {
    const down = await answering(200, '');
    await down.close();
    const { runtime, dataDir } = await blankKiosk();
    const error = await failure(runtime.api.provision(provisionForm(down.url, 'x'.repeat(43))));
    expect(error.code).toBe('HUB_UNAVAILABLE');
    await expectBlank(runtime, dataDir);
  });

  it('refuses a hub that answers garbage, and writes nothing', async () => {
    for (const [status, body] of [
      [200, '<html>captive portal</html>'],
      [200, '{"kioskCode": "XW-PROV-001"}'],
      [500, 'Internal Server Error'],
    ] as const) {
      const garbage = await answering(status, body);
      const { runtime, dataDir } = await blankKiosk();
      const error = await failure(runtime.api.provision(provisionForm(garbage.url, 'x'.repeat(43))));
      expect(error.code).toBe('ENROL_BAD_ANSWER');
      await expectBlank(runtime, dataDir);
      await garbage.close();
    }
  });

  it('passes on the hub’s refusals (unknown, reused, wrong region) and writes nothing', async () => {
    const { runtime, dataDir } = await blankKiosk();
    expect((await failure(runtime.api.provision(provisionForm(hub.url, 'y'.repeat(43))))).code).toBe(
      'ENROL_TOKEN_UNKNOWN',
    );
    const elsewhere = await hub.issueEnrolmentToken('440823');
    expect((await failure(runtime.api.provision(provisionForm(hub.url, elsewhere)))).code).toBe(
      'ENROL_REGION_MISMATCH',
    );
    const used = await hub.issueEnrolmentToken('440825');
    const other = await blankKiosk();
    await other.runtime.api.provision(provisionForm(hub.url, used, 'XW-PROV-OTHER'));
    expect((await failure(runtime.api.provision(provisionForm(hub.url, used, 'XW-PROV-003')))).code).toBe(
      'ENROL_TOKEN_USED',
    );
    await expectBlank(runtime, dataDir);
  });

  it('passes on an expired token', async () => {
    let now = new Date('2026-11-22T02:00:00.000Z');
    const staff = 'staff-token-for-expiry';
    const clocked = await startHub({
      dataDir: tempDir(),
      staffTokens: [staff],
      trustedKeys: [hub.trusted],
      log: silentLogger(),
      now: () => now,
    });
    const issued = await fetch(new URL('/v1/enrolment-tokens', clocked.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: JSON.stringify({ region: '440825', validMinutes: 10 }),
    });
    const { token } = (await issued.json()) as { token: string };
    now = new Date(now.getTime() + 11 * 60_000);
    const { runtime, dataDir } = await blankKiosk();
    expect((await failure(runtime.api.provision(provisionForm(clocked.url, token)))).code).toBe('ENROL_TOKEN_EXPIRED');
    await expectBlank(runtime, dataDir);
    await clocked.close();
  });

  it('refuses bad input before it touches the hub', async () => {
    const { runtime, dataDir } = await blankKiosk();
    const form = provisionForm(hub.url, 'z'.repeat(43));
    expect((await failure(runtime.api.provision({ ...form, regionCode: '440825000000' }))).code).toBe(
      'API_BAD_REQUEST',
    );
    expect(existsSync(path.join(dataDir, 'keys'))).toBe(false);
  });
});

describe('decommissioning', () => {
  it('wipes databases, outbox, keys, record and catalogue, and comes back blank', async () => {
    const { runtime, dataDir } = await blankKiosk();
    await runtime.api.provision(provisionForm(hub.url, await hub.issueEnrolmentToken('440825'), 'XW-PROV-004'));
    const core = runtime.core()!;
    await core.technician.setPin('246810', 'test');
    const signIn = await runtime.api.technicianSignIn({ pin: '246810' });
    if (signIn.outcome !== 'signed-in') throw new Error(`sign-in: ${signIn.outcome}`);
    expect((await failure(runtime.api.decommission({ session: 'not-a-session-at-all-xx' }))).code).toBe(
      'TECHNICIAN_SIGN_IN_REQUIRED',
    );
    const changes: boolean[] = [];
    runtime.api.subscribe((event) => event.type === 'provisioning.changed' && changes.push(event.provisioned));
    await runtime.api.decommission({ session: signIn.session, reprovision: true });

    expect(changes).toEqual([false]);
    expect(readdirSync(dataDir)).toEqual([]);
    const state = await runtime.api.getProvisioningState({});
    expect(state).toEqual({
      provisioned: false,
      suggested: expect.objectContaining({ kioskCode: 'XW-PROV-004', regionCode: '440825100201' }),
    });
    await expectBlank(runtime, dataDir);
  });
});

describe('a power cut while the record is written', () => {
  it('leaves the old record in force and ignores the half-written temp file', async () => {
    const dataDir = tempDir();
    const record = {
      kioskCode: 'XW-PROV-005',
      regionCode: '440825100201',
      siteName: '示范村',
      siteAddress: '',
      hubUrl: hub.url,
      trustedKeys: [{ keyId: hub.trusted.keyId, publicKey: hub.trusted.publicKey }],
      config: { hubUrl: hub.url, pollSeconds: 60 },
      enrolledAt: '2026-11-22T02:00:00.000Z',
    };
    writeProvisioningRecord(dataDir, record);
    // The new record got as far as its temp file, cut off mid-way.
    const newer = JSON.stringify({ ...record, kioskCode: 'XW-PROV-NEW' });
    writeFileSync(`${provisioningFile(dataDir)}.tmp`, newer.slice(0, newer.length / 2));

    expect(readProvisioningRecord(dataDir)).toEqual(record);
    const setup = loadKioskSetup({ rootDir: ROOT_DIR, overrides: blankKioskOverrides(dataDir) });
    expect(setup.identity).toBe('provisioned');
    expect(setup.config.kioskCode).toBe('XW-PROV-005');
    expect(JSON.parse(readFileSync(provisioningFile(dataDir), 'utf8'))).toEqual(record);
  });

  it('treats a damaged record as a config error, not as a blank kiosk', () => {
    const dataDir = tempDir();
    writeFileSync(provisioningFile(dataDir), '{"kioskCode": ');
    expect(() => loadKioskSetup({ rootDir: ROOT_DIR, overrides: blankKioskOverrides(dataDir) })).toThrow(
      /provisioning\.json: not valid JSON/,
    );
  });
});
