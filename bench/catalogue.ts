// `npm run bench` (or `npx tsx bench/catalogue.ts`): the catalogue at county scale. With a generated catalogue
// of BENCH_ITEMS items (default 10,000; bench/catalogue-generator.ts, 5 materials each, ~2 % of materials with a
// blank-form attachment) it measures
//   - building a signed full bundle (time, bytes on disk),
//   - verify + apply of the full bundle on a fresh SQLite file (each part and the total),
//   - a 1 % delta (edit 0.8 %, add 0.1 %, remove 0.1 % of the items): build time, size, share of the full bundle,
//     and verify + apply on a copy of a database that has the base installed,
//   - search latency over BENCH_QUERIES queries (default 1,000) of each kind (hanzi, full pinyin, initials),
//     drawn from the catalogue itself, next to Fuse.js over the same items in the same run (on the first
//     BENCH_FUSE_QUERIES of them, default 200: Fuse is slow), as the ratio ours p95 / Fuse p95 on those queries.
// Each figure is printed as one JSON line; a summary table with the targets comes last.
// Timings repeat BENCH_RUNS times (default 5) after one warm-up run; figures as bench/stats.ts gives them.
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Fuse from 'fuse.js';
import {
  buildBundle,
  buildDeltaBundle,
  CATALOGUE_FILE,
  DELTA_FILE,
  readBundleForDelta,
  verifyBundle,
  type TrustedKey,
  type VerifyOptions,
} from '../core/catalogue/bundle.ts';
import { CatalogueStore } from '../core/catalogue/store.ts';
import { openDatabase } from '../core/db/database.ts';
import { seededRandom } from '../test/helpers/seeded-random.ts';
import { BENCH_SCOPE, generateCatalogue, makeQueries, nextVersion, pinyinOf } from './catalogue-generator.ts';
import { percentile, report } from './stats.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// Fuse.js takes ~50–300 ms a query over 10,000 items, so it runs on the first BENCH_FUSE_QUERIES queries of
// each kind (default 200) to keep the bench near 3 minutes; set it to BENCH_QUERIES for the full comparison.
const FUSE_QUERIES = Math.min(QUERIES, Number(process.env.BENCH_FUSE_QUERIES ?? 200));
const COUNT_QUERIES = 50;
const SEARCH_LIMIT = 20; // the kiosk's default (core/kiosk-service.ts)
const TARGETS = { searchP95Ms: 5, fullApplyMs: 3000, deltaSharePct: 5 };
const NOW = new Date('2026-11-22T10:00:00+08:00');

const round = (value: number, places = 3) => Math.round(value * 10 ** places) / 10 ** places;
type Figures = { runs: number; mean_ms: number; p50_ms: number; p95_ms: number; max_ms: number };

function figures(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    mean_ms: round(sorted.reduce((sum, sample) => sum + sample, 0) / sorted.length),
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    max_ms: round(sorted[sorted.length - 1]!),
  };
}

/**
 * Runs `body` `runs` times after `warmup` runs. The body does its own untimed setup and calls `lap(name)` after
 * each timed part (the clock starts at `start()`); returns figures per part and for the total.
 */
function repeat(
  runs: number,
  warmup: number,
  body: (i: number, clock: { start(): void; lap(name: string): void }) => void,
): Record<string, Figures> {
  const samples = new Map<string, number[]>();
  for (let i = 0; i < warmup + runs; i++) {
    const laps = new Map<string, number>();
    let last = 0;
    body(i, {
      start: () => (last = performance.now()),
      lap: (name) => {
        const now = performance.now();
        laps.set(name, now - last);
        last = now;
      },
    });
    if (i < warmup) continue;
    laps.set(
      'total',
      [...laps.values()].reduce((sum, ms) => sum + ms, 0),
    );
    for (const [name, ms] of laps) samples.set(name, [...(samples.get(name) ?? []), ms]);
  }
  return Object.fromEntries([...samples].map(([name, list]) => [name, figures(list)]));
}

/** Milliseconds of each call of `fn`, one per query, after `warmup` untimed calls (cycling through the list). */
function timeEach(queries: string[], fn: (query: string) => unknown, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) fn(queries[i % queries.length]!);
  return queries.map((query) => {
    const start = performance.now();
    fn(query);
    return performance.now() - start;
  });
}

function dirBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

