// Signs electron-updater's metadata for a release, writing <file>.sig beside each file (electron/update-metadata.ts).
// Run on the release machine after electron-builder, before uploading the release folder:
//   npm run release:sign-update -- release/latest-linux.yml release/latest-linux-arm64.yml \
//     --key keys/release-2026.key.pem --key-id release-2026
// Keys are Ed25519 pairs as `npm run kioskctl -- catalogue keygen --key-id release-2026 --out keys` makes them;
// the public half goes into the kiosks' shell.json (updates.trustedKeys).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { signUpdateMetadata, verifyUpdateMetadata } from '../electron/update-metadata.ts';
import { createPublicKey } from 'node:crypto';

const USAGE = 'usage: sign-update-metadata <latest*.yml>... --key <private key PEM> --key-id <id>';

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { key: { type: 'string' }, 'key-id': { type: 'string' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (!values.key || !values['key-id'] || positionals.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const privateKeyPem = readFileSync(values.key, 'utf8');
  const keyId = values['key-id'];
  // The public half, to check each signature before it leaves this machine.
  const publicKey = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
  for (const file of positionals) {
    const name = path.basename(file);
    if (!/^latest.*\.yml$/.test(name)) {
      console.error(`${file}: not electron-updater metadata (latest*.yml)`);
      return 2;
    }
    const bytes = readFileSync(file);
    const signature = signUpdateMetadata(name, bytes, privateKeyPem, keyId);
    const metadata = verifyUpdateMetadata(name, bytes, signature, [{ keyId, publicKey }]);
    writeFileSync(`${file}.sig`, signature);
    console.log(`${file}.sig  (version ${metadata.version}, key ${keyId})`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`sign-update-metadata: ${(error as Error).message}`);
  process.exitCode = 1;
}
