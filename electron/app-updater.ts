// App updates with electron-updater, on our terms: the release is found region by region (electron/update-feed.ts)
// and its metadata must carry a release key's signature; electron-updater then downloads from that folder, and the
// installer must hash to a sha512 the signed metadata states. It is installed only between sessions, after five
// quiet minutes (and in the configured quiet hour, if any), never under a villager's hands. A version that was
// rolled back is never taken again.
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/log.ts';
import type { TrustedKey } from '../core/catalogue/bundle-manifest.ts';
import { nightlyRestartDue, QUIET_BEFORE_RESTART_MS } from '../core/watchdog/nightly-restart.ts';
import type { SessionActivity } from './session-activity.ts';
import type { ShellConfig } from './shell-config.ts';
import { findSignedRelease, type SignedRelease } from './update-feed.ts';
import { compareVersions, UpdateError, type UpdateErrorCode } from './update-metadata.ts';

/** The part of electron-updater's autoUpdater this uses (tests pass a stand-in). */
export interface UpdaterEngine {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{ updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<string[]>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

/** Where the start bookkeeping keeps installers to roll back to (electron/start-attempts.ts). */
export interface ReleaseKeeper {
  keep(version: string, installer: string): void;
  isBad(version: string): boolean;
}

export interface AppUpdaterOptions {
  engine: UpdaterEngine;
  currentVersion: string;
  config: ShellConfig['updates'];
  trusted: readonly TrustedKey[];
  regionCode: string;
  /** electron-updater's metadata name for this platform (metadataFileName). */
  fileName: string;
  /** Folder for kept installers: <releasesDir>/<version>/<file>. */
  releasesDir: string;
  keeper: ReleaseKeeper;
  sessions: SessionActivity;
  log: Logger;
  /** Keeps the running version's installer before it is replaced, where the platform can (the AppImage file). */
  preserveCurrent?: () => string | null;
  now?: () => Date;
}

export type UpdateCheck =
  | { outcome: 'disabled' }
  | { outcome: 'none' }
  | { outcome: 'up-to-date'; version: string }
  | { outcome: 'refused'; code: UpdateErrorCode | 'UPDATE_VERSION_BAD' | 'UPDATE_CHANGED'; message: string }
  | { outcome: 'ready'; version: string; installer: string };

export async function sha512Base64(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

export class AppUpdater {
  private ready: { version: string; installer: string } | null = null;
  private running: Promise<UpdateCheck> | null = null;
  private timers: NodeJS.Timeout[] = [];
  lastCheck: (UpdateCheck & { at: string }) | null = null;

  constructor(private readonly options: AppUpdaterOptions) {
    // Nothing happens behind our back: no download before our checks, no install at an arbitrary quit.
    options.engine.autoDownload = false;
    options.engine.autoInstallOnAppQuit = false;
    options.engine.allowDowngrade = false;
  }

  /** Checks every checkMinutes (the first a minute after start) and looks for a quiet moment every minute. */
  start(): void {
    if (this.options.config.feedUrl === null) return;
    const check = () => void this.checkNow();
    this.timers.push(setTimeout(check, 60_000), setInterval(check, this.options.config.checkMinutes * 60_000));
    this.timers.push(setInterval(() => this.installIfQuiet(), 60_000));
    for (const timer of this.timers) timer.unref();
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  /** One check; concurrent callers share it. */
  checkNow(): Promise<UpdateCheck> {
    this.running ??= this.check()
      .catch((error: unknown): UpdateCheck => {
        if (error instanceof UpdateError) return { outcome: 'refused', code: error.code, message: error.message };
        return { outcome: 'refused', code: 'UPDATE_SERVER_UNAVAILABLE', message: (error as Error).message };
      })
      .then((result) => {
        this.lastCheck = { ...result, at: (this.options.now?.() ?? new Date()).toISOString() };
        if (result.outcome === 'refused') this.options.log.warn(result, 'app update refused');
        else if (result.outcome === 'ready') this.options.log.info(result, 'app update downloaded and verified');
        return result;
      })
      .finally(() => (this.running = null));
    return this.running;
  }

  private async check(): Promise<UpdateCheck> {
    const { config, engine, currentVersion } = this.options;
    if (config.feedUrl === null) return { outcome: 'disabled' };
    if (this.ready) return { outcome: 'ready', ...this.ready };
    const release: SignedRelease | null = await findSignedRelease({
      feedUrl: config.feedUrl,
      channel: config.channel,
      regionCode: this.options.regionCode,
      fileName: this.options.fileName,
      trusted: this.options.trusted,
    });
    if (release === null) return { outcome: 'none' };
    const version = release.metadata.version;
    if (compareVersions(version, currentVersion) <= 0) return { outcome: 'up-to-date', version: currentVersion };
    if (this.options.keeper.isBad(version)) {
      return { outcome: 'refused', code: 'UPDATE_VERSION_BAD', message: `${version} failed to start here before` };
    }
    engine.setFeedURL({ provider: 'generic', url: release.baseUrl });
    const found = await engine.checkForUpdates();
    // electron-updater read the metadata again; it must be the release we verified.
    if (found?.updateInfo.version !== version) {
      return {
        outcome: 'refused',
        code: 'UPDATE_CHANGED',
        message: `the server now offers ${found?.updateInfo.version ?? 'nothing'}, not the signed ${version}`,
      };
    }
    const [downloaded] = await engine.downloadUpdate();
    if (!downloaded) throw new UpdateError('UPDATE_SERVER_UNAVAILABLE', 'electron-updater downloaded nothing');
    const hash = await sha512Base64(downloaded);
    if (!release.metadata.files.some((file) => file.sha512 === hash)) {
      throw new UpdateError('UPDATE_HASH_MISMATCH', `${path.basename(downloaded)} is not the file the release signed`);
    }
    const installer = this.keepInstaller(version, downloaded);
    this.ready = { version, installer };
    return { outcome: 'ready', version, installer };
  }

  private keepInstaller(version: string, file: string): string {
    const dir = path.join(this.options.releasesDir, version);
    mkdirSync(dir, { recursive: true });
    const kept = path.join(dir, path.basename(file));
    copyFileSync(file, kept);
    this.options.keeper.keep(version, kept);
    return kept;
  }

  /** Whether an update may be installed now: nobody using the kiosk, quiet for five minutes, in the quiet hour. */
  quietNow(): boolean {
    const { sessions, config } = this.options;
    const now = this.options.now?.() ?? new Date();
    if (sessions.inSession()) return false;
    const lastCallAt = sessions.lastActiveAt();
    if (config.installAt !== null) {
      return nightlyRestartDue({ now, quietTime: config.installAt, lastCallAt, plannedAt: null });
    }
    return lastCallAt === null || now.getTime() - lastCallAt >= QUIET_BEFORE_RESTART_MS;
  }

  /** Installs a verified update if the moment is quiet; says whether it did. */
  installIfQuiet(): boolean {
    if (!this.ready || !this.quietNow()) return false;
    // The running version becomes the one to roll back to (where its installer can be kept).
    const current = this.options.preserveCurrent?.();
    if (current) this.options.keeper.keep(this.options.currentVersion, current);
    this.options.log.info({ version: this.ready.version }, 'installing the app update between sessions');
    this.options.engine.quitAndInstall(true, true);
    return true;
  }
}
