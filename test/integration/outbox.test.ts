// The outbox on real SQLite files: a submission is committed whole with its acceptance number, sealed at rest
// with a device key that lives outside the database, refused cleanly when the disk is full, and purged down to
// its number and status after the retention period.
import Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/database.ts';
import { loadDeviceKeys } from '../../core/outbox/device-keys.ts';
import { OUTBOX_MIGRATIONS } from '../../core/outbox/migrations/index.ts';
import { Outbox, uuidv7 } from '../../core/outbox/outbox.ts';
import { seal, unseal } from '../../core/outbox/seal.ts';
import { SubmissionsDesk } from '../../core/outbox/submissions-desk.ts';
import type { SubmissionPayload } from '../../core/protocol/submissions.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('outbox-');

const APPLICANT = {
  name: '陈阿婆',
  idNumber: '440825194501011236',
  sex: '女',
  birthDate: '1945-01-01',
  address: '广东省徐闻县下桥镇某村',
  phone: '13800000000',
};

const application = (overrides: Partial<typeof APPLICANT> = {}): SubmissionPayload => ({
  kind: 'application',
  applicant: { ...APPLICANT, ...overrides },
  fields: { facts: '工资被拖欠三个月' },
  consents: [],
  attachments: [],
});

function freshOutbox(now = () => new Date('2026-11-22T02:00:00Z')) {
  const dir = tempDir();
  const keys = loadDeviceKeys(path.join(dir, 'keys'));
  const file = path.join(dir, 'outbox.sqlite');
  const db = openDatabase(file, OUTBOX_MIGRATIONS);
  return { dir, keys, file, db, outbox: new Outbox({ db, kioskCode: 'XW-DEMO-001', dataKey: keys.dataKey, now }) };
}

