// The kiosk back end behind the KioskApi: catalogue queries scoped to this kiosk, and the event stream.
import type {
  CategorySummary,
  DeviceSettings,
  HealthReport,
  IdCardReaderState,
  KioskApi,
  KioskEvent,
  KioskEventListener,
  KioskInfo,
  KioskInput,
  LogExport,
  LogTarget,
  MySubmissions,
  OutboxStatusView,
  PinyinLookup,
  PrinterStatusView,
  ProvisioningResult,
  ProvisioningState,
  SearchHit,
  SelfTestResult,
  ServiceItem,
  SpeechAudio,
  ServiceSummary,
  SubmissionReceipt,
  SyncRoundView,
  TechnicianAuditEntry,
  TechnicianSignIn,
} from './api/contract.ts';
import type { CatalogueScope, CatalogueStore } from './catalogue/store.ts';
import { KioskError } from './api/errors.ts';
import type { DiagnosticsDesk } from './diagnostics/diagnostics-desk.ts';
import type { KioskConfig } from './config/config.ts';
import type { Logger } from './log.ts';
import type { SubmissionsDesk } from './outbox/submissions-desk.ts';
import { pinyinCandidates } from './input/pinyin-input.ts';
import type { TechnicianAccess } from './technician/access.ts';
import { speechRate, speechVoice, type SpeechSynthesizer } from './voice/speech.ts';

const DEFAULT_SEARCH_LIMIT = 20;

export interface KioskServiceOptions {
  config: KioskConfig;
  catalogue: CatalogueStore;
  appVersion: string;
  shell: KioskInfo['shell'];
  log: Logger;
  /** The ID card reader's state; 'none' when the kiosk has no reader. */
  idcardState?: () => IdCardReaderState;
  /** Prints documents for the screens; absent when the kiosk has no printers. */
  printing?: PrintingDesk;
  /** Takes submissions and ratings into the outbox. */
  submissions?: SubmissionsDesk;
  /** Technician PIN, sessions and audit log; absent: the technician methods refuse. */
  technician?: TechnicianAccess;
  /** Speech for browsers without a voice; absent: none. */
  speech?: SpeechSynthesizer;
  /** Drops what the devices still hold for a villager's session (waiting receipts). */
  endSession?: () => void;
  /** Self-tests, health and log export for the technician; absent: those methods refuse. */
  diagnostics?: DiagnosticsDesk;
  /** Where the identity came from and how to give it up (core/provisioning/runtime.ts); absent: from the config. */
  provisioning?: ProvisioningDesk;
}

/** The kiosk's identity as the runtime that started it knows it. */
export interface ProvisioningDesk {
  state(): ProvisioningState;
  /** Stops this kiosk, wipes its data and keys and leaves it waiting to be provisioned. */
  decommission(reprovision: boolean): Promise<void>;
}

/** What the screens can have printed (core/devices/printing-desk.ts builds the documents). */
export interface PrintingDesk {
  status(): PrinterStatusView;
  /** Each returns the job id; progress comes as printer.job events. */
  serviceGuide(item: ServiceItem): string;
  acceptanceReceipt(item: ServiceItem, acceptanceNumber: string, acceptedAt: Date): string;
  applicationForm(item: ServiceItem, applicant: KioskInput<'printApplicationForm'>['applicant']): string;
  template(item: ServiceItem): string;
}

export class KioskService implements KioskApi {
  private readonly listeners = new Set<KioskEventListener>();
  private readonly scope: CatalogueScope;

  constructor(private readonly options: KioskServiceOptions) {
    this.scope = { profile: options.config.profile, regionCode: options.config.regionCode };
  }

  async getKioskInfo(): Promise<KioskInfo> {
    const { config } = this.options;
    const installed = this.options.catalogue.installed();
    return {
      kioskCode: config.kioskCode,
      profile: config.profile,
      siteName: config.siteName,
      regionCode: config.regionCode,
      catalogueVersion: installed?.version ?? null,
      catalogueDate: installed?.created ?? null,
      appVersion: this.options.appVersion,
      shell: this.options.shell,
    };
  }

  async listCategories(): Promise<CategorySummary[]> {
    return this.options.catalogue.listCategories(this.scope);
  }

  async listServices(input: { categoryId?: string | undefined }): Promise<ServiceSummary[]> {
    return this.options.catalogue.listServices(this.scope, input.categoryId);
  }

  async getService(input: { id: string }): Promise<ServiceItem> {
    return this.options.catalogue.getService(this.scope, input.id);
  }

  async search(input: { query: string; limit?: number | undefined }): Promise<SearchHit[]> {
    return this.options.catalogue.search(this.scope, input.query, input.limit ?? DEFAULT_SEARCH_LIMIT);
  }

