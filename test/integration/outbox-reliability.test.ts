// Reliability: 1,000 applications taken by a kiosk process that is killed at random points (SIGKILL, as a power
// cut) and restarted, while the hub is stopped and started again and again on the same port. At the end every
// submission the kiosk committed (the moment the citizen is told "submitted") is at the hub exactly once, with
// exactly the content the kiosk committed.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDeviceKeys } from '../../core/outbox/device-keys.ts';
import type { Hub } from '../../hub/server.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { openTestHubDatabase, startTestHub } from '../helpers/test-hub.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('outbox-reliability-');
const TOTAL = 1_000;
const TOKEN = 'staff';
// The kiosk here sends 1,000 submissions in a minute or two, far more than a kiosk's day: the hub's rate limits
// (tested in hub-limits.test.ts) would only slow the test down.
const scale = { kiosk: { perSecond: 10_000, burst: 100_000 } };

describe('outbox reliability', () => {
  it('delivers every committed submission exactly once, byte for byte, through kills and hub restarts', async () => {
    const random = seededRandom(20261122);
    const hubDir = tempDir();
    const kioskDir = tempDir();
    let hub: Hub | null = await startTestHub({
      dataDir: hubDir,
      staffTokens: [TOKEN],
      trustedKeys: [],
      log: silentLogger(),
      scale,
    });
    const port = Number(new URL(hub.url).port);
    const hubUrl = hub.url;
    const keys = loadDeviceKeys(path.join(kioskDir, 'keys'));
    const enrol = await fetch(new URL('/v1/kiosks', hubUrl), {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kioskCode: 'XW-DEMO-001', regionCode: '440825100201', publicKey: keys.publicKeyPem }),
    });
    expect(enrol.status).toBe(201);

    // The hub goes down and comes back every few hundred milliseconds while the kiosk works.
    let flapping = true;
    const flapper = (async () => {
      while (flapping) {
        await new Promise((resolve) => setTimeout(resolve, 150 + random() * 500));
        if (!flapping) break;
        if (hub) {
          await hub.close();
          hub = null;
        } else {
          hub = await startTestHub({
            dataDir: hubDir,
            port,
            staffTokens: [TOKEN],
            trustedKeys: [],
            log: silentLogger(),
            scale,
          });
        }
      }
    })();

    const committed = new Map<string, { acceptanceNumber: string; payload: unknown }>();
    let kills = 0;
    const run = (first: number, killAfterMs: number | null) =>
      new Promise<void>((resolve) => {
        const child: ChildProcess = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            path.join(ROOT_DIR, 'test/fixtures/kiosk-submitter.ts'),
            kioskDir,
            hubUrl,
            String(first),
            String(TOTAL - first),
            '3',
          ],
          { cwd: ROOT_DIR, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let buffer = '';
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          buffer += chunk;
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) {
            const [word, id, acceptanceNumber, payload] = line.split(' ');
            if (word === 'committed' && id && acceptanceNumber && payload) {
              committed.set(id, {
                acceptanceNumber,
                payload: JSON.parse(Buffer.from(payload, 'base64').toString('utf8')),
              });
            }
          }
        });
        const timer =
          killAfterMs === null
            ? null
            : setTimeout(() => {
                kills += 1;
                child.kill('SIGKILL');
              }, killAfterMs);
        child.on('exit', () => {
          if (timer) clearTimeout(timer);
          resolve();
        });
      });

    // Killed at random moments until all 1,000 are committed (a line is printed only after a commit, so a kill
    // between the commit and the line loses nothing at the hub but a line here: counted from the kiosk's file).
    while (committed.size < TOTAL) {
      await run(committed.size, 400 + random() * 1_200);
    }
    flapping = false;
    await flapper;
    if (!hub)
      hub = await startTestHub({
        dataDir: hubDir,
        port,
        staffTokens: [TOKEN],
        trustedKeys: [],
        log: silentLogger(),
        scale,
      });
    // The last run is left to finish: it drains the queue with the hub up.
    await run(TOTAL, null);

    const kioskDb = new Database(path.join(kioskDir, 'outbox.sqlite'), { readonly: true });
    const onKiosk = kioskDb.prepare('SELECT id, state FROM submissions').all() as { id: string; state: string }[];
    kioskDb.close();
    const hubDb = await openTestHubDatabase(hubDir);
    const atHub = await hubDb.query<{ id: string; acceptance_number: string; submission: string }>(
      'SELECT id, acceptance_number, submission FROM submissions',
    );
    await hubDb.close();
    await hub.close();

    console.log(`reliability: ${committed.size} committed, ${kills} kills, ${atHub.length} at the hub`);
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(onKiosk.every((row) => row.state === 'acknowledged')).toBe(true);
    // Exactly once: one row per id (the primary key) and one per acceptance number.
    expect(new Set(atHub.map((row) => row.acceptance_number)).size).toBe(atHub.length);
    expect(atHub.length).toBe(onKiosk.length);
    const byId = new Map(atHub.map((row) => [row.id, row]));
    for (const [id, entry] of committed) {
      const stored = byId.get(id);
      expect(stored?.acceptance_number).toBe(entry.acceptanceNumber);
      expect((JSON.parse(stored!.submission) as { payload: unknown }).payload).toEqual(entry.payload);
    }
    expect(committed.size).toBeGreaterThanOrEqual(TOTAL);
  }, 600_000);
});
