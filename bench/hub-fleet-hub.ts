// The hub under test for bench/hub-fleet.ts, in its own process so its CPU time (process.cpuUsage) and memory
// are the hub's alone. Started with fork(); told its settings in one message; answers "usage" messages.
import pino from 'pino';
import { startHub, type HubOptions } from '../hub/server.ts';

interface Settings {
  dataDir: string;
  staffToken: string;
  trustedKey: { keyId: string; publicKey: string };
  maxStreams: number;
  databaseUrl: string | null;
}

process.once('message', (settings: Settings) => {
  void (async () => {
    const options: HubOptions = {
      dataDir: settings.dataDir,
      staffTokens: [settings.staffToken],
      trustedKeys: [settings.trustedKey],
      log: pino({ level: 'warn' }, pino.destination(2)),
      // The fleet's unsigned requests come through "a proxy" on loopback naming each kiosk's own address.
      scale: { maxStreams: settings.maxStreams, trustedProxies: ['127.0.0.1'] },
    };
    // For the PostgreSQL storage (HUB_DATABASE_URL): the bench checks afterwards that no SQLite file was written.
    if (settings.databaseUrl) Object.assign(options, { databaseUrl: settings.databaseUrl });
    const hub = await startHub(options);
    process.on('message', (message: { type: string }) => {
      if (message.type === 'usage') {
        process.send!({ type: 'usage', cpu: process.cpuUsage(), rss: process.memoryUsage().rss });
      } else if (message.type === 'close') {
        void hub.close().then(() => process.exit(0));
      }
    });
    process.send!({ type: 'ready', url: hub.url });
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
