// The KioskApi: the one interface the renderer uses to reach the back end, whichever shell hosts it
// (Electron IPC through the preload bridge, or HTTP + WebSocket from the browser host).
// Inputs are validated against these schemas at every boundary; outputs are plain JSON.
import { z } from 'zod';
import { isVillageCode } from '../catalogue/region.ts';
import type { Category, KioskProfile, ServiceItem } from '../catalogue/schema.ts';
import type { KioskErrorData } from './errors.ts';
import type { KioskMethod } from './methods.ts';
import { SELF_TEST_IDS, type HealthReport, type SelfTestResult } from '../protocol/diagnostics.ts';

export type { Category, KioskProfile, ServiceItem } from '../catalogue/schema.ts';
export { KIOSK_METHODS, isKioskMethod, type KioskMethod } from './methods.ts';
export { HOST_PATHS, IPC_CHANNELS, WS_PROTOCOL, WS_TOKEN_PREFIX } from './channels.ts';
export {
  SELF_TEST_IDS,
  type HealthReport,
  type PlainText,
  type SelfTestId,
  type SelfTestResult,
} from '../protocol/diagnostics.ts';

const serviceId = z.string().min(1).max(64);
/**
 * The screen's id for one submit (a UUID, kept for its retries): the same id again returns the first receipt, so
 * a retry after an answer lost on the way never stores the application twice.
 */
const requestId = z.string().uuid();
const applicantSchema = z
  .object({
    name: z.string().trim().min(1).max(60),
    sex: z.string().max(10),
    birthDate: z.string().max(20),
    idNumber: z.string().max(30),
    address: z.string().max(150),
    phone: z.string().max(30),
  })
  .strict();
/** A technician session from technicianSignIn (random, base64url). */
const technicianSession = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'a technician session');
/** A document photo or signature image, base64, at most ~3 MB. */
const attachmentInput = z
  .object({
    kind: z.string().regex(/^[a-z-]{1,40}$/),
    contentType: z.enum(['image/jpeg', 'image/png', 'application/pdf']),
    dataBase64: z.string().min(4).max(4_000_000),
  })
  .strict();

/** What a technician types in to provision a kiosk (the provisioning screen, or kioskctl provision). */
export const provisionInputSchema = z
  .object({
    kioskCode: z.string().regex(/^[A-Z0-9-]{3,32}$/, '3–32 upper-case letters, digits or hyphens'),
    /** Statistical village code, DOMAIN.md §7. */
    regionCode: z.string().refine(isVillageCode, 'a 12-digit village code (county 6 + township 3 + village 3)'),
    siteName: z.string().trim().min(1).max(100),
    siteAddress: z.string().trim().max(200).default(''),
    hubUrl: z.url({ protocol: /^https?$/ }),
    /** The single-use enrolment token the hub issued. */
    token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'an enrolment token'),
  })
  .strict();
export type ProvisionInput = z.input<typeof provisionInputSchema>;

