// A4 documents in the Electron shell: Electron's own Chromium renders the HTML in a hidden window with no
// script and no preload, so a kiosk needs no separate browser installed. On Linux the PDF then goes to CUPS like
// in the browser host; on Windows, which has no CUPS, the window prints straight to the configured printer.
import type { BrowserWindow } from 'electron';

type DocumentWindow = Pick<BrowserWindow, 'loadURL' | 'destroy'> & {
  webContents: Pick<BrowserWindow['webContents'], 'printToPDF' | 'print'>;
};
type WindowClass = new (options: Electron.BrowserWindowConstructorOptions) => DocumentWindow;

const HIDDEN_DOCUMENT_WINDOW: Electron.BrowserWindowConstructorOptions = {
  show: false,
  webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
};

/** Loads a document in a hidden window, runs `use`, and always destroys the window. */
async function withDocument<T>(
  Window: WindowClass,
  html: string,
  use: (window: DocumentWindow) => Promise<T>,
): Promise<T> {
  const window = new Window(HIDDEN_DOCUMENT_WINDOW);
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await use(window);
  } finally {
    window.destroy();
  }
}

export function electronHtmlToPdf(Window: WindowClass): (html: string) => Promise<Buffer> {
  return (html) =>
    withDocument(Window, html, async (window) =>
      Buffer.from(await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true })),
    );
}

/**
 * Windows: the document goes to the named printer (devices.a4Printer.queue) through webContents.print,
 * silently, so the villager never sees a print dialog.
 */
export function electronPrintA4(Window: WindowClass, printer: string): (html: string) => Promise<void> {
  return (html) =>
    withDocument(
      Window,
      html,
      (window) =>
        new Promise<void>((resolve, reject) =>
          window.webContents.print(
            { silent: true, deviceName: printer, pageSize: 'A4', printBackground: true },
            (success: boolean, reason: string) =>
              success ? resolve() : reject(new Error(`printing to ${printer} failed: ${reason}`)),
          ),
        ),
    );
}
