// kioskctl catalogue keygen | build | verify: central staff make signing keys and signed bundles; anyone can
// check a bundle against a trusted public key before publishing it.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  BundleError,
  buildBundle,
  buildDeltaBundle,
  readBundleForDelta,
  verifyBundle,
  type BuildOptions,
} from '../catalogue/bundle.ts';
import { catalogueSchema, kioskProfileSchema, type KioskProfile } from '../catalogue/schema.ts';
import { CliError, EXIT, positiveInteger, printJson, printLines } from './output.ts';

export async function catalogueKeygen(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { out: { type: 'string' }, 'key-id': { type: 'string' } },
    strict: true,
  });
  if (!values.out || !values['key-id'])
    throw new CliError(EXIT.usage, 'usage: kioskctl catalogue keygen --key-id ID --out DIR');
  const keyId = values['key-id'];
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(keyId)) throw new CliError(EXIT.usage, '--key-id may use letters, digits, . _ -');
  mkdirSync(values.out, { recursive: true });
  const privateFile = path.join(values.out, `${keyId}.key.pem`);
  if (existsSync(privateFile)) throw new CliError(EXIT.usage, `${privateFile} exists; a key is never overwritten`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  writeFileSync(path.join(values.out, `${keyId}.pub.pem`), publicKey.export({ type: 'spki', format: 'pem' }));
  printLines([`${privateFile} (keep secret)`, path.join(values.out, `${keyId}.pub.pem`) + ' (give to kiosks)']);
}

/** Every file under `dir` except catalogue.json, by its path relative to `dir`. */
function attachmentsIn(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (relative: string) => {
    for (const name of readdirSync(path.join(dir, relative))) {
      const child = path.posix.join(relative, name);
      if (statSync(path.join(dir, child)).isDirectory()) walk(child);
      else if (child !== 'catalogue.json') out[child] = readFileSync(path.join(dir, child));
    }
  };
  walk('');
  return out;
}

export async function catalogueBuild(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      key: { type: 'string' },
      'key-id': { type: 'string' },
      out: { type: 'string' },
      regions: { type: 'string', default: '440000' },
      profiles: { type: 'string', default: 'fabaobao,yuezizhu' },
      'valid-days': { type: 'string' },
      'delta-from': { type: 'string' },
      'delta-out': { type: 'string' },
    },
  });
  const source = positionals[0];
  if ((values['delta-from'] === undefined) !== (values['delta-out'] === undefined)) {
    throw new CliError(EXIT.usage, '--delta-from BASE_BUNDLE_DIR and --delta-out DIR go together');
  }
  if (!source || !values.key || !values['key-id'] || !values.out) {
    throw new CliError(EXIT.usage, 'usage: kioskctl catalogue build SOURCE_DIR --key KEY.pem --key-id ID --out DIR');
  }
  let catalogue;
  try {
    catalogue = catalogueSchema.parse(JSON.parse(readFileSync(path.join(source, 'catalogue.json'), 'utf8')));
  } catch (error) {
    throw new CliError(
      EXIT.usage,
      `${source}/catalogue.json is not a valid catalogue: ${(error as Error).message.slice(0, 300)}`,
    );
  }
  const profiles = values.profiles.split(',').map((profile) => {
    if (!kioskProfileSchema.safeParse(profile).success) throw new CliError(EXIT.usage, `unknown profile ${profile}`);
    return profile as KioskProfile;
  });
  const options: BuildOptions = {
    catalogue,
    attachments: attachmentsIn(source),
    privateKey: readFileSync(values.key, 'utf8'),
    keyId: values['key-id'],
    regions: values.regions.split(','),
    profiles,
    now: new Date(),
    validDays: positiveInteger(values['valid-days'], '--valid-days', 90),
  };
  const manifest = buildBundle(values.out, options);
  const result: Record<string, unknown> = {
    out: values.out,
    version: manifest.version,
    files: manifest.files.length,
    expires: manifest.expires,
  };
  if (values['delta-from'] && values['delta-out']) {
    let base;
    try {
      base = readBundleForDelta(values['delta-from']);
    } catch (error) {
      throw new CliError(EXIT.usage, `--delta-from: ${(error as Error).message}`);
    }
    if (base.catalogue.version >= catalogue.version) {
      throw new CliError(
        EXIT.usage,
        `--delta-from is version ${base.catalogue.version}, not older than ${catalogue.version}`,
      );
    }
    const { delta } = buildDeltaBundle(values['delta-out'], base, options);
    result.delta = {
      out: values['delta-out'],
      base: base.catalogue.version,
      changed: delta.upsert.length,
      removed: delta.remove.length,
    };
  }
  printJson(result);
}

export async function catalogueVerify(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      trust: { type: 'string', multiple: true },
      region: { type: 'string', default: '440825100201' },
      profile: { type: 'string', default: 'fabaobao' },
      installed: { type: 'string' },
    },
  });
  const dir = positionals[0];
  if (!dir || !values.trust)
    throw new CliError(EXIT.usage, 'usage: kioskctl catalogue verify DIR --trust KEYID=PUB.pem');
  const trusted = values.trust.map((entry) => {
    const [keyId, file] = entry.split('=', 2);
    if (!keyId || !file) throw new CliError(EXIT.usage, '--trust takes KEYID=PUBLIC_KEY.pem');
    return { keyId, publicKey: readFileSync(file, 'utf8') };
  });
  const profile = kioskProfileSchema.safeParse(values.profile);
  if (!profile.success) throw new CliError(EXIT.usage, `unknown profile ${values.profile}`);
  try {
    const { manifest } = verifyBundle(dir, {
      trusted,
      installedVersion: values.installed === undefined ? null : positiveInteger(values.installed, '--installed', 0),
      regionCode: values.region,
      profile: profile.data,
      now: new Date(),
    });
    printLines([`bundle ${manifest.catalogueId} version ${manifest.version} is good (signed by ${manifest.keyId})`]);
  } catch (error) {
    if (error instanceof BundleError) throw new CliError(EXIT.deviceError, error.message, error.code);
    throw error;
  }
}
