// A4 documents in the Electron shell: Electron's own Chromium renders the HTML to PDF in a hidden window with
// no script and no preload, so a kiosk needs no separate browser installed. The PDF then goes to the system
// spooler like in the browser host.
import type { BrowserWindow } from 'electron';

type WindowClass = new (
  options: Electron.BrowserWindowConstructorOptions,
) => Pick<BrowserWindow, 'loadURL' | 'destroy'> & { webContents: Pick<BrowserWindow['webContents'], 'printToPDF'> };

export function electronHtmlToPdf(Window: WindowClass): (html: string) => Promise<Buffer> {
  return async (html) => {
    const window = new Window({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
    });
    try {
      await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
      return Buffer.from(await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true }));
    } finally {
      window.destroy();
    }
  };
}
