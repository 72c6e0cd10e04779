// `npm run bench`: the catalogue cache and the browser host, on real SQLite files and real loopback HTTP.
// Prints one JSON line per figure. Sizes: the sample catalogue, and a synthetic one of BENCH_ITEMS items
// (default 5000, about the size of a county's full 事项 list) made from copies of the sample items.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { catalogueSchema, type Catalogue } from '../core/catalogue/schema.ts';
import { CatalogueStore } from '../core/catalogue/store.ts';
import { loadConfig } from '../core/config/config.ts';
import { openDatabase } from '../core/db/database.ts';
import { startBrowserHost } from '../core/host/server.ts';
import { KioskService } from '../core/kiosk-service.ts';
import { measure, report } from './stats.ts';

const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ITEMS = Number(process.env.BENCH_ITEMS ?? 5000);
const sample = catalogueSchema.parse(
  JSON.parse(readFileSync(path.join(ROOT_DIR, 'kiosk-config/catalogue/sample-catalogue.json'), 'utf8')),
);
const config = loadConfig({ rootDir: ROOT_DIR });
const scope = { profile: config.profile, regionCode: config.regionCode };
const QUERIES = {
  hanzi: ['法律援助', '讨薪', '调解', '公证', '养老', '社保卡', '低保', '会见', '借条', '不存在的事项'],
  pinyin: [
    'falvyuanzhu',
    'taoxin',
    'tiaojie',
    'gongzheng',
    'yanglao',
    'shebaoka',
    'dibao',
    'huijian',
    'jietiao',
    'qqqq',
  ],
  initials: ['flyz', 'tx', 'tj', 'gz', 'yl', 'sbk', 'db', 'hj', 'jt', 'qqqq'],
};

function synthetic(count: number): Catalogue {
  const items = Array.from({ length: count }, (_, i) => {
    const base = sample.items[i % sample.items.length]!;
    return { ...base, id: `${base.id}-${i}`, title: `${base.title}（${i}）`, popularity: (i * 7919) % 1000 };
  });
  return { ...sample, version: 2, items };
}

const workDir = mkdtempSync(path.join(tmpdir(), 'kiosk-bench-'));
try {
  for (const [label, catalogue] of [
    ['sample', sample],
    ['synthetic', synthetic(ITEMS)],
  ] as const) {
    const db = openDatabase(path.join(workDir, `${label}.sqlite`));
    const store = new CatalogueStore(db);
    const install = await measure(5, () => store.install(catalogue), 1);
    report('catalogue.install', { catalogue: label, items: catalogue.items.length, ...install });
    report('catalogue.listCategories', {
      catalogue: label,
      ...(await measure(500, () => store.listCategories(scope))),
    });
    const categories = store.listCategories(scope);
    report('catalogue.listServices', {
      catalogue: label,
      ...(await measure(500, (i) => store.listServices(scope, categories[i % categories.length]!.id))),
    });
    report('catalogue.getService', {
      catalogue: label,
      ...(await measure(500, (i) =>
        store.getService(scope, catalogue.items.filter((it) => it.profiles.includes(scope.profile))[i % 10]!.id),
      )),
    });
    for (const [kind, queries] of Object.entries(QUERIES)) {
      report('catalogue.search', {
        catalogue: label,
        kind,
        queries: queries.length,
        ...(await measure(1000, (i) => store.search(scope, queries[i % queries.length]!, 20))),
      });
    }
    db.close();
  }

  // One KioskApi call over HTTP on loopback, keep-alive, as the renderer makes it.
  const db = openDatabase(path.join(workDir, 'host.sqlite'));
  const service = new KioskService({
    config,
    catalogue: new CatalogueStore(db),
    appVersion: 'bench',
    shell: 'browser',
    log: pino({ level: 'silent' }),
  });
  service.installCatalogue(sample);
  const host = await startBrowserHost({ api: service, staticDir: workDir, port: 0, log: pino({ level: 'silent' }) });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const body = JSON.stringify({ categoryId: 'falv-yuanzhu' });
  const call = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        `${host.origin}/api/call/listServices`,
        {
          method: 'POST',
          agent,
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  report('host.listServices.http', await measure(2000, call));
  agent.destroy();
  await host.close();
  db.close();
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
