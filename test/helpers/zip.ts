// Reads one file out of a zip with Python's zipfile (python3 is on every build machine), so the hub's own zip
// writer (hub/staff/xlsx.ts) is checked by a reader it shares nothing with: every entry's CRC is verified first.
import { spawnSync } from 'node:child_process';

const READ_PART = `
import io, sys, zipfile
archive = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
bad = archive.testzip()
if bad is not None:
    sys.exit("bad CRC in " + bad)
sys.stdout.buffer.write(archive.read(sys.argv[1]))
`;

export function readZipPart(zip: Uint8Array, name: string): string {
  const result = spawnSync('python3', ['-c', READ_PART, name], { input: zip, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`python3 zipfile: ${result.stderr.toString() || result.error?.message}`);
  return result.stdout.toString('utf8');
}
