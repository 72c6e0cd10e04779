// The kiosk as both shells run it: either serving (a KioskCore built from the config and provisioning record) or,
// with no identity, waiting to be provisioned. It is the KioskApi the shell hosts: calls go to the serving core;
// while blank only the provisioning methods answer. Provisioning starts the core in place and decommissioning
// stops and wipes it, so neither needs a restart.
import path from 'node:path';
import {
  KIOSK_METHODS,
  type KioskEvent,
  type KioskEventListener,
  type ProvisionInput,
  type ProvisioningResult,
  type ProvisioningState,
} from '../api/contract.ts';
import { KioskError } from '../api/errors.ts';
import type { KioskCore } from '../bootstrap.ts';
import type { KioskConfig } from '../config/config.ts';
import type { HostedApi } from '../host/server.ts';
import type { ProvisioningDesk } from '../kiosk-service.ts';
import type { Logger } from '../log.ts';
import type { SecretProtector } from '../outbox/device-keys.ts';
import { wipeKioskData } from './decommission.ts';
import type { KioskSetup } from './kiosk-setup.ts';
import { provisionKiosk } from './provision.ts';

export interface KioskRuntimeOptions {
  /** Reads the config files and the provisioning record (again, after provisioning or decommissioning). */
  loadSetup: () => KioskSetup;
  /** Builds the serving core for a config (createKioskCore with the shell's devices). */
  startCore: (config: KioskConfig, provisioning: ProvisioningDesk) => KioskCore | Promise<KioskCore>;
  log: Logger;
  protector?: SecretProtector;
  enrolTimeoutMs?: number;
}

export interface KioskRuntime {
  api: HostedApi;
  /** The serving core; null while the kiosk waits to be provisioned. */
  core(): KioskCore | null;
  setup(): KioskSetup;
  close(): Promise<void>;
}

const keysDirOf = (setup: KioskSetup) => path.resolve(setup.dataDir, setup.config.outbox.keysDir);

export async function startKioskRuntime(options: KioskRuntimeOptions): Promise<KioskRuntime> {
  const listeners = new Set<KioskEventListener>();
  const publish = (event: KioskEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        options.log.warn({ err: error, event: event.type }, 'event listener failed');
      }
    }
  };
  let setup = options.loadSetup();
  let core: KioskCore | null = null;
  let unsubscribe: (() => void) | null = null;
  let suggested: Extract<ProvisioningState, { provisioned: false }>['suggested'] = null;
  let busy = false;

  const state = (): ProvisioningState => {
    if (!core) return { provisioned: false, suggested };
    const { config, record } = setup;
    return {
      provisioned: true,
      source: record ? 'provisioned' : 'configured',
      kioskCode: config.kioskCode,
      regionCode: config.regionCode,
      siteName: config.siteName,
      siteAddress: config.siteAddress ?? '',
      hubUrl: config.catalogue.hubUrl ?? null,
      enrolledAt: record?.enrolledAt ?? null,
    };
  };

  const desk: ProvisioningDesk = { state, decommission: (reprovision) => decommission(reprovision) };

  async function serve(): Promise<void> {
    core = await options.startCore(setup.config, desk);
    unsubscribe = core.service.subscribe(publish);
  }

  async function stopServing(): Promise<void> {
    unsubscribe?.();
    unsubscribe = null;
    await core?.close();
    core = null;
  }

  /** One lifecycle change at a time: two technicians' taps must not provision twice or wipe mid-enrolment. */
  async function exclusively<T>(work: () => Promise<T>): Promise<T> {
    if (busy) throw new KioskError('API_BAD_REQUEST', 'provisioning or decommissioning is already under way');
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
    }
  }

  async function decommission(reprovision: boolean): Promise<void> {
    await exclusively(async () => {
      const before = state();
      await stopServing();
      const removed = wipeKioskData(setup.dataDir, keysDirOf(setup));
      options.log.warn({ removed }, 'kiosk decommissioned: data and keys wiped');
      suggested =
        reprovision && before.provisioned
          ? {
              kioskCode: before.kioskCode,
              regionCode: before.regionCode,
              siteName: before.siteName,
              siteAddress: before.siteAddress,
              hubUrl: before.hubUrl ?? '',
            }
          : null;
      setup = options.loadSetup();
      // A kiosk named by its config files keeps that name: it comes back serving, with new keys and empty data.
      if (setup.identity !== 'none') await serve();
      publish({ type: 'provisioning.changed', provisioned: core !== null });
    });
  }

  async function provision(input: ProvisionInput): Promise<ProvisioningResult> {
    if (core) throw new KioskError('ALREADY_PROVISIONED', 'this kiosk has an identity; decommission it first');
    return exclusively(async () => {
      const record = await provisionKiosk({
        dataDir: setup.dataDir,
        keysDir: keysDirOf(setup),
        input,
        onStep: (step) => publish({ type: 'provisioning.progress', step }),
        ...(options.protector ? { protector: options.protector } : {}),
        ...(options.enrolTimeoutMs ? { timeoutMs: options.enrolTimeoutMs } : {}),
      });
      options.log.info({ kioskCode: record.kioskCode, region: record.regionCode }, 'kiosk provisioned');
      setup = options.loadSetup();
      suggested = null;
      publish({ type: 'provisioning.progress', step: 'catalogue' });
      await serve();
      const result = await core!.updater?.checkNow();
      const version = (await core!.service.getKioskInfo()).catalogueVersion;
      publish({ type: 'provisioning.changed', provisioned: true });
      return {
        kioskCode: record.kioskCode,
        catalogueVersion: version,
        catalogueProblem: result?.outcome === 'failed' ? `${result.code}: ${result.message}` : null,
      };
    });
  }

  function serving(): KioskCore {
    if (!core) throw new KioskError('NOT_PROVISIONED', 'this kiosk waits to be provisioned');
    return core;
  }

  // Every KioskApi method goes to the serving core, except the ones the runtime answers itself.
  const delegates = Object.fromEntries(
    KIOSK_METHODS.map((method) => [
      method,
      async (input: unknown) => {
        const { service } = serving();
        return (service[method] as (input: unknown) => Promise<unknown>).call(service, input);
      },
    ]),
  );
  const api = {
    ...delegates,
    getProvisioningState: async () => (core ? core.service.getProvisioningState() : state()),
    provision,
    subscribe(listener: KioskEventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as HostedApi;

  if (setup.identity !== 'none') await serve();
  return {
    api,
    core: () => core,
    setup: () => setup,
    close: stopServing,
  };
}
