// An information item's content: the catalogue schema's checks, what the guide receipt prints of it, and the
// blank template's A4 HTML.
import { describe, expect, it } from 'vitest';
import { catalogueSchema, serviceContentSchema, type ServiceContent } from '../../core/catalogue/schema.ts';
import { serviceGuideReceipt } from '../../core/documents/service-guide-receipt.ts';
import { templateDocumentHtml } from '../../core/documents/template-document.ts';
import { makeCatalogue, makeItem } from '../helpers/catalogue-fixture.ts';

const DIRECTORY: ServiceContent = {
  kind: 'directory',
  entries: [
    {
      name: '示范村人民调解委员会',
      area: '下桥镇',
      address: '村委会一楼',
      phone: '0759-4851234',
      people: [],
      fields: ['邻里纠纷'],
    },
    {
      name: '县医疗纠纷调解委员会',
      area: '徐闻县',
      address: '县司法局三楼',
      phone: '0759-4830519',
      people: [],
      fields: [],
    },
  ],
};

function receiptLines(content: ServiceContent | undefined): string[] {
  const item = makeItem({ id: 'info', categoryId: 'legal', title: '调解组织查询', ...(content ? { content } : {}) });
  item.materials = [];
  const receipt = serviceGuideReceipt({
    item,
    paper: '80mm',
    kiosk: { kioskCode: 'K1', siteName: '示范村' },
    printedAt: new Date('2026-11-22T02:00:00Z'),
  });
  return receipt.blocks.flatMap((block) =>
    block.type === 'text' ? [block.text] : block.type === 'keyValue' ? [`${block.label}:${block.value}`] : [],
  );
}

describe('service content', () => {
  it('is checked by the catalogue schema: a directory needs entries, an entry a phone, and kinds are known', () => {
    expect(serviceContentSchema.safeParse(DIRECTORY).success).toBe(true);
    expect(serviceContentSchema.safeParse({ kind: 'directory', entries: [] }).success).toBe(false);
    expect(
      serviceContentSchema.safeParse({ kind: 'directory', entries: [{ ...DIRECTORY.entries[0], phone: '电话' }] })
        .success,
    ).toBe(false);
    expect(serviceContentSchema.safeParse({ kind: 'video', url: 'x' }).success).toBe(false);
    const catalogue = makeCatalogue();
    catalogue.items[0] = { ...catalogue.items[0]!, content: { kind: 'lesson', sections: [] } } as never;
    expect(catalogueSchema.safeParse(catalogue).success).toBe(false);
  });

  it('prints a directory’s offices on the guide receipt, with nothing-to-bring left out', () => {
    const lines = receiptLines(DIRECTORY);
    expect(lines).toEqual(
      expect.arrayContaining(['示范村人民调解委员会', '电话:0759-4851234', '业务:邻里纠纷', '县医疗纠纷调解委员会']),
    );
    expect(lines).not.toContain('请带齐以下材料');
    // A guide with nothing to show still says there is nothing to bring.
    expect(receiptLines(undefined)).toEqual(expect.arrayContaining(['请带齐以下材料', '无需提交材料']));
  });

  it('prints a lesson’s points in order', () => {
    const lines = receiptLines({
      kind: 'lesson',
      sections: [
        { heading: '结婚要登记', text: '到婚姻登记机关登记。' },
        { heading: '离婚冷静期', text: '三十天。' },
      ],
    });
    expect(lines.indexOf('1. 结婚要登记')).toBeGreaterThan(-1);
    expect(lines.indexOf('2. 离婚冷静期')).toBeGreaterThan(lines.indexOf('1. 结婚要登记'));
  });

  it('writes a template’s paragraphs and notes as escaped HTML', () => {
    const html = templateDocumentHtml({
      template: { kind: 'template', title: '借条', body: ['今借到＿＿＿', '<b>不是标记</b>'], notes: ['金额写大写'] },
      kiosk: { kioskCode: 'K1', siteName: '示范村' },
    });
    expect(html).toContain('<h1>借条</h1>');
    expect(html).toContain('<p>今借到＿＿＿</p>');
    expect(html).toContain('&lt;b&gt;不是标记&lt;/b&gt;');
    expect(html).toContain('<li>金额写大写</li>');
  });
});
