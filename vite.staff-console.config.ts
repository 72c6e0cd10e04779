import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The staff console is built into dist/staff-console and served by the hub at /console/ under a strict CSP
// (hub/staff/console-static.ts): no inline scripts or styles, so Vite's output must be external files only.
export default defineConfig({
  root: 'renderer/staff-console',
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: '../../dist/staff-console',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
