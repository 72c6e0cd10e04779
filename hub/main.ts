// Runs the hub: tsx hub/main.ts [--data DIR] [--port N] [--host 127.0.0.1] [--trust KEYID=PUB.pem ...]
//   [--public-url URL]
// Environment: HUB_STAFF_TOKEN (required; several tokens separated by commas, for rotation), HUB_DATA_DIR,
// HUB_PORT, HUB_PUBLIC_URL (the address kiosks are given at enrolment), HUB_LOG_LEVEL, HUB_DATABASE_URL
// (postgres://USER:PASSWORD@HOST:5432/DB; default: hub.sqlite in the data folder), HUB_CATALOGUE_KEY (a PKCS#8
// PEM Ed25519 key the staff console's editor signs catalogue versions with) with HUB_CATALOGUE_KEY_ID (its id, which
// must also be given with --trust); limits: HUB_MAX_STREAMS
// (open catalogue event streams), HUB_TRUSTED_PROXIES (addresses or CIDR blocks whose X-Forwarded-For is
// believed), HUB_RATE_KIOSK and HUB_RATE_ADDRESS (requests per second/burst, e.g. 2/120).
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { TrustedKey } from '../core/catalogue/bundle-manifest.ts';
import type { RateLimit } from './limits.ts';
import { startHub, type HubScaleOptions } from './server.ts';

const USAGE =
  'usage: tsx hub/main.ts [--data DIR] [--port N] [--host 127.0.0.1] [--trust KEYID=PUB.pem ...] [--public-url URL]';

function fail(message: string): never {
  console.error(`hub: ${message}`);
  process.exit(2);
}

function readTrustedKey(spec: string): TrustedKey {
  const split = spec.indexOf('=');
  if (split <= 0 || split === spec.length - 1) fail(`--trust wants KEYID=PUB.pem, got "${spec}"`);
  const keyId = spec.slice(0, split);
  const file = spec.slice(split + 1);
  let publicKey: string;
  try {
    publicKey = readFileSync(file, 'utf8');
    // Fail at start, not at the first publication, on a file that is not a public key.
    if (createPublicKey(publicKey).asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
  } catch (error) {
    fail(`cannot read the public key of ${keyId} from ${file}: ${(error as Error).message}`);
  }
  return { keyId, publicKey };
}

function rateFromEnv(name: string): RateLimit | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const match = /^(\d+(?:\.\d+)?)\/(\d+)$/.exec(text);
  if (!match || Number(match[1]) <= 0 || Number(match[2]) < 1) fail(`${name} wants PER_SECOND/BURST, e.g. 2/120`);
  return { perSecond: Number(match[1]), burst: Number(match[2]) };
}

function scaleFromEnv(): HubScaleOptions {
  const scale: HubScaleOptions = {};
  const maxStreams = process.env.HUB_MAX_STREAMS;
  if (maxStreams) {
    if (!/^\d{1,7}$/.test(maxStreams)) fail(`HUB_MAX_STREAMS wants a number, got "${maxStreams}"`);
    scale.maxStreams = Number(maxStreams);
  }
  const proxies = (process.env.HUB_TRUSTED_PROXIES ?? '').split(',').filter((entry) => entry.trim() !== '');
  if (proxies.length > 0) scale.trustedProxies = proxies;
  const kiosk = rateFromEnv('HUB_RATE_KIOSK');
  if (kiosk) scale.kiosk = kiosk;
  const address = rateFromEnv('HUB_RATE_ADDRESS');
  if (address) scale.address = address;
  return scale;
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        trust: { type: 'string', multiple: true, default: [] },
        'public-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }

  const staffTokens = (process.env.HUB_STAFF_TOKEN ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token.length > 0);
  if (staffTokens.length === 0) {
    fail(
      'HUB_STAFF_TOKEN is not set. Set it to a long random secret (e.g. `openssl rand -hex 32`); staff tools send it to publish.',
    );
  }
  const portText = args.port ?? process.env.HUB_PORT ?? '8440';
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port > 65_535) fail(`not a port number: ${portText}`);
  const dataDir = path.resolve(args.data ?? process.env.HUB_DATA_DIR ?? 'data/hub');
  const trustedKeys = args.trust.map(readTrustedKey);

  const log = pino({
    level: process.env.HUB_LOG_LEVEL ?? 'info',
    base: { app: 'hub' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  if (trustedKeys.length === 0) log.warn('no --trust keys: every bundle will be refused');

  // Behind a proxy the listening address is not the one kiosks reach: enrolment tells them this one.
  const publicUrl = args['public-url'] ?? process.env.HUB_PUBLIC_URL;
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/]+$/.test(publicUrl)) {
    fail(`--public-url wants an address like https://hub.example.gov.cn, got "${publicUrl}"`);
  }
  let catalogueKey: { keyId: string; privateKey: string } | undefined;
  const catalogueKeyFile = process.env.HUB_CATALOGUE_KEY;
  if (catalogueKeyFile) {
    const keyId = process.env.HUB_CATALOGUE_KEY_ID ?? '';
    if (keyId === '') fail('HUB_CATALOGUE_KEY needs HUB_CATALOGUE_KEY_ID, the id kiosks know the key by');
    try {
      catalogueKey = { keyId, privateKey: readFileSync(catalogueKeyFile, 'utf8') };
    } catch (error) {
      fail(`cannot read the catalogue key from ${catalogueKeyFile}: ${(error as Error).message}`);
    }
  }
  const databaseUrl = process.env.HUB_DATABASE_URL;
  const hub = await startHub({
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    host: args.host,
    port,
    staffTokens,
    trustedKeys,
    log,
    ...(publicUrl ? { publicUrl } : {}),
    ...(catalogueKey ? { catalogueKey } : {}),
    scale: scaleFromEnv(),
  });
  console.log(`hub listening on ${hub.url} (data in ${dataDir})`);
  const stop = () => {
    void hub.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // A database the hub cannot use (HUB_DB_URL, HUB_DB_UNREACHABLE, HUB_DB_TOO_NEW) says its code.
  const code = (error as { code?: unknown }).code;
  fail(
    typeof code === 'string' && code.startsWith('HUB_DB_')
      ? `${code}: ${(error as Error).message}`
      : (error as Error).message,
  );
});
