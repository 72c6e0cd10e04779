// The technician screen's self-test list: the back-end tests (ID reader, printers, network, disk) run in core
// through the KioskApi; camera, speakers and touch run here, since only the screen has them. Each row has its
// 运行 button and shows pass/fail with the plain reason and the fix; 全部运行 runs the back-end ones in turn
// and opens the screen's own.
import { useEffect, useRef, useState } from 'react';
import type { DeviceSettings, SelfTestId, SelfTestResult } from '../../../core/api/contract.ts';
import { SELF_TEST_IDS } from '../../../core/api/contract.ts';
import { useCamera } from '../apply/useCamera.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';
import { createSpeaker } from '../voice/speaker.ts';

type ScreenTestId = 'camera' | 'speakers' | 'touch';
type TestId = SelfTestId | ScreenTestId;
const SCREEN_TESTS: readonly ScreenTestId[] = ['camera', 'speakers', 'touch'];

/** A result the screen shows: the back end's, or one the screen made for its own tests. */
interface Outcome {
  status: SelfTestResult['status'];
  reason: string;
  fix: string | null;
}

export interface SelfTestPanelProps {
  session: string;
  /** Every action keeps the technician session alive. */
  touched: () => void;
  /** The back end refused (session ended) or failed. */
  failed: (error: unknown) => void;
}

export function SelfTestPanel({ session, touched, failed }: SelfTestPanelProps) {
  const { t, language } = useI18n();
  const { client } = useKiosk();
  const [outcomes, setOutcomes] = useState<Partial<Record<TestId, Outcome | 'running'>>>({});
  const [open, setOpen] = useState<ScreenTestId | null>(null);
  const [settings, setSettings] = useState<DeviceSettings | null>(null);

  useEffect(() => {
    client.call('getDeviceSettings', {}).then(setSettings, () => setSettings(null));
  }, [client]);

  const set = (id: TestId, outcome: Outcome | 'running') => setOutcomes((now) => ({ ...now, [id]: outcome }));
  const plain = (text: { zh: string; en: string }) => (language === 'en' ? text.en : text.zh);

  const runBackEnd = async (id: SelfTestId) => {
    touched();
    set(id, 'running');
    try {
      const result = await client.call('runSelfTest', { session, id });
      set(id, { status: result.status, reason: plain(result.reason), fix: result.fix ? plain(result.fix) : null });
    } catch (error) {
      setOutcomes((now) => ({ ...now, [id]: undefined }));
      failed(error);
    }
  };

  const runAll = async () => {
    for (const id of SELF_TEST_IDS) await runBackEnd(id);
    setOpen('touch');
  };

  const row = (id: TestId, run: () => void) => {
    const outcome = outcomes[id];
    return (
      <li
        key={id}
        className="self-test"
        data-testid={`self-test-${id}`}
        data-status={typeof outcome === 'object' ? outcome.status : (outcome ?? 'not-run')}
      >
        <div className="self-test-head">
          <span className="self-test-name">{t(`diag.test.${id}` as MessageKey)}</span>
          <span className={`self-test-status self-test-${typeof outcome === 'object' ? outcome.status : 'idle'}`}>
            {outcome === 'running'
              ? t('diag.running')
              : outcome
                ? t(outcome.status === 'pass' ? 'diag.pass' : outcome.status === 'fail' ? 'diag.fail' : 'diag.skipped')
                : t('diag.notRun')}
          </span>
          <button
            type="button"
            className="button"
            data-testid={`self-test-run-${id}`}
            disabled={outcome === 'running'}
            onClick={run}
          >
            {t('diag.run')}
          </button>
        </div>
        {id === 'idcard' && !outcome && <p className="self-test-hint">{t('diag.idcard.hint')}</p>}
        {typeof outcome === 'object' && (
          <p className="self-test-reason" data-testid={`self-test-reason-${id}`}>
            {outcome.reason}
            {outcome.fix && (
              <>
                <br />
                <span className="self-test-fix">{t('diag.fix', { fix: outcome.fix })}</span>
              </>
            )}
          </p>
        )}
        {open === id && id === 'camera' && settings && (
          <CameraCheck
            settings={settings.camera}
            onResult={(outcome) => set('camera', outcome)}
            onClose={() => setOpen(null)}
          />
        )}
        {open === id && id === 'speakers' && settings && (
          <SpeakerCheck
            settings={settings.voice}
            onResult={(outcome) => {
              set('speakers', outcome);
              setOpen(null);
            }}
          />
        )}
        {open === id && id === 'touch' && (
          <TouchCheck
            onResult={(outcome) => {
              set('touch', outcome);
              setOpen(null);
            }}
          />
        )}
      </li>
    );
  };

  return (
    <section className="panel technician-self-tests" data-testid="technician-self-tests" aria-labelledby="diag-heading">
      <h3 id="diag-heading">{t('diag.heading')}</h3>
      <button
        type="button"
        className="button button-primary button-large"
        data-testid="self-test-run-all"
        onClick={() => void runAll()}
      >
        {t('diag.runAll')}
      </button>
      <ul className="self-tests">
        {SELF_TEST_IDS.map((id) => row(id, () => void runBackEnd(id)))}
        {SCREEN_TESTS.map((id) =>
          row(id, () => {
            touched();
            setOpen(id);
          }),
        )}
      </ul>
    </section>
  );
}

