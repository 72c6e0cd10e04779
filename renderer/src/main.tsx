import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client.ts';
import { detectTransport } from './api/transport.ts';
import { App } from './App.tsx';
import { idleTimingsFrom } from './apply/idle.ts';
import './styles.css';

// Kiosk screens have no use for a context menu or browser zoom gestures.
window.addEventListener('contextmenu', (event) => event.preventDefault());

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App client={createClient(detectTransport())} idleTimings={idleTimingsFrom(window.location.search)} />
    </StrictMode>,
  );
}
