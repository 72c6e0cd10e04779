// Whether a villager (or a technician) is using the kiosk right now, seen from the KioskApi calls the page makes:
// a call a person causes opens a session, endSession closes it. Memory reloads and updates wait for a closed one.
import { QUIET_BEFORE_RESTART_MS } from '../core/watchdog/nightly-restart.ts';

/** Calls a screen makes by itself (on opening the home screen, polling a status): nobody need be there. */
const BACKGROUND_METHODS: ReadonlySet<string> = new Set([
  'getKioskInfo',
  'listCategories',
  'getDeviceSettings',
  'getIdCardStatus',
  'getPrinterStatus',
  'getHealth',
  'getOutboxStatus',
  'getProvisioningState',
]);

export interface SessionActivity {
  /** Called for every KioskApi call the page makes. */
  noteCall(method: string): void;
  /** True from a person's call until endSession, or until the kiosk has been quiet for five minutes. */
  inSession(): boolean;
  /** The last call a person caused (ms since the epoch); null: none since start. */
  lastActiveAt(): number | null;
}

export function trackSessions(now: () => number = Date.now): SessionActivity {
  let lastActive: number | null = null;
  let endedAt: number | null = null;
  return {
    noteCall(method) {
      if (method === 'endSession') endedAt = now();
      else if (!BACKGROUND_METHODS.has(method)) lastActive = now();
    },
    inSession() {
      if (lastActive === null) return false;
      if (endedAt !== null && endedAt >= lastActive) return false;
      // A page that crashed mid-session never says endSession; five quiet minutes end it as the idle timer would.
      return now() - lastActive < QUIET_BEFORE_RESTART_MS;
    },
    lastActiveAt: () => lastActive,
  };
}