/** Live preview from the configured document camera; passes once a picture arrives, showing its real size. */
function CameraCheck({
  settings,
  onResult,
  onClose,
}: {
  settings: DeviceSettings['camera'];
  onResult: (outcome: Outcome) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement | null>(null);
  const camera = useCamera(video, 'document', settings);
  const reported = useRef<string | null>(null);
  useEffect(() => {
    const key =
      camera.status === 'live' && camera.frame
        ? 'live'
        : camera.status === 'problem'
          ? `problem-${camera.problem}`
          : null;
    if (!key || reported.current === key) return;
    reported.current = key;
    if (key === 'live' && camera.frame) {
      onResult({
        status: 'pass',
        reason: t('diag.camera.live', {
          width: camera.frame.width,
          height: camera.frame.height,
          wantWidth: settings.width,
          wantHeight: settings.height,
        }),
        fix: null,
      });
    } else {
      onResult({
        status: 'fail',
        reason: t(`camera.problem.${camera.problem ?? 'failed'}` as MessageKey),
        fix: t('camera.retry'),
      });
    }
  }, [camera.status, camera.frame, camera.problem, onResult, settings.width, settings.height, t]);
  return (
    <div className="self-test-camera">
      <video
        ref={video}
        data-testid="self-test-camera-preview"
        aria-label={t('camera.previewLabel')}
        muted
        playsInline
        autoPlay
      />
      <button type="button" className="button" onClick={onClose}>
        {t('diag.camera.close')}
      </button>
    </div>
  );
}

/** Plays a prompt through the kiosk's speaker path, then asks the technician whether it was heard. */
function SpeakerCheck({
  settings,
  onResult,
}: {
  settings: DeviceSettings['voice'];
  onResult: (outcome: Outcome) => void;
}) {
  const { t, language } = useI18n();
  const { client } = useKiosk();
  useEffect(() => {
    // Spoken even when the villagers' voice is off: the test is of the hardware.
    const speaker = createSpeaker(client, { ...settings, enabled: true });
    speaker.speak(t('diag.speakers.prompt'), language, false);
    return () => speaker.stop();
  }, [client, settings, language, t]);
  return (
    <div className="self-test-ask" role="group" aria-label={t('diag.speakers.ask')}>
      <p>{t('diag.speakers.ask')}</p>
      <button
        type="button"
        className="button button-large"
        data-testid="self-test-heard"
        onClick={() => onResult({ status: 'pass', reason: t('diag.speakers.passed'), fix: null })}
      >
        {t('diag.speakers.heard')}
      </button>
      <button
        type="button"
        className="button button-large"
        data-testid="self-test-not-heard"
        onClick={() => onResult({ status: 'fail', reason: t('diag.speakers.failed'), fix: t('diag.speakers.fix') })}
      >
        {t('diag.speakers.notHeard')}
      </button>
    </div>
  );
}

const TOUCH_COLUMNS = 4;
const TOUCH_ROWS = 6;

/** A grid of cells (each well over 60 px) to tap; passes when every one was tapped. */
function TouchCheck({ onResult }: { onResult: (outcome: Outcome) => void }) {
  const { t } = useI18n();
  const cells = TOUCH_COLUMNS * TOUCH_ROWS;
  const [tapped, setTapped] = useState<ReadonlySet<number>>(new Set());
  useEffect(() => {
    if (tapped.size === cells) onResult({ status: 'pass', reason: t('diag.touch.passed'), fix: null });
  }, [tapped, cells, onResult, t]);
  return (
    <div className="self-test-touch">
      <p role="status">{t('diag.touch.left', { n: cells - tapped.size })}</p>
      <div
        className="touch-grid"
        data-testid="self-test-touch-grid"
        style={{ gridTemplateColumns: `repeat(${TOUCH_COLUMNS}, 1fr)` }}
      >
        {Array.from({ length: cells }, (_, index) => (
          <button
            key={index}
            type="button"
            className={`touch-cell${tapped.has(index) ? ' touch-cell-done' : ''}`}
            aria-label={t('diag.touch.cell', { n: index + 1 })}
            aria-pressed={tapped.has(index)}
            onClick={() => setTapped((now) => new Set(now).add(index))}
          />
        ))}
      </div>
    </div>
  );
}