/** Input schema of every method. Adding a method means adding it here, to methods.ts and to KioskApi. */
export const methodInputs = {
  getKioskInfo: z.object({}).strict(),
  listCategories: z.object({}).strict(),
  listServices: z.object({ categoryId: serviceId.optional() }).strict(),
  getService: z.object({ id: serviceId }).strict(),
  search: z.object({ query: z.string().max(50), limit: z.number().int().min(1).max(50).optional() }).strict(),
  getIdCardStatus: z.object({}).strict(),
  getDeviceSettings: z.object({}).strict(),
  getPrinterStatus: z.object({}).strict(),
  synthesizeSpeech: z
    .object({
      text: z.string().trim().min(1).max(600),
      language: z.enum(['zh-CN', 'en']),
      /** Elder mode: spoken more slowly. */
      slow: z.boolean().optional(),
    })
    .strict(),
  printServiceGuide: z.object({ serviceId }).strict(),
  printApplicationForm: z.object({ serviceId, applicant: applicantSchema }).strict(),
  /** A 法律文书模板 item's template, blank, on the A4 printer. */
  printTemplate: z.object({ serviceId }).strict(),
  printAcceptanceReceipt: z
    .object({ acceptanceNumber: z.string().regex(/^[A-Z0-9-]{3,60}$/, 'an acceptance number') })
    .strict(),
  submitApplication: z
    .object({
      serviceId,
      applicant: applicantSchema,
      fields: z.record(z.string().max(60), z.string().max(5000)).optional(),
      consents: z
        .array(z.object({ document: z.string().min(1).max(80), agreed: z.boolean() }).strict())
        .max(20)
        .optional(),
      attachments: z.array(attachmentInput).max(10).optional(),
      requestId: requestId.optional(),
    })
    .strict(),
  submitRating: z
    .object({
      serviceId,
      /** GB/T 39046 coding: 1 非常满意 … 5 非常不满意. */
      level: z.number().int().min(1).max(5),
      comment: z.string().max(500).optional(),
      acceptanceNumber: z.string().max(40).optional(),
      requestId: requestId.optional(),
    })
    .strict(),
  getMySubmissions: z.object({ idNumber: z.string().min(6).max(30) }).strict(),
  pinyinCandidates: z.object({ letters: z.string().regex(/^[a-zA-Z]{0,30}$/, 'letters a–z') }).strict(),
  endSession: z.object({ reason: z.enum(['finished', 'idle', 'technician']) }).strict(),
  technicianSignIn: z.object({ pin: z.string().regex(/^\d{4,12}$/, '4 to 12 digits') }).strict(),
  technicianSignOut: z.object({ session: technicianSession }).strict(),
  getOutboxStatus: z.object({ session: technicianSession }).strict(),
  syncOutboxNow: z.object({ session: technicianSession }).strict(),
  getTechnicianAudit: z.object({ session: technicianSession }).strict(),
  runSelfTest: z.object({ session: technicianSession, id: z.enum(SELF_TEST_IDS) }).strict(),
  getHealth: z.object({ session: technicianSession }).strict(),
  listLogTargets: z.object({ session: technicianSession }).strict(),
  /** target: one of listLogTargets' paths. */
  exportLogs: z.object({ session: technicianSession, target: z.string().min(1).max(500) }).strict(),
  getProvisioningState: z.object({}).strict(),
  provision: provisionInputSchema,
  /** reprovision: the provisioning screen that follows is filled in with this kiosk's identity (not its token). */
  decommission: z.object({ session: technicianSession, reprovision: z.boolean().optional() }).strict(),
} as const satisfies Record<KioskMethod, z.ZodType>;

export interface KioskInfo {
  kioskCode: string;
  profile: KioskProfile;
  siteName: string;
  regionCode: string;
  /** Installed catalogue version; null before the first catalogue is installed. */
  catalogueVersion: number | null;
  /** When the installed catalogue's bundle was made (ISO); null for the seed catalogue or none. */
  catalogueDate: string | null;
  appVersion: string;
  /** Which shell hosts the back end. */
  shell: 'browser' | 'electron';
}

export interface CategorySummary extends Pick<Category, 'id' | 'name' | 'description' | 'icon'> {
  serviceCount: number;
}

export interface ServiceSummary extends Pick<
  ServiceItem,
  'id' | 'categoryId' | 'title' | 'summary' | 'kioskSupported'
> {
  onlineAvailable: boolean;
}

export interface SearchHit {
  service: ServiceSummary;
  /** What matched, so the UI can say why a result is there. */
  matchedOn: 'title' | 'synonym' | 'summary';
}

