// The technician's A4 test page: Chinese and Latin text at several sizes, a grid to check scaling and margins.
import { escapeHtml } from './html.ts';

export function a4TestPageHtml(queue: string, printedAt: Date): string {
  const sizes = [10, 12, 16, 24]
    .map((pt) => `<p style="font-size:${pt}pt">${pt}pt 法律援助申请表 Legal aid application 0123456789</p>`)
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>A4 test page</title>
<style>
  @page { size: A4; margin: 15mm; }
  body { font-family: 'Noto Sans CJK SC', sans-serif; color: #000; }
  h1 { font-size: 22pt; }
  .grid { width: 100mm; height: 50mm; border: 1px solid #000;
    background-image: linear-gradient(#000 1px, transparent 1px), linear-gradient(90deg, #000 1px, transparent 1px);
    background-size: 10mm 10mm; }
</style></head>
<body>
  <h1>A4 打印测试页 / A4 test page</h1>
  <p>打印队列 Queue: ${escapeHtml(queue)} · ${escapeHtml(printedAt.toISOString())}</p>
  ${sizes}
  <p>下面的方格每格 10 毫米 / Each square below is 10 mm:</p>
  <div class="grid"></div>
</body></html>`;
}
