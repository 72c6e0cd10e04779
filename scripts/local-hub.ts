// The hub `npm start` runs beside the kiosk on this machine, so the whole catalogue path works out of the box:
// a development signing key and a staff token are made on first start (kept under the data folder, never
// committed), the sample catalogue is published as a signed bundle, and the kiosk trusts that key and polls
// this hub. Staff commands (kioskctl catalogue publish …) work against it as against the real one.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TrustedKey } from '../core/catalogue/bundle.ts';
import { buildBundle } from '../core/catalogue/bundle.ts';
import { catalogueSchema } from '../core/catalogue/schema.ts';
import { HubStaffClient } from '../core/cli/catalogue-publish.ts';
import type { Logger } from '../core/log.ts';
import { tokenIssuedSchema } from '../core/protocol/enrolment.ts';
import { startHub } from '../hub/server.ts';

export const LOCAL_KEY_ID = 'dev-local';

export interface LocalHub {
  url: string;
  tokenFile: string;
  keyFile: string;
  trusted: TrustedKey;
  /** Enrols a kiosk's device key directly (staff route), for a kiosk whose config files name it. */
  enrol(kioskCode: string, regionCode: string, publicKey: string): Promise<void>;
  /** Issues a single-use enrolment token for kiosks in `region`, as staff do for provisioning. */
  issueEnrolmentToken(region: string, validMinutes?: number): Promise<string>;
  close(): Promise<void>;
}

/** Reads a file, or makes it with `make` first (mode 0600: these are secrets). */
function readOrMake(file: string, make: () => string): string {
  if (!existsSync(file)) writeFileSync(file, make(), { mode: 0o600 });
  return readFileSync(file, 'utf8');
}

export async function startLocalHub(options: { dataDir: string; sampleFile: string; log: Logger }): Promise<LocalHub> {
  const dir = path.join(options.dataDir, 'local-hub');
  mkdirSync(dir, { recursive: true });
  const keyFile = path.join(dir, `${LOCAL_KEY_ID}.key.pem`);
  const publicFile = path.join(dir, `${LOCAL_KEY_ID}.pub.pem`);
  if (!existsSync(keyFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const trusted = { keyId: LOCAL_KEY_ID, publicKey: readFileSync(publicFile, 'utf8') };
  const tokenFile = path.join(dir, 'staff-token');
  const token = readOrMake(tokenFile, () => randomBytes(24).toString('base64url')).trim();
  const hub = await startHub({
    dataDir: path.join(dir, 'hub'),
    staffTokens: [token],
    trustedKeys: [trusted],
    // npm start's kiosk looks for new catalogues often, so a publication shows within seconds.
    kioskPollSeconds: 15,
    log: options.log,
  });

  const staff = new HubStaffClient(hub.url, token);
  if ((await staff.list()).length === 0) {
    const catalogue = catalogueSchema.parse(JSON.parse(readFileSync(options.sampleFile, 'utf8')));
    const bundleDir = path.join(dir, 'bundles', `v${catalogue.version}`);
    buildBundle(bundleDir, {
      catalogue,
      privateKey: readFileSync(keyFile, 'utf8'),
      keyId: LOCAL_KEY_ID,
      regions: ['440000'],
      profiles: ['fabaobao', 'yuezizhu'],
      now: new Date(),
      validDays: 365,
    });
    await staff.publish(bundleDir);
    await staff.rollout(catalogue.catalogueId, catalogue.version, ['440000']);
  }
  const staffPost = async (pathname: string, body: unknown): Promise<unknown> => {
    const response = await fetch(new URL(pathname, hub.url), {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`the local hub refused ${pathname}: ${await response.text()}`);
    return response.json();
  };
  const enrol = async (kioskCode: string, regionCode: string, publicKey: string) => {
    await staffPost('/v1/kiosks', { kioskCode, regionCode, publicKey });
  };
  const issueEnrolmentToken = async (region: string, validMinutes = 60) =>
    tokenIssuedSchema.parse(await staffPost('/v1/enrolment-tokens', { region, validMinutes })).token;
  return { url: hub.url, tokenFile, keyFile, trusted, enrol, issueEnrolmentToken, close: () => hub.close() };
}