  async getIdCardStatus(): Promise<{ state: IdCardReaderState }> {
    return { state: this.options.idcardState?.() ?? 'none' };
  }

  async getDeviceSettings(): Promise<DeviceSettings> {
    const camera = this.options.config.devices.camera;
    return {
      voice: { ...this.options.config.voice },
      camera: {
        documentCamera: camera.documentCamera ?? null,
        faceCamera: camera.faceCamera ?? null,
        width: camera.width,
        height: camera.height,
        documentMaxBytes: camera.documentMaxBytes,
      },
    };
  }

  async synthesizeSpeech(input: KioskInput<'synthesizeSpeech'>): Promise<SpeechAudio | null> {
    const { voice } = this.options.config;
    if (!voice.enabled || !this.options.speech) return null;
    const audio = await this.options.speech.synthesize(
      input.text,
      speechVoice(input.language, voice.chinese),
      speechRate(voice.wordsPerMinute, input.slow ?? false),
    );
    return audio ? { contentType: audio.contentType, dataBase64: audio.data.toString('base64') } : null;
  }

  async getPrinterStatus(): Promise<PrinterStatusView> {
    return this.options.printing?.status() ?? { receipt: 'none', a4: 'none' };
  }

  async printServiceGuide(input: KioskInput<'printServiceGuide'>): Promise<{ jobId: string }> {
    const item = await this.getService({ id: input.serviceId });
    return { jobId: this.printingDesk().serviceGuide(item) };
  }

  async printApplicationForm(input: KioskInput<'printApplicationForm'>): Promise<{ jobId: string }> {
    const item = await this.getService({ id: input.serviceId });
    return { jobId: this.printingDesk().applicationForm(item, input.applicant) };
  }

  async printTemplate(input: KioskInput<'printTemplate'>): Promise<{ jobId: string }> {
    const item = await this.getService({ id: input.serviceId });
    if (item.content?.kind !== 'template') {
      throw new KioskError('API_BAD_REQUEST', `service ${item.id} has no document template`);
    }
    return { jobId: this.printingDesk().template(item) };
  }

  async printAcceptanceReceipt(input: KioskInput<'printAcceptanceReceipt'>): Promise<{ jobId: string }> {
    const entry = this.submissionsDesk().find(input.acceptanceNumber);
    if (!entry || entry.kind !== 'application') {
      throw new KioskError('API_BAD_REQUEST', `no application ${input.acceptanceNumber} on this kiosk`);
    }
    const item = await this.getService({ id: entry.serviceId });
    return {
      jobId: this.printingDesk().acceptanceReceipt(item, entry.acceptanceNumber, new Date(entry.createdAt)),
    };
  }

  async submitApplication(input: KioskInput<'submitApplication'>): Promise<SubmissionReceipt> {
    const item = await this.getService({ id: input.serviceId });
    if (!item.kioskSupported) {
      throw new KioskError('API_BAD_REQUEST', `service ${item.id} cannot be applied for at a kiosk`);
    }
    return this.submissionsDesk().submitApplication(input);
  }

  async submitRating(input: KioskInput<'submitRating'>): Promise<SubmissionReceipt> {
    return this.submissionsDesk().submitRating(input);
  }

  async getMySubmissions(input: KioskInput<'getMySubmissions'>): Promise<MySubmissions> {
    return this.submissionsDesk().mySubmissions(input.idNumber);
  }

  async pinyinCandidates(input: KioskInput<'pinyinCandidates'>): Promise<PinyinLookup> {
    return pinyinCandidates(input.letters);
  }

  async endSession(input: KioskInput<'endSession'>): Promise<{ ok: true }> {
    this.options.endSession?.();
    this.options.log.info({ reason: input.reason }, 'villager session ended');
    return { ok: true };
  }

  async technicianSignIn(input: KioskInput<'technicianSignIn'>): Promise<TechnicianSignIn> {
    const result = await this.technicianAccess().signIn(input.pin);
    this.options.log.info({ outcome: result.outcome }, 'technician sign-in');
    return result;
  }

  async technicianSignOut(input: KioskInput<'technicianSignOut'>): Promise<{ ok: true }> {
    this.technicianAccess().signOut(input.session);
    return { ok: true };
  }

  async getOutboxStatus(input: KioskInput<'getOutboxStatus'>): Promise<OutboxStatusView> {
    this.technicianAccess().require(input.session);
    return this.submissionsDesk().status();
  }

