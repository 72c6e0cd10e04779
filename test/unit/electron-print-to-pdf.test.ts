// A4 rendering in the Electron shell with a fake BrowserWindow: a hidden window without script renders the
// document, and is destroyed whether rendering works or fails.
import { describe, expect, it } from 'vitest';
import { electronHtmlToPdf, electronPrintA4 } from '../../electron/print-to-pdf.ts';

function fakeWindowClass(printResult: () => Promise<Buffer>, printOutcome: [boolean, string] = [true, '']) {
  const made: {
    options: Record<string, unknown>;
    url: string;
    destroyed: boolean;
    pdfOptions: unknown;
    printOptions?: unknown;
  }[] = [];
  class Window {
    private readonly record;
    constructor(options: Record<string, unknown>) {
      this.record = { options, url: '', destroyed: false, pdfOptions: null as unknown };
      made.push(this.record);
    }
    async loadURL(url: string) {
      this.record.url = url;
    }
    destroy() {
      this.record.destroyed = true;
    }
    get webContents() {
      return {
        printToPDF: async (options: unknown) => {
          this.record.pdfOptions = options;
          return printResult();
        },
        print: (options: unknown, callback: (success: boolean, reason: string) => void) => {
          (this.record as { printOptions?: unknown }).printOptions = options;
          setImmediate(() => callback(...printOutcome));
        },
      };
    }
  }
  return { Window: Window as never, made };
}

describe('Electron HTML to PDF', () => {
  it('renders in a hidden window with no script and returns the PDF', async () => {
    const { Window, made } = fakeWindowClass(async () => Buffer.from('%PDF-1.7'));
    const pdf = await electronHtmlToPdf(Window)('<p>法律援助 & <b>x</b></p>');
    expect(pdf.toString()).toBe('%PDF-1.7');
    expect(made).toHaveLength(1);
    expect(made[0]!.options).toMatchObject({ show: false, webPreferences: { javascript: false, sandbox: true } });
    expect(decodeURIComponent(made[0]!.url.replace('data:text/html;charset=utf-8,', ''))).toBe(
      '<p>法律援助 & <b>x</b></p>',
    );
    expect(made[0]!.pdfOptions).toMatchObject({ pageSize: 'A4' });
    expect(made[0]!.destroyed).toBe(true);
  });

  it('destroys the window when rendering fails', async () => {
    const { Window, made } = fakeWindowClass(async () => {
      throw new Error('renderer gone');
    });
    await expect(electronHtmlToPdf(Window)('<p>x</p>')).rejects.toThrow('renderer gone');
    expect(made[0]!.destroyed).toBe(true);
  });

  it('prints silently to the named printer on Windows, and reports a refusal', async () => {
    const ok = fakeWindowClass(async () => Buffer.alloc(0));
    await electronPrintA4(ok.Window, 'HP LaserJet A4')('<p>申请表</p>');
    expect(ok.made[0]!.printOptions).toEqual({
      silent: true,
      deviceName: 'HP LaserJet A4',
      pageSize: 'A4',
      printBackground: true,
    });
    expect(ok.made[0]!.destroyed).toBe(true);
    const refused = fakeWindowClass(async () => Buffer.alloc(0), [false, 'Invalid deviceName provided']);
    await expect(electronPrintA4(refused.Window, 'Nope')('<p>x</p>')).rejects.toThrow(
      'printing to Nope failed: Invalid deviceName provided',
    );
    expect(refused.made[0]!.destroyed).toBe(true);
  });
});