export interface KioskApi {
  getKioskInfo(input: z.infer<(typeof methodInputs)['getKioskInfo']>): Promise<KioskInfo>;
  /** Categories of this kiosk's profile, in display order. */
  listCategories(input: z.infer<(typeof methodInputs)['listCategories']>): Promise<CategorySummary[]>;
  /** Services of this kiosk's profile and region, optionally of one category, most used first. */
  listServices(input: z.infer<(typeof methodInputs)['listServices']>): Promise<ServiceSummary[]>;
  getService(input: z.infer<(typeof methodInputs)['getService']>): Promise<ServiceItem>;
  search(input: z.infer<(typeof methodInputs)['search']>): Promise<SearchHit[]>;
  /** Whether the ID card reader can read a card now (screens that ask for a card check this first). */
  getIdCardStatus(input: z.infer<(typeof methodInputs)['getIdCardStatus']>): Promise<{ state: IdCardReaderState }>;
  /** How the screens should use devices the renderer drives itself (the camera). */
  getDeviceSettings(input: z.infer<(typeof methodInputs)['getDeviceSettings']>): Promise<DeviceSettings>;
  /**
   * A spoken prompt as audio, for a browser without a voice for the language; null when the kiosk cannot
   * synthesise speech. Screens send prompts and catalogue text only, never personal data.
   */
  synthesizeSpeech(input: z.infer<(typeof methodInputs)['synthesizeSpeech']>): Promise<SpeechAudio | null>;
  /** The receipt printer's state and whether an A4 printer is configured. */
  getPrinterStatus(input: z.infer<(typeof methodInputs)['getPrinterStatus']>): Promise<PrinterStatusView>;
  /** Prints the service's guide as a receipt (materials checklist, place, hours, phone, QR); progress as events. */
  printServiceGuide(input: z.infer<(typeof methodInputs)['printServiceGuide']>): Promise<{ jobId: string }>;
  /** Prints the filled-in application form on A4 for the villager to sign; progress as events. */
  printApplicationForm(input: z.infer<(typeof methodInputs)['printApplicationForm']>): Promise<{ jobId: string }>;
  printTemplate(input: z.infer<(typeof methodInputs)['printTemplate']>): Promise<{ jobId: string }>;
  /** Prints the acceptance receipt (受理回执: number, service, time, next steps, QR) of a submission made here. */
  printAcceptanceReceipt(input: z.infer<(typeof methodInputs)['printAcceptanceReceipt']>): Promise<{ jobId: string }>;
  /**
   * Stores an application durably in the outbox and gives it an acceptance number; it reaches the hub when the
   * network allows. Resolves only after the commit, so the screen may then say "submitted".
   */
  submitApplication(input: z.infer<(typeof methodInputs)['submitApplication']>): Promise<SubmissionReceipt>;
  /** Stores a 好差评 rating like a submission. */
  submitRating(input: z.infer<(typeof methodInputs)['submitRating']>): Promise<SubmissionReceipt>;
  /** A citizen's submissions and their status: from the hub when it answers, else what this kiosk holds. */
  getMySubmissions(input: z.infer<(typeof methodInputs)['getMySubmissions']>): Promise<MySubmissions>;
  /** The on-screen keyboard's pinyin input: the characters the first syllable of `letters` may stand for. */
  pinyinCandidates(input: z.infer<(typeof methodInputs)['pinyinCandidates']>): Promise<PinyinLookup>;
  /**
   * The villager's session ended (完成, nobody there, a technician took over): whatever the back end still
   * holds for it goes (receipts waiting for paper are dropped, so they never print for the next person).
   */
  endSession(input: z.infer<(typeof methodInputs)['endSession']>): Promise<{ ok: true }>;
  /** Opens a technician session with the PIN (wrong PINs are counted and lock sign-in for a while). */
  technicianSignIn(input: z.infer<(typeof methodInputs)['technicianSignIn']>): Promise<TechnicianSignIn>;
  technicianSignOut(input: z.infer<(typeof methodInputs)['technicianSignOut']>): Promise<{ ok: true }>;
  /** Technician: queue depth, oldest waiting, last sync, last error and refused submissions. */
  getOutboxStatus(input: z.infer<(typeof methodInputs)['getOutboxStatus']>): Promise<OutboxStatusView>;
  /** Technician: one sync round now (the 立即同步 button). */
  syncOutboxNow(input: z.infer<(typeof methodInputs)['syncOutboxNow']>): Promise<SyncRoundView>;
  /** Technician: the newest entries of the audit log of technician actions. */
  getTechnicianAudit(input: z.infer<(typeof methodInputs)['getTechnicianAudit']>): Promise<TechnicianAuditEntry[]>;
  /** Technician: one back-end self-test (ID reader, printers, network, disk): pass/fail, plain reason, fix. */
  runSelfTest(input: z.infer<(typeof methodInputs)['runSelfTest']>): Promise<SelfTestResult>;
  /** Technician: the health report (devices, network, catalogue, outbox, disk, memory, uptime, version). */
  getHealth(input: z.infer<(typeof methodInputs)['getHealth']>): Promise<HealthReport>;
  /** Technician: where logs can be exported: mounted USB drives, and the kiosk's own exports folder. */
  listLogTargets(input: z.infer<(typeof methodInputs)['listLogTargets']>): Promise<LogTarget[]>;
  /** Technician: writes the redacted log bundle to one of listLogTargets' folders. */
  exportLogs(input: z.infer<(typeof methodInputs)['exportLogs']>): Promise<LogExport>;
  /** Whether this kiosk has an identity (provisioned, or named by its config) or waits to be provisioned. */
  getProvisioningState(input: z.infer<(typeof methodInputs)['getProvisioningState']>): Promise<ProvisioningState>;
  /**
   * Provisions a kiosk that has no identity: device key, enrolment with the hub, provisioning record, first
   * catalogue download (progress as provisioning.progress events). The kiosk then serves without a restart.
   */
  provision(input: z.infer<(typeof methodInputs)['provision']>): Promise<ProvisioningResult>;
  /** Technician: wipes all data and keys of this kiosk, which then waits to be provisioned again. */
  decommission(input: z.infer<(typeof methodInputs)['decommission']>): Promise<{ ok: true }>;
}

