// Electron entry point (bundled to dist/electron/main.mjs by scripts/build-electron.ts).
import { app } from 'electron';
import { startKioskShell } from './shell.ts';

startKioskShell().catch((error: unknown) => {
  console.error('kiosk shell failed to start:', error);
  app.exit(1);
});
