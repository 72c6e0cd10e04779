import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalogueSchema, type Catalogue } from '../../core/catalogue/schema.ts';
import { makeCatalogue, makeItem } from '../helpers/catalogue-fixture.ts';
import { SAMPLE_CATALOGUE } from '../helpers/paths.ts';

function issuesOf(catalogue: unknown): string[] {
  const result = catalogueSchema.safeParse(catalogue);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('catalogue schema', () => {
  it('accepts the test fixture', () => {
    expect(issuesOf(makeCatalogue())).toEqual([]);
  });

  it('rejects duplicate item ids and items of unknown categories', () => {
    const catalogue = makeCatalogue();
    catalogue.items.push(makeItem({ id: 'legal-aid', categoryId: 'nowhere', title: '重复' }));
    const issues = issuesOf(catalogue);
    expect(issues).toContain('items.5.id: duplicate item id legal-aid');
    expect(issues).toContain('items.5.categoryId: unknown category nowhere');
  });

  it('requires fees exactly when an item is charged', () => {
    const catalogue = makeCatalogue();
    catalogue.items[0] = { ...catalogue.items[0]!, charged: true, fees: [] };
    expect(issuesOf(catalogue)).toContain('items.0.fees: fees must be listed exactly when the item is charged');
  });

  it('rejects a malformed credit code, region and item type', () => {
    const catalogue = makeCatalogue() as unknown as { items: Record<string, unknown>[] };
    catalogue.items[0] = {
      ...catalogue.items[0],
      authority: { name: '某局', creditCode: 'short' },
      regions: ['4408'],
      itemType: '99',
    };
    const paths = issuesOf(catalogue).map((issue) => issue.split(':')[0]);
    expect(paths).toEqual(
      expect.arrayContaining(['items.0.authority.creditCode', 'items.0.regions.0', 'items.0.itemType']),
    );
  });
});

describe('sample catalogue', () => {
  const catalogue = JSON.parse(readFileSync(SAMPLE_CATALOGUE, 'utf8')) as Catalogue;

  it('is valid', () => {
    expect(issuesOf(catalogue)).toEqual([]);
  });

  it('has at least 30 items covering both kiosk profiles', () => {
    expect(catalogue.items.length).toBeGreaterThanOrEqual(30);
    const legal = catalogue.items.filter((item) => item.profiles.includes('fabaobao'));
    const government = catalogue.items.filter((item) => item.profiles.includes('yuezizhu'));
    expect(legal.length).toBeGreaterThanOrEqual(10);
    expect(government.length).toBeGreaterThanOrEqual(10);
  });

  it('has every legal-service item of a 法宝宝 kiosk and the common village government items', () => {
    const titles = catalogue.items.map((item) => item.title).join('\n');
    for (const needed of [
      '法律援助',
      '人民调解',
      '公证',
      '远程视频会见',
      '行政复议',
      '城乡居民养老保险',
      '社保卡',
      '医保',
    ]) {
      expect(titles, needed).toContain(needed);
    }
  });

  it('gives every 法宝宝 category at least one item', () => {
    const categories = catalogue.categories.filter((category) => category.profiles.includes('fabaobao'));
    for (const category of categories) {
      const items = catalogue.items.filter(
        (item) => item.categoryId === category.id && item.profiles.includes('fabaobao'),
      );
      expect(items.length, category.name).toBeGreaterThan(0);
    }
  });

  it('writes money with the full-width ￥', () => {
    const fees = catalogue.items.flatMap((item) => item.fees.map((fee) => fee.standard));
    expect(fees.length).toBeGreaterThan(0);
    for (const fee of fees) expect(fee).not.toContain('¥');
  });
});