export interface LogTarget {
  path: string;
  /** The drive's name ("KINGSTON"), or "exports" for the kiosk's own folder. */
  label: string;
  removable: boolean;
}

export interface LogExport {
  /** Where the bundle was written (kiosk-logs-<code>-<time>.jsonl.gz). */
  file: string;
  bytes: number;
  lines: number;
}

export type ProvisioningStep = 'keys' | 'enrol' | 'catalogue';

/** Where a kiosk's identity comes from; 'configured': its config files name it (no enrolment record). */
export type ProvisioningState =
  | {
      provisioned: true;
      source: 'provisioned' | 'configured';
      kioskCode: string;
      regionCode: string;
      siteName: string;
      siteAddress: string;
      hubUrl: string | null;
      /** UTC ISO; null for a configured kiosk. */
      enrolledAt: string | null;
    }
  | {
      provisioned: false;
      /** The identity to offer again after a re-provisioning decommission (never a token); null otherwise. */
      suggested: Omit<ProvisionInput, 'token'> | null;
    };

export interface ProvisioningResult {
  kioskCode: string;
  /** The catalogue installed after enrolment; null when none could be downloaded yet (the kiosk keeps trying). */
  catalogueVersion: number | null;
  /** Why no catalogue is installed yet (technical detail for the technician), else null. */
  catalogueProblem: string | null;
}

export type TechnicianSignIn =
  | { outcome: 'signed-in'; session: string; expiresAt: string }
  /** triesLeft: wrong PINs still allowed before sign-in is locked. */
  | { outcome: 'wrong-pin'; triesLeft: number }
  | { outcome: 'locked'; retryAt: string }
  /** No PIN is set on this kiosk yet (kioskctl technician set-pin, or provisioning). */
  | { outcome: 'no-pin' };

export interface TechnicianAuditEntry {
  at: string;
  action: string;
  outcome: string;
  /** Technical detail only, never personal data. */
  detail: string;
}

export interface SyncRoundView {
  ok: boolean;
  sent: number;
  acknowledged: number;
  rejected: number;
  statusUpdates: number;
  error: string | null;
}

export interface SubmissionReceipt {
  acceptanceNumber: string;
  /** UTC ISO time of the commit. */
  submittedAt: string;
}

export type CaseStatus = 'submitted' | 'accepted' | 'in-progress' | 'completed' | 'rejected' | 'needs-materials';

export interface MySubmission {
  acceptanceNumber: string;
  serviceId: string;
  createdAt: string;
  status: CaseStatus;
  reason: string | null;
  missing: string[];
  /** Whether the hub has it yet (false: still waiting on this kiosk to be sent). */
  delivered: boolean;
}

export interface MySubmissions {
  /** 'hub': the hub answered (submissions from every kiosk of the county); 'local': this kiosk's own only. */
  source: 'hub' | 'local';
  submissions: MySubmission[];
}

export interface OutboxStatusView {
  pending: number;
  acknowledged: number;
  rejected: number;
  oldestPendingAt: string | null;
  lastSyncAt: string | null;
  lastError: string | null;
  /** Whether this kiosk sends to a hub at all. */
  hub: 'configured' | 'none';
  /** Submissions the hub refused for good: their numbers and the hub's reason (no content). */
  refused: { acceptanceNumber: string; reason: string | null }[];
}

export interface PrinterStatusView {
  receipt: ReceiptPrinterState;
  a4: 'configured' | 'none';
}

export interface PinyinLookup {
  /** The syllable the candidates are for, or null when the letters start none. */
  syllable: string | null;
  /** The letters after that syllable. */
  rest: string;
  candidates: string[];
}

export interface SpeechAudio {
  contentType: 'audio/wav' | 'audio/ogg';
  dataBase64: string;
}

export interface DeviceSettings {
  voice: {
    enabled: boolean;
    /** 0 to 1. */
    volume: number;
    /** How Chinese is spoken: the browser voice to look for (zh-CN or zh-HK) and the back end's fallback. */
    chinese: 'mandarin' | 'cantonese';
    wordsPerMinute: number;
  };
  camera: {
    /** Part of the label of the camera to use for document photos; null: the first camera. */
    documentCamera: string | null;
    /** Part of the label of the camera facing the villager; null: the first camera. */
    faceCamera: string | null;
    width: number;
    height: number;
    /** Largest JPEG a document photo may be after compression. */
    documentMaxBytes: number;
  };
}

