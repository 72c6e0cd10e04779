import { defineConfig } from 'vitest/config';

// One run, five projects: unit (one module, fakes allowed), integration (real SQLite files, real servers on
// 127.0.0.1, real PTYs), e2e (Playwright driving Debian's Chromium against the browser host), and
// integration-postgres / e2e-postgres: the tests whose hub stores things, again on a real PostgreSQL that the
// project's globalSetup starts on 127.0.0.1 (test/helpers/postgres.ts; startTestHub picks the engine).

/** Test files that run a hub and look at what it stored: they run on SQLite and on PostgreSQL. */
export const HUB_STORAGE_TESTS = [
  'test/integration/catalogue-events-kiosk.test.ts',
  'test/integration/hub-api-separation.test.ts',
  'test/integration/hub-catalogue.test.ts',
  'test/integration/hub-catalogue-events.test.ts',
  'test/integration/hub-catalogue-editor.test.ts',
  'test/integration/hub-catalogue-rollback.test.ts',
  'test/integration/hub-database.test.ts',
  'test/integration/hub-enrolment.test.ts',
  'test/integration/hub-intake.test.ts',
  'test/integration/hub-staff-console.test.ts',
  'test/integration/hub-submissions.test.ts',
  'test/integration/heartbeat.test.ts',
  'test/integration/kioskctl-catalogue.test.ts',
  'test/integration/outbox-reliability.test.ts',
  'test/integration/outbox-sync.test.ts',
];

/** Browser tests whose kiosk talks to a hub that stores what it is sent: they run on both engines too. */
export const HUB_E2E_TESTS = [
  'test/e2e/catalogue-update.test.ts',
  'test/e2e/offline-submission.test.ts',
  'test/e2e/staff-console.test.ts',
];

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration-postgres',
          include: HUB_STORAGE_TESTS,
          environment: 'node',
          // Runs beside the integration project, whose kiosk and kioskctl processes load the same two cores.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['test/helpers/postgres-global-setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e-postgres',
          include: HUB_E2E_TESTS,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          globalSetup: ['test/helpers/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
