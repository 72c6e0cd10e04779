// kioskctl catalogue publish | rollout | rollback | list: central staff put signed bundles on the hub and make
// them current region by region. The staff credential comes from --token or KIOSK_HUB_TOKEN.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildBundle, BundleError, verifyBundleFiles, type BundleManifest } from '../catalogue/bundle.ts';
import { bundlePath, CATALOGUE_API, hubErrorBodySchema, type BundleSummary } from '../protocol/catalogue.ts';
import { CliError, EXIT, positiveInteger, printJson, printLines } from './output.ts';

/** Talks to the hub's staff API. */
export class HubStaffClient {
  constructor(
    private readonly hubUrl: string,
    private readonly token: string,
  ) {}

  private async call(method: string, route: string, body?: Buffer | string, contentType?: string): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(route, this.hubUrl), {
        method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          ...(contentType ? { 'Content-Type': contentType } : {}),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : new Uint8Array(body) }),
        signal: AbortSignal.timeout(300_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError(EXIT.noDevice, `the hub at ${this.hubUrl} cannot be reached (${cause})`, 'HUB_UNREACHABLE');
    }
    if (response.ok) return response;
    const text = await response.text();
    let parsed;
    try {
      parsed = hubErrorBodySchema.safeParse(JSON.parse(text));
    } catch {
      parsed = null;
    }
    if (parsed?.success) throw new CliError(EXIT.deviceError, parsed.data.error.message, parsed.data.error.code);
    throw new CliError(EXIT.deviceError, `the hub answered HTTP ${response.status}`, 'HUB_BAD_RESPONSE');
  }

  private async json<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await this.call(
      method,
      route,
      body === undefined ? undefined : JSON.stringify(body),
      'application/json',
    );
    return (await response.json()) as T;
  }

  /** Uploads a bundle folder's files (the hub keeps each once) and then its signed manifest. */
  async publish(dir: string): Promise<BundleSummary> {
    const manifestBytes = readFileSync(path.join(dir, 'manifest.json'));
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as BundleManifest;
    for (const file of manifest.files) {
      await this.call(
        'PUT',
        `${CATALOGUE_API}/files/${file.sha256}`,
        readFileSync(path.join(dir, 'files', file.sha256)),
        'application/octet-stream',
      );
    }
    return this.json<BundleSummary>('POST', `${CATALOGUE_API}/bundles`, {
      manifest: manifestBytes.toString('utf8'),
      signature: readFileSync(path.join(dir, 'manifest.sig'), 'utf8').trim(),
    });
  }

  rollout(catalogueId: string, version: number, regions: string[]): Promise<BundleSummary> {
    return this.json<BundleSummary>('POST', `${CATALOGUE_API}/rollouts`, { catalogueId, version, regions });
  }

  list(): Promise<BundleSummary[]> {
    return this.json<BundleSummary[]>('GET', `${CATALOGUE_API}/bundles`);
  }

  /** Copies a published bundle into `outDir` (same layout as `catalogue build` writes). */
  async download(bundleId: string, outDir: string): Promise<BundleManifest> {
    const base = bundlePath(bundleId);
    const manifestBytes = Buffer.from(await (await this.call('GET', `${base}/manifest.json`)).arrayBuffer());
    const signature = await (await this.call('GET', `${base}/manifest.sig`)).text();
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as BundleManifest;
    mkdirSync(path.join(outDir, 'files'), { recursive: true });
    writeFileSync(path.join(outDir, 'manifest.json'), manifestBytes);
    writeFileSync(path.join(outDir, 'manifest.sig'), signature);
    for (const file of manifest.files) {
      const bytes = Buffer.from(await (await this.call('GET', `${base}/files/${file.sha256}`)).arrayBuffer());
      writeFileSync(path.join(outDir, 'files', file.sha256), bytes);
    }
    return manifest;
  }
}

const HUB_OPTIONS = {
  hub: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

function staffClient(values: { hub?: string | undefined; token?: string | undefined }, usage: string) {
  const token = values.token ?? process.env.KIOSK_HUB_TOKEN;
  if (!values.hub) throw new CliError(EXIT.usage, usage);
  if (!token) throw new CliError(EXIT.usage, 'the staff credential is missing: give --token or set KIOSK_HUB_TOKEN');
  return new HubStaffClient(values.hub, token);
}

function regionList(value: string): string[] {
  const regions = value.split(',').filter(Boolean);
  for (const region of regions) {
    if (!/^(\d{6}|\d{12})$/.test(region))
      throw new CliError(EXIT.usage, `${region} is not a 6- or 12-digit region code`);
  }
  return regions;
}

function summaryLine(summary: BundleSummary): string {
  const where = summary.rolledOutTo.length > 0 ? `current in ${summary.rolledOutTo.join(',')}` : 'not rolled out';
  const kind = summary.base === null ? 'full' : `delta from ${summary.base}`;
  return `${summary.bundleId}: ${summary.catalogueId} version ${summary.version} (${kind}), ${where}`;
}

export async function cataloguePublish(args: string[]): Promise<void> {
  const usage = 'usage: kioskctl catalogue publish BUNDLE_DIR… --hub URL [--token T] [--rollout REGIONS]';
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { ...HUB_OPTIONS, rollout: { type: 'string' } },
  });
  if (positionals.length === 0) throw new CliError(EXIT.usage, usage);
  const client = staffClient(values, usage);
  const published: BundleSummary[] = [];
  // Full bundles first: the hub accepts a delta only once the full bundle of its version is there.
  const dirs = positionals
    .map((dir) => ({
      dir,
      manifest: JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BundleManifest,
    }))
    .sort((a, b) => Number(a.manifest.base !== undefined) - Number(b.manifest.base !== undefined));
  for (const { dir } of dirs) published.push(await client.publish(dir));
  const full = published.find((summary) => summary.base === null);
  if (values.rollout !== undefined) {
    if (!full) throw new CliError(EXIT.usage, '--rollout needs a full bundle among those published');
    published.push(await client.rollout(full.catalogueId, full.version, regionList(values.rollout)));
  }
  if (values.json) printJson(published.at(-1));
  else printLines(published.map(summaryLine));
}