/**
 * ready: a card laid on the reader will be read · connecting: starting up · unavailable: the reader is
 * unplugged or faulty (the technician is told; villagers can type their details instead) · none: this kiosk
 * has no reader.
 */
export type IdCardReaderState = 'ready' | 'connecting' | 'unavailable' | 'none';

/** Why a card on the reader gave no holder: each has its own plain message on screen. */
export type IdCardProblem =
  /** The ID number on the card fails the GB 11643 check: the card may be forged or damaged. */
  | 'IDCARD_ID_NUMBER_INVALID'
  /** The card was taken away before the reader finished: lay it down again and keep it still. */
  | 'IDCARD_CARD_LEFT'
  /** The reader could not read this card (damaged, not an ID card, or a reader fault). */
  | 'IDCARD_UNREADABLE';

/**
 * The card holder as read from an ID card, for filling in forms. It lives in the renderer's session state only
 * and is never stored. Field names follow the driver's IdCardRecord.
 */
export interface CardHolder {
  cardType: 'resident' | 'hkMacauTaiwanResidence' | 'foreignPermanentOld' | 'foreignPermanent';
  chineseName: string;
  englishName: string | null;
  sex: 'male' | 'female' | 'unknown';
  /** Ethnic group name (resident cards). */
  nation: string | null;
  /** ISO 3166 alpha-3 (foreign permanent resident cards). */
  nationality: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  address: string | null;
  /** ID number, or the permit number of an old foreign card. */
  documentNumber: string;
  issuingAuthority: string | null;
  validFrom: string;
  /** null: 长期 (no expiry). */
  validTo: string | null;
  expired: boolean;
  /** The decoded photo as a data: URL when a photo decoder is configured; null shows a placeholder. */
  photo: string | null;
}

export type KioskInput<M extends KioskMethod> = Parameters<KioskApi[M]>[0];
export type KioskOutput<M extends KioskMethod> = Awaited<ReturnType<KioskApi[M]>>;

/** Every call answers with one of these, over IPC and HTTP alike. */
export type KioskResult<T> = { ok: true; value: T } | { ok: false; error: KioskErrorData };

/** Events pushed from the back end to the renderer. */
export type KioskEvent =
  /** Sent first on every new event subscription, so the renderer knows the stream is live. */
  | { type: 'connection.ready' }
  /** Made by the renderer's own transport when the link to the back end drops (it reconnects by itself). */
  | { type: 'connection.lost' }
  /** A catalogue was installed or replaced; screens showing catalogue data should reload. */
  | { type: 'catalogue.changed'; version: number }
  /** Provisioning went on to its next step. */
  | { type: 'provisioning.progress'; step: ProvisioningStep }
  /** The kiosk got an identity, or lost it (decommissioned): the renderer switches between serving and provisioning. */
  | { type: 'provisioning.changed'; provisioned: boolean }
  | { type: 'idcard.status'; state: IdCardReaderState }
  /** A card was read. Only the screen waiting for a card uses it; nothing keeps it after the session. */
  | { type: 'idcard.read'; holder: CardHolder }
  | { type: 'idcard.error'; problem: IdCardProblem }
  /** The card that was read has been taken off the reader. */
  | { type: 'idcard.removed' }
  | { type: 'printer.status'; receipt: ReceiptPrinterState }
  /**
   * A print job's progress: queued → printing → (held ⇄ printing) → done, or failed. `reason` says why a job
   * is held or failed: a printer condition (paperOut, coverOpen…) or a printer error code.
   */
  | {
      type: 'printer.job';
      jobId: string;
      kind: PrintJobKind;
      state: 'queued' | 'printing' | 'held' | 'done' | 'failed';
      reason?: string;
      /** On a failed receipt: part of it came out; the next receipt cuts it off first. */
      partlyPrinted?: boolean;
    };

export type PrintJobKind = 'receipt' | 'a4';

/** The receipt printer as the screens and the technician see it ('none': this kiosk has none). */
export type ReceiptPrinterState =
  'ready' | 'paperNearEnd' | 'offline' | 'coverOpen' | 'paperOut' | 'error' | 'notResponding' | 'disconnected' | 'none';

export type KioskEventListener = (event: KioskEvent) => void;