  async syncOutboxNow(input: KioskInput<'syncOutboxNow'>): Promise<SyncRoundView> {
    const access = this.technicianAccess();
    access.require(input.session);
    const round = await this.submissionsDesk().syncNow();
    access.audit(
      'outbox-sync',
      round.ok ? 'ok' : 'failed',
      `sent ${round.sent}, delivered ${round.acknowledged}, refused ${round.rejected}${round.error ? `; ${round.error}` : ''}`,
    );
    return round;
  }

  async getTechnicianAudit(input: KioskInput<'getTechnicianAudit'>): Promise<TechnicianAuditEntry[]> {
    const access = this.technicianAccess();
    access.require(input.session);
    return access.auditLog(50);
  }

  async runSelfTest(input: KioskInput<'runSelfTest'>): Promise<SelfTestResult> {
    const access = this.technicianAccess();
    access.require(input.session);
    const result = await this.diagnosticsDesk().runSelfTest(input.id);
    access.audit('self-test', result.status, `${input.id}: ${result.code}`);
    return result;
  }

  async getHealth(input: KioskInput<'getHealth'>): Promise<HealthReport> {
    this.technicianAccess().require(input.session);
    return this.diagnosticsDesk().health();
  }

  async listLogTargets(input: KioskInput<'listLogTargets'>): Promise<LogTarget[]> {
    this.technicianAccess().require(input.session);
    return this.diagnosticsDesk().logTargets();
  }

  async exportLogs(input: KioskInput<'exportLogs'>): Promise<LogExport> {
    const access = this.technicianAccess();
    access.require(input.session);
    try {
      const exported = this.diagnosticsDesk().exportLogs(input.target);
      access.audit('logs-export', 'ok', `${exported.lines} lines to ${input.target}`);
      return exported;
    } catch (error) {
      access.audit('logs-export', 'failed', (error as Error).message);
      throw error;
    }
  }

  private diagnosticsDesk(): DiagnosticsDesk {
    if (!this.options.diagnostics) throw new KioskError('API_BAD_REQUEST', 'diagnostics are not set up on this kiosk');
    return this.options.diagnostics;
  }

  async getProvisioningState(): Promise<ProvisioningState> {
    const { config, provisioning } = this.options;
    if (provisioning) return provisioning.state();
    return {
      provisioned: true,
      source: 'configured',
      kioskCode: config.kioskCode,
      regionCode: config.regionCode,
      siteName: config.siteName,
      siteAddress: config.siteAddress ?? '',
      hubUrl: config.catalogue.hubUrl ?? null,
      enrolledAt: null,
    };
  }

  async provision(): Promise<ProvisioningResult> {
    throw new KioskError('ALREADY_PROVISIONED', 'this kiosk has an identity; decommission it first');
  }

  async decommission(input: KioskInput<'decommission'>): Promise<{ ok: true }> {
    const access = this.technicianAccess();
    access.require(input.session);
    if (!this.options.provisioning) {
      throw new KioskError('CONFIG_INVALID', 'this kiosk was not started by the provisioning runtime');
    }
    // Recorded for the log only: the audit log itself is wiped with the rest.
    this.options.log.warn({ reprovision: input.reprovision ?? false }, 'technician decommissions the kiosk');
    access.audit('decommission', 'ok', input.reprovision ? 'to re-provision' : '');
    await this.options.provisioning.decommission(input.reprovision ?? false);
    return { ok: true };
  }

  private technicianAccess(): TechnicianAccess {
    if (!this.options.technician) {
      throw new KioskError('TECHNICIAN_SIGN_IN_REQUIRED', 'technician access is not set up on this kiosk');
    }
    return this.options.technician;
  }

  private submissionsDesk(): SubmissionsDesk {
    if (!this.options.submissions) throw new KioskError('OUTBOX_UNAVAILABLE', 'this kiosk takes no submissions');
    return this.options.submissions;
  }

  private printingDesk(): PrintingDesk {
    if (!this.options.printing) throw new KioskError('PRINTER_UNAVAILABLE', 'this kiosk has no printers');
    return this.options.printing;
  }

  /** Installs a catalogue into the cache and tells every subscriber. */
  installCatalogue(catalogue: unknown): number {
    const installed = this.options.catalogue.install(catalogue);
    this.options.log.info({ version: installed.version, items: installed.items.length }, 'catalogue installed');
    this.publish({ type: 'catalogue.changed', version: installed.version });
    return installed.version;
  }

  /** Subscribes to kiosk events; returns the function that unsubscribes. */
  subscribe(listener: KioskEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** How many event subscribers are connected (screens, sockets), for diagnostics. */
  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Sends an event to every subscriber (device services publish through here). */
  publish(event: KioskEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // One broken subscriber (e.g. a closed socket) must not stop the others.
        this.options.log.warn({ err: error, event: event.type }, 'event listener failed');
      }
    }
  }
}
