// What the screens ask of the outbox: take an application or a rating (durably, before saying "submitted"),
// show a citizen their submissions (the hub's view when it answers, this kiosk's own when it does not), and
// report the queue to the technician.
import type { KioskInput, MySubmission, MySubmissions, OutboxStatusView, SubmissionReceipt } from '../api/contract.ts';

import { KioskError } from '../api/errors.ts';
import { canonicalJson } from '../protocol/canonical-json.ts';
import { citizenSubmissionsSchema, SUBMISSIONS_API } from '../protocol/submissions.ts';
import type { SignedHubClient } from './hub-client.ts';
import type { NewSubmission, Outbox } from './outbox.ts';
import type { SyncWorker } from './sync-worker.ts';

export interface SubmissionsDeskOptions {
  outbox: Outbox;
  /** Absent when the kiosk has no hub: submissions then wait until one is configured. */
  sync: SyncWorker | null;
  client: SignedHubClient | null;
  now?: () => Date;
}

/** The outbox's request key of an input that carries a requestId: the id and what else was asked. */
function requestOf(input: { requestId?: string | undefined }): Pick<NewSubmission, 'request'> {
  if (!input.requestId) return {};
  const { requestId, ...asked } = input;
  return { request: { id: requestId, content: canonicalJson(asked) } };
}

export class SubmissionsDesk {
  constructor(private readonly options: SubmissionsDeskOptions) {}

  submitApplication(input: KioskInput<'submitApplication'>): SubmissionReceipt {
    const at = (this.options.now?.() ?? new Date()).toISOString();
    const receipt = this.options.outbox.submit({
      serviceId: input.serviceId,
      payload: {
        kind: 'application',
        applicant: input.applicant,
        fields: input.fields ?? {},
        consents: (input.consents ?? []).map((consent) => ({ ...consent, at })),
        attachments: [],
      },
      attachments: (input.attachments ?? []).map((file) => ({
        kind: file.kind,
        contentType: file.contentType,
        data: Buffer.from(file.dataBase64, 'base64'),
      })),
      ...requestOf(input),
    });
    this.options.sync?.nudge();
    return { acceptanceNumber: receipt.acceptanceNumber, submittedAt: receipt.createdAt };
  }

  submitRating(input: KioskInput<'submitRating'>): SubmissionReceipt {
    const receipt = this.options.outbox.submit({
      serviceId: input.serviceId,
      payload: {
        kind: 'rating',
        rating: {
          level: input.level,
          comment: input.comment ?? '',
          anonymous: false,
          indicators: {},
          ...(input.acceptanceNumber ? { acceptanceNumber: input.acceptanceNumber } : {}),
        },
      },
      ...requestOf(input),
    });
    this.options.sync?.nudge();
    return { acceptanceNumber: receipt.acceptanceNumber, submittedAt: receipt.createdAt };
  }

  async mySubmissions(idNumber: string): Promise<MySubmissions> {
    const local: MySubmission[] = this.options.outbox
      .forApplicant(idNumber)
      .filter((entry) => entry.kind === 'application')
      .map((entry) => ({
        acceptanceNumber: entry.acceptanceNumber,
        serviceId: entry.serviceId,
        createdAt: entry.createdAt,
        status: entry.caseStatus,
        reason: entry.statusReason,
        missing: entry.statusMissing,
        delivered: entry.state === 'acknowledged',
      }));
    const { client } = this.options;
    if (!client) return { source: 'local', submissions: local };
    try {
      const answer = citizenSubmissionsSchema.parse(
        await client.json<unknown>('POST', `${SUBMISSIONS_API}/citizen-lookup`, { idNumber }),
      );
      const fromHub: MySubmission[] = answer.submissions.map((entry) => ({ ...entry, delivered: true }));
      // What this kiosk has not delivered yet is not at the hub: show it too.
      const known = new Set(fromHub.map((entry) => entry.acceptanceNumber));
      const waiting = local.filter((entry) => !known.has(entry.acceptanceNumber));
      const all = [...waiting, ...fromHub].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return { source: 'hub', submissions: all };
    } catch {
      return { source: 'local', submissions: local };
    }
  }

  /** A submission made on this kiosk, by the number on its receipt. */
  find(acceptanceNumber: string) {
    return this.options.outbox.byAcceptanceNumber(acceptanceNumber);
  }

  status(): OutboxStatusView {
    const { outbox } = this.options;
    const summary = outbox.summary();
    const lastError = outbox.getState('lastError');
    return {
      pending: summary.pending + summary.sent,
      acknowledged: summary.acknowledged,
      rejected: summary.rejected,
      oldestPendingAt: summary.oldestPendingAt,
      lastSyncAt: outbox.getState('lastSyncAt'),
      lastError: lastError === '' ? null : lastError,
      hub: this.options.sync ? 'configured' : 'none',
      refused: outbox
        .rejected()
        .map((entry) => ({ acceptanceNumber: entry.acceptanceNumber, reason: entry.lastError })),
    };
  }

  /** For kioskctl outbox sync --now and tests. */
  async syncNow() {
    if (!this.options.sync) throw new KioskError('HUB_UNAVAILABLE', 'this kiosk has no hub configured');
    return this.options.sync.syncNow();
  }
}
