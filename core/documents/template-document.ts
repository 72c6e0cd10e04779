// A 法律文书模板 printed blank on A4 (借条, 民事起诉状) for the villager to fill in by hand: the catalogue's
// paragraphs with their blanks, then how to fill it in. It carries nothing about the villager.
import type { ServiceContent } from '../catalogue/schema.ts';
import { escapeHtml } from './html.ts';

export type TemplateContent = Extract<ServiceContent, { kind: 'template' }>;

export interface TemplateDocumentInput {
  template: TemplateContent;
  kiosk: { kioskCode: string; siteName: string };
}

export function templateDocumentHtml({ template, kiosk }: TemplateDocumentInput): string {
  const paragraphs = template.body.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n  ');
  const notes = template.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(template.title)}</title>
<style>
  @page { size: A4; margin: 20mm 18mm; }
  body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 14pt; color: #000; }
  h1 { font-size: 22pt; text-align: center; letter-spacing: 0.5em; margin: 0 0 8mm; }
  .body p { line-height: 2.2; margin: 0 0 2mm; text-indent: 2em; }
  .notes { margin-top: 12mm; padding-top: 4mm; border-top: 1px dashed #000; font-size: 10.5pt; }
  .notes h2 { font-size: 11pt; margin: 0 0 2mm; }
  .origin { margin-top: 6mm; font-size: 9pt; text-align: right; }
</style></head>
<body>
  <h1>${escapeHtml(template.title)}</h1>
  <div class="body">
  ${paragraphs}
  </div>
  ${notes ? `<div class="notes"><h2>填写提示（此线以下不属于文书内容，可剪去）</h2><ol>${notes}</ol></div>` : ''}
  <p class="origin">自助终端 ${escapeHtml(kiosk.kioskCode)}（${escapeHtml(kiosk.siteName)}）打印的空白模板</p>
</body></html>`;
}