export async function catalogueRollout(args: string[]): Promise<void> {
  const usage = 'usage: kioskctl catalogue rollout --hub URL --catalogue ID --version N --regions 440825[,…]';
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      ...HUB_OPTIONS,
      catalogue: { type: 'string' },
      version: { type: 'string' },
      regions: { type: 'string' },
    },
  });
  if (!values.catalogue || !values.version || !values.regions) throw new CliError(EXIT.usage, usage);
  const client = staffClient(values, usage);
  const summary = await client.rollout(
    values.catalogue,
    positiveInteger(values.version, '--version', 1),
    regionList(values.regions),
  );
  if (values.json) printJson(summary);
  else printLines([summaryLine(summary)]);
}

export async function catalogueList(args: string[]): Promise<void> {
  const usage = 'usage: kioskctl catalogue list --hub URL [--token T] [--json]';
  const { values } = parseArgs({ args, strict: true, options: HUB_OPTIONS });
  const summaries = await staffClient(values, usage).list();
  if (values.json) printJson(summaries);
  else printLines(summaries.length === 0 ? ['nothing published yet'] : summaries.map(summaryLine));
}

/**
 * Rollback without ever lowering a version: the content of an earlier version is signed again as a new version
 * above everything published, then rolled out, so kiosks take it as an ordinary update.
 */
export async function catalogueRollback(args: string[]): Promise<void> {
  const usage =
    'usage: kioskctl catalogue rollback --hub URL --to VERSION --key KEY.pem --key-id ID --regions 440000[,…] [--valid-days 90]';
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      ...HUB_OPTIONS,
      to: { type: 'string' },
      key: { type: 'string' },
      'key-id': { type: 'string' },
      regions: { type: 'string' },
      'valid-days': { type: 'string' },
    },
  });
  if (!values.to || !values.key || !values['key-id'] || !values.regions) throw new CliError(EXIT.usage, usage);
  const client = staffClient(values, usage);
  const target = positiveInteger(values.to, '--to', 1);
  const summaries = await client.list();
  const old = summaries.find((summary) => summary.version === target && summary.base === null);
  if (!old) throw new CliError(EXIT.usage, `the hub has no full bundle of version ${target}`);
  const newest = Math.max(...summaries.filter((s) => s.catalogueId === old.catalogueId).map((s) => s.version));
  const workDir = path.join(tmpdir(), `kioskctl-rollback-${process.pid}-${Date.now()}`);
  const oldDir = path.join(workDir, old.bundleId);
  const manifest = await client.download(old.bundleId, oldDir);
  let verified;
  try {
    verified = verifyBundleFiles(manifest, path.join(oldDir, 'files'));
  } catch (error) {
    if (error instanceof BundleError) throw new CliError(EXIT.deviceError, error.message, error.code);
    throw error;
  }
  if (verified.content.kind !== 'full') throw new CliError(EXIT.deviceError, `${old.bundleId} is not a full bundle`);
  const attachments = Object.fromEntries(
    verified.attachments.map((file) => [file.path, readFileSync(path.join(oldDir, 'files', file.sha256))]),
  );
  const version = newest + 1;
  const newDir = path.join(workDir, `v${version}`);
  buildBundle(newDir, {
    catalogue: { ...verified.content.catalogue, version },
    attachments,
    privateKey: readFileSync(values.key, 'utf8'),
    keyId: values['key-id'],
    regions: manifest.regions,
    profiles: manifest.profiles,
    now: new Date(),
    validDays: positiveInteger(values['valid-days'], '--valid-days', 90),
  });
  await client.publish(newDir);
  const summary = await client.rollout(old.catalogueId, version, regionList(values.regions));
  if (values.json) printJson(summary);
  // The work folder is left in place: it holds exactly what was signed, for the record.
  else printLines([`version ${target} republished as ${version} (signed bundle in ${newDir})`, summaryLine(summary)]);
}
