// The kiosk's own copy of the bundles it installed, under <dataDir>/catalogue/:
//   files/<sha256>         every verified file (catalogue JSON, deltas, attachments), stored once by hash
//   downloads/<sha256>.part  a download in progress, resumed from where it stopped
//   bundles/<bundleId>/    manifest.json + manifest.sig of each kept bundle
// With these, the cache can be rebuilt after its SQLite file is lost or corrupt, and the previous version
// restored, all without the network and all re-verified against the trusted keys.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { applyDelta } from './delta.ts';
import {
  readSignedManifest,
  verifyBundleFiles,
  type BundleFile,
  type BundleManifest,
  type TrustedKey,
} from './bundle.ts';
import { bundleIdOf } from '../protocol/catalogue.ts';
import type { Catalogue } from './schema.ts';

export interface RebuiltCatalogue {
  catalogue: Catalogue;
  /** The newest bundle of the chain (its date is the catalogue's date). */
  manifest: BundleManifest;
  /** Attachments of the rebuilt catalogue. */
  files: BundleFile[];
  /** Bundle ids from the full bundle to the newest delta. */
  chain: string[];
}

export class LocalBundles {
  readonly filesDir: string;
  readonly downloadsDir: string;
  private readonly bundlesDir: string;

  constructor(rootDir: string) {
    this.filesDir = path.join(rootDir, 'files');
    this.downloadsDir = path.join(rootDir, 'downloads');
    this.bundlesDir = path.join(rootDir, 'bundles');
    for (const dir of [this.filesDir, this.downloadsDir, this.bundlesDir]) mkdirSync(dir, { recursive: true });
  }

  has(sha256: string): boolean {
    return existsSync(this.filePath(sha256));
  }

  filePath(sha256: string): string {
    return path.join(this.filesDir, sha256);
  }

  partPath(sha256: string): string {
    return path.join(this.downloadsDir, `${sha256}.part`);
  }

  /** Keeps a verified bundle's manifest; written via a temp folder so a power cut leaves no half bundle. */
  keepManifest(manifest: BundleManifest, manifestBytes: Buffer, signature: string): string {
    const bundleId = bundleIdOf(manifest.version, manifest.base);
    const target = path.join(this.bundlesDir, bundleId);
    if (existsSync(target)) return bundleId;
    const temp = `${target}.tmp`;
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp);
    writeFileSync(path.join(temp, 'manifest.json'), manifestBytes);
    writeFileSync(path.join(temp, 'manifest.sig'), signature);
    renameSync(temp, target);
    return bundleId;
  }

  /** Every kept bundle whose signature still checks out against today's trusted keys, newest first. */
  private keptManifests(trusted: readonly TrustedKey[]): Map<string, BundleManifest> {
    const kept = new Map<string, BundleManifest>();
    for (const name of readdirSync(this.bundlesDir)) {
      if (name.endsWith('.tmp')) continue;
      try {
        kept.set(name, readSignedManifest(path.join(this.bundlesDir, name), trusted));
      } catch {
        // Unreadable, tampered with or signed by a key since revoked: not a source to rebuild from.
      }
    }
    return kept;
  }

  /** The bundle chain (a full bundle, then deltas) that produces `version`, or null if one is missing. */
  private chainTo(version: number, kept: Map<string, BundleManifest>): string[] | null {
    if (kept.has(bundleIdOf(version))) return [bundleIdOf(version)];
    for (const [bundleId, manifest] of kept) {
      if (manifest.version !== version || manifest.base === undefined) continue;
      const before = this.chainTo(manifest.base, kept);
      if (before) return [...before, bundleId];
    }
    return null;
  }

  /** Versions that can be rebuilt from disk, newest first. */
  rebuildableVersions(trusted: readonly TrustedKey[]): number[] {
    const kept = this.keptManifests(trusted);
    const versions = [...new Set([...kept.values()].map((manifest) => manifest.version))].sort((a, b) => b - a);
    return versions.filter((version) => this.chainTo(version, kept) !== null);
  }

  /**
   * Rebuilds the catalogue of `version` (default: the newest possible) from kept bundles, checking every
   * signature and hash again. Null when no complete chain is on disk.
   */
  rebuild(trusted: readonly TrustedKey[], version?: number): RebuiltCatalogue | null {
    const kept = this.keptManifests(trusted);
    const versions = version === undefined ? this.rebuildableVersions(trusted) : [version];
    for (const candidate of versions) {
      const chain = this.chainTo(candidate, kept);
      if (!chain) continue;
      try {
        return this.replay(chain, kept);
      } catch {
        // A file of this chain is missing or damaged: try the next older version.
      }
    }
    return null;
  }

  private replay(chain: string[], kept: Map<string, BundleManifest>): RebuiltCatalogue {
    let catalogue: Catalogue | null = null;
    const files = new Map<string, BundleFile>();
    let manifest: BundleManifest | undefined;
    for (const bundleId of chain) {
      manifest = kept.get(bundleId)!;
      const verified = verifyBundleFiles(manifest, this.filesDir);
      if (verified.content.kind === 'full') {
        catalogue = verified.content.catalogue;
        files.clear();
      } else {
        catalogue = applyDelta(catalogue!, verified.content.delta);
        for (const removed of verified.content.delta.removedFiles) files.delete(removed);
      }
      for (const file of verified.attachments) files.set(file.path, file);
    }
    return { catalogue: catalogue!, manifest: manifest!, files: [...files.values()], chain };
  }

  /**
   * Deletes bundles and files no longer needed: keeps the chains of the installed and the previous version
   * (for rollback), and the files they list. Partial downloads are dropped too.
   */
  prune(trusted: readonly TrustedKey[], installedVersion: number): void {
    const kept = this.keptManifests(trusted);
    const previous = [...new Set([...kept.values()].map((manifest) => manifest.version))]
      .filter((version) => version < installedVersion)
      .sort((a, b) => b - a)
      .find((version) => this.chainTo(version, kept) !== null);
    const keepIds = new Set([
      ...(this.chainTo(installedVersion, kept) ?? []),
      ...(previous === undefined ? [] : (this.chainTo(previous, kept) ?? [])),
    ]);
    if (keepIds.size === 0) return; // nothing installed from a bundle: never delete what might be needed
    const keepFiles = new Set<string>();
    for (const bundleId of keepIds) for (const file of kept.get(bundleId)!.files) keepFiles.add(file.sha256);
    for (const name of readdirSync(this.bundlesDir)) {
      if (!keepIds.has(name)) rmSync(path.join(this.bundlesDir, name), { recursive: true, force: true });
    }
    for (const name of readdirSync(this.filesDir)) {
      if (!keepFiles.has(name)) rmSync(path.join(this.filesDir, name), { force: true });
    }
    for (const name of readdirSync(this.downloadsDir)) rmSync(path.join(this.downloadsDir, name), { force: true });
  }
}