// --- The catalogue, its bundle keys and the kiosk ------------------------------------------------------------

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signing = {
  privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  keyId: 'bench-1',
  regions: ['440000'],
  profiles: ['fabaobao', 'yuezizhu'] as ('fabaobao' | 'yuezizhu')[],
  now: NOW,
  validDays: 30,
};
const trusted: TrustedKey[] = [
  { keyId: 'bench-1', publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
];
const kiosk = (installedVersion: number | null): VerifyOptions => ({
  trusted,
  installedVersion,
  regionCode: BENCH_SCOPE.regionCode,
  profile: BENCH_SCOPE.profile,
  now: NOW,
});

let started = performance.now();
const base = generateCatalogue(ITEMS);
const catalogueBytes = Buffer.byteLength(JSON.stringify(base.catalogue));
const attachmentBytes = Object.values(base.attachments).reduce((sum, bytes) => sum + bytes.length, 0);
report('catalogue.generate', {
  items: base.catalogue.items.length,
  ms: round(performance.now() - started),
  catalogue_json_bytes: catalogueBytes,
  item_json_bytes_mean: Math.round(catalogueBytes / base.catalogue.items.length),
  materials: base.catalogue.items.reduce((sum, item) => sum + item.materials.length, 0),
  attachments: Object.keys(base.attachments).length,
  attachment_bytes: attachmentBytes,
});

const workDir = mkdtempSync(path.join(tmpdir(), 'kiosk-bench-catalogue-'));
const summary: { row: string; figure: string; target?: string; pass?: boolean }[] = [];
const ms = (value: number) => `${value.toFixed(value < 10 ? 3 : 0)} ms`;

try {
  // --- 1. Build the full bundle -------------------------------------------------------------------------------
  const fullDir = path.join(workDir, 'full');
  const build = repeat(RUNS, 1, (i, clock) => {
    const dir = path.join(workDir, `full-build-${i}`);
    clock.start();
    buildBundle(dir, { ...signing, catalogue: base.catalogue, attachments: base.attachments });
    clock.lap('build');
    rmSync(dir, { recursive: true, force: true });
  });
  const fullManifest = buildBundle(fullDir, { ...signing, catalogue: base.catalogue, attachments: base.attachments });
  const fullBytes = dirBytes(fullDir);
  report('catalogue.bundle.full.build', {
    items: ITEMS,
    ...build.build,
    bytes: fullBytes,
    files: fullManifest.files.length,
    catalogue_json_bytes: fullManifest.files.find((file) => file.path === CATALOGUE_FILE)!.size,
  });
  summary.push({
    row: 'full bundle build (p50)',
    figure: `${ms(build.build!.p50_ms)}, ${(fullBytes / 1e6).toFixed(1)} MB`,
  });

  // --- 2. Verify + apply the full bundle on a fresh SQLite file -----------------------------------------------
  const full = repeat(RUNS, 1, (i, clock) => {
    const file = path.join(workDir, `full-apply-${i}.sqlite`);
    const db = openDatabase(file);
    const store = new CatalogueStore(db);
    clock.start();
    const verified = verifyBundle(fullDir, kiosk(null));
    clock.lap('verify');
    if (verified.content.kind !== 'full') throw new Error('expected a full bundle');
    // As the kiosk's updater does: the bundle's catalogue has just passed the schema in verifyBundle.
    store.installValidated(verified.content.catalogue, {
      created: verified.manifest.created,
      files: verified.attachments,
    });
    clock.lap('install');
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  });
  report('catalogue.bundle.full.verifyApply', {
    items: ITEMS,
    verify: full.verify,
    install: full.install,
    total: full.total,
  });
  summary.push({
    row: 'full verify + apply (p95)',
    figure: `${ms(full.total!.p95_ms)} (verify ${ms(full.verify!.p95_ms)}, install ${ms(full.install!.p95_ms)})`,
    target: `< ${TARGETS.fullApplyMs} ms`,
    pass: full.total!.p95_ms < TARGETS.fullApplyMs,
  });

  // A database with the base installed: copied for each delta run, and searched below.
  const baseDb = path.join(workDir, 'base.sqlite');
  {
    const db = openDatabase(baseDb);
    const verified = verifyBundle(fullDir, kiosk(null));
    if (verified.content.kind !== 'full') throw new Error('expected a full bundle');
    new CatalogueStore(db).installValidated(verified.content.catalogue, {
      created: verified.manifest.created,
      files: verified.attachments,
    });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  }

  // --- 3. A 1 % delta -----------------------------------------------------------------------------------------
  const changes = {
    edit: Math.round(ITEMS * 0.008),
    add: Math.round(ITEMS * 0.001),
    remove: Math.round(ITEMS * 0.001),
  };
  const next = nextVersion(base, changes);
  started = performance.now();
  const deltaBase = readBundleForDelta(fullDir);
  report('catalogue.bundle.delta.readBase', { ms: round(performance.now() - started) });
  const deltaDir = path.join(workDir, 'delta');
  const deltaBuild = repeat(RUNS, 1, (i, clock) => {
    const dir = path.join(workDir, `delta-build-${i}`);
    clock.start();
    buildDeltaBundle(dir, deltaBase, { ...signing, catalogue: next.catalogue, attachments: next.attachments });
    clock.lap('build');
    rmSync(dir, { recursive: true, force: true });
  });
  const { manifest: deltaManifest, delta } = buildDeltaBundle(deltaDir, deltaBase, {
    ...signing,
    catalogue: next.catalogue,
    attachments: next.attachments,
  });
  const deltaBytes = dirBytes(deltaDir);
  const deltaShare = (100 * deltaBytes) / fullBytes;
  report('catalogue.bundle.delta.build', {
    edited: next.edited,
    added: next.added,
    removed: next.removed,
    upsert: delta.upsert.length,
    remove: delta.remove.length,
    changed_attachments: next.changedAttachments,
    removed_files: delta.removedFiles.length,
    ...deltaBuild.build,
    bytes: deltaBytes,
    files: deltaManifest.files.length,
    delta_json_bytes: deltaManifest.files.find((file) => file.path === DELTA_FILE)!.size,
    share_of_full_pct: round(deltaShare, 2),
  });
  summary.push({ row: 'delta build (p50)', figure: ms(deltaBuild.build!.p50_ms) });
  summary.push({
    row: 'delta size / full size',
    figure: `${(deltaBytes / 1e3).toFixed(0)} kB / ${(fullBytes / 1e3).toFixed(0)} kB = ${deltaShare.toFixed(2)} %`,
    target: `< ${TARGETS.deltaSharePct} %`,
    pass: deltaShare < TARGETS.deltaSharePct,
  });

  const deltaApply = repeat(RUNS, 1, (i, clock) => {
    const file = path.join(workDir, `delta-apply-${i}.sqlite`);
    copyFileSync(baseDb, file);
    const db = openDatabase(file);
    const store = new CatalogueStore(db);
    clock.start();
    const verified = verifyBundle(deltaDir, kiosk(1));
    clock.lap('verify');
    if (verified.content.kind !== 'delta') throw new Error('expected a delta bundle');
    store.applyDelta(verified.content.delta, { created: verified.manifest.created, files: verified.attachments });
    clock.lap('apply');
    if (i === 0) {
      // Once: the delta must give exactly the next catalogue.
      const got = new Map(store.catalogue()!.items.map((item) => [item.id, JSON.stringify(item)]));
      const want = next.catalogue.items;
      if (got.size !== want.length || want.some((item) => got.get(item.id) !== JSON.stringify(item))) {
        throw new Error('the applied delta does not give the next catalogue');
      }
    }
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  });
  report('catalogue.bundle.delta.verifyApply', {
    upsert: delta.upsert.length,
    remove: delta.remove.length,
    verify: deltaApply.verify,
    apply: deltaApply.apply,
    total: deltaApply.total,
  });
  summary.push({
    row: 'delta verify + apply (p95)',
    figure: `${ms(deltaApply.total!.p95_ms)} (verify ${ms(deltaApply.verify!.p95_ms)}, apply ${ms(deltaApply.apply!.p95_ms)})`,
  });

  // --- 4. Search ----------------------------------------------------------------------------------------------
  const db = openDatabase(baseDb);
  const store = new CatalogueStore(db);
  const inScope = store.listServices(BENCH_SCOPE).length;
  started = performance.now();
  store.search(BENCH_SCOPE, '法律援助', SEARCH_LIMIT);
  report('catalogue.search.firstQuery', { in_scope_items: inScope, ms: round(performance.now() - started) });

  const items = base.catalogue.items;
  const queries = makeQueries(items, QUERIES, seededRandom(4711));

  // Fuse.js over the same items, with the kiosk's search limit. For hanzi queries it indexes what ours searches:
  // title, synonyms, summary. Fuse knows no pinyin, so for the pinyin and initials queries it gets a second index
  // over the same pinyin strings ours matches against (pinyin-pro, as core/catalogue/pinyin-keys.ts): each
  // title's full pinyin and initials, and each synonym's. Both indexes are built once, outside the timings.
  const docs = items.map((item) => ({
    id: item.id,
    title: item.title,
    synonyms: item.synonyms,
    summary: item.summary,
    titlePinyin: pinyinOf(item.title).full,
    titleInitials: pinyinOf(item.title).initials,
    synonymsPinyin: item.synonyms.map((synonym) => pinyinOf(synonym).full),
    synonymsInitials: item.synonyms.map((synonym) => pinyinOf(synonym).initials),
  }));
  const fuseOptions = { threshold: 0.3, ignoreLocation: true };
  started = performance.now();
  const fuseHanzi = new Fuse(docs, { ...fuseOptions, keys: ['title', 'synonyms', 'summary'] });
  const fuseHanziIndexMs = performance.now() - started;
  started = performance.now();
  const fuseLatin = new Fuse(docs, {
    ...fuseOptions,
    keys: ['titlePinyin', 'titleInitials', 'synonymsPinyin', 'synonymsInitials'],
  });
  report('catalogue.search.fuseIndex', {
    items: docs.length,
    hanzi_ms: round(fuseHanziIndexMs),
    latin_ms: round(performance.now() - started),
  });

  for (const [kind, list] of Object.entries(queries)) {
    const fuse = kind === 'hanzi' ? fuseHanzi : fuseLatin;
    const subset = list.slice(0, FUSE_QUERIES);
    // Ours: one warm-up pass over all queries, then one timed pass. Fuse: a few warm-up queries, then the
    // first FUSE_QUERIES of the same (random-order) list. The ratio compares both on that same subset.
    const ours = timeEach(list, (query) => store.search(BENCH_SCOPE, query, SEARCH_LIMIT), list.length);
    const theirs = timeEach(subset, (query) => fuse.search(query, { limit: SEARCH_LIMIT }), 10);
    const oursOnSubset = figures(ours.slice(0, subset.length));
    const ratio = oursOnSubset.p95_ms / figures(theirs).p95_ms;
    // Sanity: how much each finds without the limit (Fuse is fuzzy, so it finds more), on the first queries.
    const counted = list.slice(0, Math.min(COUNT_QUERIES, subset.length));
    const oursHits = counted.map((query) => store.search(BENCH_SCOPE, query, Number.MAX_SAFE_INTEGER).length);
    const fuseHits = counted.map((query) => fuse.search(query).length);
    report('catalogue.search', {
      kind,
      in_scope_items: inScope,
      limit: SEARCH_LIMIT,
      ours: { queries: list.length, ...figures(ours) },
      ours_on_fuse_queries: { queries: subset.length, ...oursOnSubset },
      fuse: { queries: subset.length, ...figures(theirs) },
      ratio_p95: round(ratio, 4),
      examples: list.slice(0, 8),
      hits: {
        queries: counted.length,
        ours_mean: round(mean(oursHits), 1),
        ours_no_hit_pct: round(noHitPct(oursHits), 1),
        fuse_mean: round(mean(fuseHits), 1),
        fuse_no_hit_pct: round(noHitPct(fuseHits), 1),
      },
    });
    const oursAll = figures(ours);
    const fuseFigures = figures(theirs);
    summary.push({
      row: `search ${kind} (p50 / p95)`,
      figure: `${ms(oursAll.p50_ms)} / ${ms(oursAll.p95_ms)}; Fuse ${ms(fuseFigures.p50_ms)} / ${ms(fuseFigures.p95_ms)}; ours/Fuse p95 ${ratio.toFixed(3)}`,
      target: `p95 < ${TARGETS.searchP95Ms} ms`,
      pass: oursAll.p95_ms < TARGETS.searchP95Ms,
    });
  }
  db.close();
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

printSummary();

function mean(list: number[]): number {
  return list.reduce((sum, value) => sum + value, 0) / list.length;
}

function noHitPct(list: number[]): number {
  return (100 * list.filter((value) => value === 0).length) / list.length;
}

function printSummary(): void {
  const verdict = (entry: (typeof summary)[number]) => (entry.pass === undefined ? '' : entry.pass ? 'PASS' : 'FAIL');
  const rows = [
    ['measure', 'figure', 'target', ''],
    ...summary.map((entry) => [entry.row, entry.figure, entry.target ?? '', verdict(entry)]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  console.log(
    `\ncatalogue bench: ${ITEMS} items, ${QUERIES} queries per kind (Fuse.js: ${FUSE_QUERIES}), ${RUNS} runs`,
  );
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) => (column < 3 ? cell.padEnd(widths[column]!) : cell))
        .join('  ')
        .trimEnd(),
    );
  }
}
