// A4 documents through the real spooler: the application form rendered to PDF by headless Chromium, spooled
// with lp to a CUPS queue backed by cups-pdf, and the PDF that comes out read back with pdftotext.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applicationFormHtml } from '../../core/documents/application-form.ts';
import { CHROMIUM } from '../../core/host/chromium.ts';
import { queueState, spoolPdf, waitForJob } from '../../drivers/printer/a4/cups.ts';
import { htmlToPdf } from '../../drivers/printer/a4/html-to-pdf.ts';
import { cupsUnavailable, findPdfOutput, lpadmin, pdfText, PDF_QUEUE } from '../helpers/cups.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('a4-');
const form = (name: string) =>
  applicationFormHtml({
    service: { title: '农民工讨薪法律援助', place: '徐闻县法律援助处（县城东方一路）', consultPhone: '0759-4812348' },
    applicant: {
      name,
      sex: '女',
      birthDate: '1948年3月15日',
      idNumber: '440825194803150020',
      address: '广东省湛江市徐闻县下桥镇示范村委会东村12号',
      phone: '13800138000',
    },
    kiosk: { kioskCode: 'XW-DEMO-001', siteName: '示范村公共法律服务工作室' },
    createdAt: new Date('2026-11-22T10:00:00+08:00'),
  });

const unavailable = cupsUnavailable();
if (unavailable) console.log(`A4 spooler tests skipped: ${unavailable}`);
const STOPPED_QUEUE = `kiosk-test-stopped-${process.pid}`;

afterAll(() => {
  if (!unavailable) {
    try {
      lpadmin(['-x', STOPPED_QUEUE]);
    } catch {
      // it was never made
    }
  }
});

describe('A4 documents', () => {
  it('renders the application form to a PDF with its text, escaping what the villager typed', async () => {
    const pdf = await htmlToPdf(form('陈阿婆<b>'), { chromium: CHROMIUM });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = path.join(tempDir(), 'form.pdf');
    writeFileSync(file, pdf);
    const text = pdfText(file);
    expect(text).toContain('农民工讨薪法律援助申请表');
    expect(text).toContain('陈阿婆<b>');
    expect(text).toContain('440825194803150020');
    expect(text).toContain('2026年11月22日');
  });

  it.skipIf(unavailable !== null)('prints it through CUPS to the PDF queue', async () => {
    expect(await queueState(PDF_QUEUE)).toMatch(/idle|printing/);
    const title = `kiosk-test-${process.pid}-${Date.now()}`;
    const job = await spoolPdf(PDF_QUEUE, await htmlToPdf(form('林志强'), { chromium: CHROMIUM }), title);
    expect(job).toMatch(new RegExp(`^${PDF_QUEUE}-\\d+$`));
    expect(await waitForJob(job, 30_000)).toBe(true);
    let output: string | null = null;
    for (let i = 0; i < 50 && !output; i++) {
      output = findPdfOutput(title);
      if (!output) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output, 'cups-pdf wrote no file for the job').not.toBeNull();
    const text = pdfText(output!);
    expect(text).toContain('林志强');
    expect(text).toContain('申请人签名');
  });

  it.skipIf(unavailable !== null)('refuses a queue that is missing or stopped, with a clear code', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    await expect(spoolPdf('no-such-queue', pdf, 'x')).rejects.toMatchObject({ code: 'PRINTER_QUEUE_MISSING' });
    lpadmin(['-p', STOPPED_QUEUE, '-E', '-v', 'cups-pdf:/', '-m', 'lsb/usr/cups-pdf/CUPS-PDF_opt.ppd']);
    expect(await queueState(STOPPED_QUEUE)).toBe('idle');
    execFileSync('cupsdisable', [STOPPED_QUEUE]);
    expect(await queueState(STOPPED_QUEUE)).toBe('stopped');
    await expect(spoolPdf(STOPPED_QUEUE, pdf, 'x')).rejects.toMatchObject({
      code: 'PRINTER_QUEUE_STOPPED',
      message: expect.stringContaining(STOPPED_QUEUE),
    });
  });
});
