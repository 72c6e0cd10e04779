import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built into dist/renderer and served by the browser host or Electron's app:// protocol.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Kiosk machines run one known Chromium; no legacy output needed.
    target: 'chrome120',
    sourcemap: false,
  },
});