describe('outbox', () => {
  it('commits a submission with a UUIDv7 id and an acceptance number of the China day', () => {
    // 02:00 UTC is 10:00 in China; 17:00 UTC is already the next day there.
    let clock = new Date('2026-11-22T02:00:00Z');
    const { outbox } = freshOutbox(() => clock);
    const first = outbox.submit({ serviceId: 'legal-aid', payload: application() });
    const second = outbox.submit({ serviceId: 'legal-aid', payload: application() });
    clock = new Date('2026-11-22T17:00:00Z');
    const nextDay = outbox.submit({ serviceId: 'legal-aid', payload: application() });
    expect([first.acceptanceNumber, second.acceptanceNumber, nextDay.acceptanceNumber]).toEqual([
      'XW-DEMO-001-20261122-0001',
      'XW-DEMO-001-20261122-0002',
      'XW-DEMO-001-20261123-0001',
    ]);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([nextDay.id, first.id].sort()[0]).toBe(first.id); // ids sort by time
    expect(outbox.summary()).toMatchObject({ pending: 3, oldestPendingAt: '2026-11-22T02:00:00.000Z' });
    expect(outbox.due(10).map((submission) => submission.id)).toEqual([first.id, second.id, nextDay.id]);
    expect(outbox.due(10)[0]!.payload).toEqual(application());
  });

  it('answers a retried request with the first receipt, never a second submission, and refuses a reused id', () => {
    const { outbox, file, db } = freshOutbox();
    const desk = new SubmissionsDesk({ outbox, sync: null, client: null });
    const input = {
      serviceId: 'legal-aid',
      applicant: APPLICANT,
      fields: { facts: '工资被拖欠三个月' },
      attachments: [{ kind: 'document-photo', contentType: 'image/jpeg' as const, dataBase64: '/9j/4AAQ' }],
      requestId: '0193a4f0-5c2e-7a31-9b4d-2f6e8c1a7d90',
    };
    const first = desk.submitApplication(input);
    // The answer was lost on the way to the screen; the villager taps 再试一次.
    expect(desk.submitApplication(input)).toEqual(first);
    expect(outbox.summary().pending).toBe(1);
    // Another application under the same id is refused, not merged and not stored.
    expect(() => desk.submitApplication({ ...input, fields: { facts: '另一件事' } })).toThrow(
      expect.objectContaining({ code: 'API_BAD_REQUEST' }),
    );
    // Without an id (or with a new one) every call is its own submission.
    const other = desk.submitApplication({ ...input, requestId: '0193a4f0-5c2e-7a31-9b4d-2f6e8c1a7d91' });
    expect(other.acceptanceNumber).not.toBe(first.acceptanceNumber);
    expect(desk.submitApplication({ ...input, requestId: undefined }).acceptanceNumber).toMatch(/-0003$/);
    // Ratings too.
    const rating = { serviceId: 'legal-aid', level: 1, requestId: '0193a4f0-5c2e-7a31-9b4d-2f6e8c1a7d92' };
    expect(desk.submitRating(rating)).toEqual(desk.submitRating(rating));
    expect(outbox.summary().pending).toBe(4);
    // Neither the id's content nor the request digest reveals the application.
    db.close();
    const raw = readFileSync(file);
    expect(raw.includes(Buffer.from('工资被拖欠'))).toBe(false);
  });

  it('keeps payloads and attachments sealed: no name, ID number or photo bytes in the file', () => {
    const { outbox, db, file, dir, keys } = freshOutbox();
    const photo = Buffer.from('\xff\xd8\xff JPEG 身份证正面 photo bytes', 'latin1');
    const { id } = outbox.submit({
      serviceId: 'legal-aid',
      payload: application(),
      attachments: [{ kind: 'document-photo', contentType: 'image/jpeg', data: photo }],
    });
    db.pragma('wal_checkpoint(TRUNCATE)');
    const raw = readFileSync(file);
    for (const secret of [APPLICANT.name, APPLICANT.idNumber, APPLICANT.phone, '工资被拖欠']) {
      expect(raw.includes(Buffer.from(secret))).toBe(false);
    }
    expect(raw.includes(photo)).toBe(false);
    // The keys are files of mode 0600 outside the database.
    for (const name of ['device-signing.key', 'device-data.key']) {
      expect(statSync(path.join(dir, 'keys', name)).mode & 0o777).toBe(0o600);
    }
    expect(raw.includes(keys.dataKey)).toBe(false);
    // With the key the attachment comes back whole, and its ref is in the payload.
    expect(outbox.attachmentsToUpload([id])[0]!.data.equals(photo)).toBe(true);
    const payload = outbox.due(1)[0]!.payload;
    expect(payload.kind === 'application' && payload.attachments[0]).toMatchObject({ size: photo.length });
    // The same keys load again; a sealed value moved to another row does not open.
    expect(loadDeviceKeys(path.join(dir, 'keys')).dataKey.equals(keys.dataKey)).toBe(true);
    const sealed = seal(keys.dataKey, Buffer.from('x'), 'row-a');
    expect(() => unseal(keys.dataKey, sealed, 'row-b')).toThrow();
    expect(uuidv7()).not.toBe(uuidv7());
  });

  it('refuses a submission when the disk is full, keeps nothing half-written, and works again after', () => {
    const { outbox, db, file } = freshOutbox();
    outbox.submit({ serviceId: 'legal-aid', payload: application() });
    // A file that may not grow stands in for a full disk (SQLITE_FULL).
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    const big = Buffer.alloc(200_000, 7);
    expect(() =>
      outbox.submit({
        serviceId: 'legal-aid',
        payload: application(),
        attachments: [{ kind: 'document-photo', contentType: 'image/jpeg', data: big }],
      }),
    ).toThrow(expect.objectContaining({ code: 'OUTBOX_UNAVAILABLE' }));
    expect(outbox.summary().pending).toBe(1);
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT count(*) AS n FROM attachments').get()).toEqual({ n: 0 });
    expect(check.prepare('SELECT last FROM sequences').get()).toEqual({ last: 1 });
    check.close();
    db.pragma('max_page_count = 1073741823');
    expect(outbox.submit({ serviceId: 'legal-aid', payload: application() }).acceptanceNumber).toMatch(/-0002$/);
  });

  it('purges delivered payloads after the retention period, keeping the number and the status', () => {
    let clock = new Date('2026-11-01T02:00:00Z');
    const { outbox, db } = freshOutbox(() => clock);
    const delivered = outbox.submit({
      serviceId: 'legal-aid',
      payload: application(),
      attachments: [{ kind: 'signature', contentType: 'image/png', data: Buffer.from('png') }],
    });
    const waiting = outbox.submit({ serviceId: 'legal-aid', payload: application({ name: '李伯' }) });
    outbox.markSent([delivered.id, waiting.id]);
    outbox.recordResults([{ id: delivered.id, outcome: 'accepted', caseId: 'GD20261101000001', duplicate: false }]);
    outbox.recordFailure([waiting.id], 'HUB_UNREACHABLE: offline');
    outbox.applyStatusUpdates([
      {
        submissionId: delivered.id,
        caseId: 'GD20261101000001',
        status: 'accepted',
        reason: null,
        missing: [],
        at: '2026-11-02T00:00:00.000Z',
      },
    ]);
    clock = new Date('2026-11-05T02:00:00Z');
    expect(outbox.purgeDelivered(7)).toBe(0);
    clock = new Date('2026-11-09T02:00:00Z');
    expect(outbox.purgeDelivered(7)).toBe(1);
    const row = db
      .prepare('SELECT payload, acceptance_number, case_status FROM submissions WHERE id = ?')
      .get(delivered.id);
    expect(row).toEqual({ payload: null, acceptance_number: delivered.acceptanceNumber, case_status: 'accepted' });
    expect(db.prepare('SELECT count(*) AS n FROM attachments WHERE data IS NOT NULL').get()).toEqual({ n: 0 });
    // Never delivered: never purged, whatever its age.
    expect(outbox.due(10).map((submission) => submission.id)).toEqual([waiting.id]);
    expect(outbox.entry(waiting.id)).toMatchObject({ state: 'pending', lastError: 'HUB_UNREACHABLE: offline' });
    // The citizen still finds both by ID number, with the status.
    expect(outbox.forApplicant(APPLICANT.idNumber).map((entry) => entry.caseStatus)).toEqual(['submitted', 'accepted']);
  });

  it('flags submissions the hub refuses for good and keeps retrying the ones it can take later', () => {
    const { outbox } = freshOutbox();
    const bad = outbox.submit({ serviceId: 'legal-aid', payload: application() });
    const later = outbox.submit({ serviceId: 'legal-aid', payload: application() });
    outbox.markSent([bad.id, later.id]);
    outbox.recordResults([
      { id: bad.id, outcome: 'rejected', code: 'SUBMISSION_INVALID', message: 'bad ID number', retryable: false },
      { id: later.id, outcome: 'rejected', code: 'SUBMISSION_ATTACHMENT_MISSING', message: 'upload', retryable: true },
    ]);
    expect(outbox.rejected().map((entry) => entry.acceptanceNumber)).toEqual([bad.acceptanceNumber]);
    expect(outbox.due(10).map((submission) => submission.id)).toEqual([later.id]);
    expect(outbox.summary()).toMatchObject({ pending: 1, rejected: 1 });
  });
});
