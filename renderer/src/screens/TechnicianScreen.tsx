import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  IdCardReaderState,
  KioskInfo,
  OutboxStatusView,
  PrinterStatusView,
  SyncRoundView,
  TechnicianAuditEntry,
} from '../../../core/api/contract.ts';
import { ApiError } from '../api/client.ts';
import { chinaDateTime } from '../china-time.ts';
import { NumberPad, type NumberPadKey } from '../components/NumberPad.tsx';
import { errorMessage, useI18n, type MessageKey } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';
import { useScreenVoice } from '../assist.ts';
import { receiptPrinterProblem } from '../print/print-job.ts';
import { stateText } from '../technician/health-figures.ts';
import { SelfTestPanel } from '../technician/SelfTestPanel.tsx';
import { HealthPanel } from '../technician/HealthPanel.tsx';
import { LogExportPanel } from '../technician/LogExportPanel.tsx';
import { LifecyclePanel } from '../technician/LifecyclePanel.tsx';

const MAX_PIN_DIGITS = 12;

interface Session {
  token: string;
  /** How long the back end keeps an unused session: the screen leaves on its own after as long. */
  idleMs: number;
}

export interface TechnicianScreenProps {
  info: KioskInfo | null;
  /** Back to the villagers' home screen. */
  onLeave: () => void;
}

/**
 * The technician screen, reached by five quick taps on the header clock: the PIN first, then the kiosk's state
 * (submission queue, devices, maintenance log) with 立即同步. The session lives only in this screen's state;
 * leaving, or the back end ending it, asks for the PIN again.
 */
export function TechnicianScreen({ info, onLeave }: TechnicianScreenProps) {
  useScreenVoice('voice.technician', 'help.technician');
  const [session, setSession] = useState<Session | null>(null);
  const [ended, setEnded] = useState(false);
  if (!session) {
    return (
      <TechnicianSignIn
        ended={ended}
        onSignedIn={(signedIn) => {
          setEnded(false);
          setSession(signedIn);
        }}
        onCancel={onLeave}
      />
    );
  }
  return (
    <TechnicianPanel
      info={info}
      session={session}
      onSessionEnded={() => {
        setSession(null);
        setEnded(true);
      }}
      onLeave={onLeave}
    />
  );
}

type SignInMessage =
  | { key: 'tech.pin.wrong'; count: number }
  | { key: 'tech.pin.locked'; time: string }
  | { key: 'tech.pin.noPin' }
  | { key: 'tech.signedOut' }
  | { error: ApiError['code'] };

function TechnicianSignIn({
  ended,
  onSignedIn,
  onCancel,
}: {
  ended: boolean;
  onSignedIn: (session: Session) => void;
  onCancel: () => void;
}) {
  const { t, language } = useI18n();
  const { client } = useKiosk();
  const [pin, setPin] = useState('');
  const [checking, setChecking] = useState(false);
  const [message, setMessage] = useState<SignInMessage | null>(ended ? { key: 'tech.signedOut' } : null);

  const press = (key: NumberPadKey) => {
    if (checking) return;
    if (key.kind === 'digit') setPin((current) => (current.length < MAX_PIN_DIGITS ? current + key.digit : current));
    if (key.kind === 'backspace') setPin((current) => current.slice(0, -1));
    if (key.kind === 'clear') setPin('');
  };

  const submit = () => {
    if (checking || pin.length < 4) return;
    setChecking(true);
    client.call('technicianSignIn', { pin }).then(
      (result) => {
        setChecking(false);
        setPin('');
        if (result.outcome === 'signed-in') {
          onSignedIn({ token: result.session, idleMs: Math.max(60_000, Date.parse(result.expiresAt) - Date.now()) });
        } else if (result.outcome === 'wrong-pin') {
          setMessage({ key: 'tech.pin.wrong', count: result.triesLeft });
        } else if (result.outcome === 'locked') {
          setMessage({ key: 'tech.pin.locked', time: chinaDateTime(result.retryAt, language) });
        } else {
          setMessage({ key: 'tech.pin.noPin' });
        }
      },
      (error: unknown) => {
        setChecking(false);
        setPin('');
        setMessage({ error: error instanceof ApiError ? error.code : 'INTERNAL' });
      },
    );
  };

  const text =
    message === null
      ? null
      : 'error' in message
        ? errorMessage(language, message.error)
        : message.key === 'tech.pin.wrong'
          ? t(message.key, { count: message.count })
          : message.key === 'tech.pin.locked'
            ? t(message.key, { time: message.time })
            : t(message.key);

  return (
    <section className="screen technician-sign-in" data-testid="technician-sign-in" aria-labelledby="tech-pin-heading">
      <h2 id="tech-pin-heading" className="screen-prompt">
        {t('tech.pin.heading')}
      </h2>
      <p className="pin-dots" data-testid="pin-dots" aria-live="polite">
        <span aria-hidden="true">{pin.length === 0 ? '—' : '●'.repeat(pin.length)}</span>
        <span className="visually-hidden">{t('tech.pin.entered', { count: pin.length })}</span>
      </p>
      {text && (
        <p className="panel panel-error tech-message" role="alert" data-testid="technician-message">
          {text}
        </p>
      )}
      <NumberPad label={t('tech.pin.pad')} onKey={press} />
      <div className="panel-actions">
        <button
          type="button"
          className="button button-primary button-large"
          data-testid="technician-pin-submit"
          disabled={checking || pin.length < 4}
          onClick={submit}
        >
          {checking ? t('tech.pin.checking') : t('tech.pin.submit')}
        </button>
        <button type="button" className="button button-large" onClick={onCancel}>
          {t('tech.pin.cancel')}
        </button>
      </div>
    </section>
  );
}

interface PanelState {
  outbox: OutboxStatusView;
  reader: IdCardReaderState;
  printers: PrinterStatusView;
  audit: TechnicianAuditEntry[];
}

/** "12 分钟前" / "3 h ago" from an ISO time. */
function ageText(iso: string, t: ReturnType<typeof useI18n>['t']): string {
  const minutes = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60_000));
  return minutes < 120 ? t('tech.age.minutes', { n: minutes }) : t('tech.age.hours', { n: Math.round(minutes / 60) });
}

function TechnicianPanel({
  info,
  session,
  onSessionEnded,
  onLeave,
}: {
  info: KioskInfo | null;
  session: Session;
  onSessionEnded: () => void;
  onLeave: () => void;
}) {
  const { t, language } = useI18n();
  const { client } = useKiosk();
  const [state, setState] = useState<PanelState | null>(null);
  const [failure, setFailure] = useState<ApiError['code'] | null>(null);
  const [sync, setSync] = useState<'idle' | 'running' | SyncRoundView>('idle');
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  // The back end ends an unused session; so does the screen, back to the villagers' home.
  const touched = useCallback(() => {
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(onLeave, session.idleMs);
  }, [onLeave, session.idleMs]);
  useEffect(() => () => clearTimeout(idleTimer.current), []);

  const failed = useCallback(
    (error: unknown) => {
      const code = error instanceof ApiError ? error.code : 'INTERNAL';
      if (code === 'TECHNICIAN_SIGN_IN_REQUIRED') onSessionEnded();
      else setFailure(code);
    },
    [onSessionEnded],
  );

  const load = useCallback(() => {
    touched();
    const token = session.token;
    Promise.all([
      client.call('getOutboxStatus', { session: token }),
      client.call('getIdCardStatus', {}),
      client.call('getPrinterStatus', {}),
      client.call('getTechnicianAudit', { session: token }),
    ]).then(([outbox, reader, printers, audit]) => {
      setFailure(null);
      setState({ outbox, reader: reader.state, printers, audit });
    }, failed);
  }, [client, session.token, touched, failed]);

  useEffect(load, [load]);

  // The devices follow their state as it changes (a printer running out of paper while the technician looks).
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'printer.status') {
          setState((known) => known && { ...known, printers: { ...known.printers, receipt: event.receipt } });
        } else if (event.type === 'idcard.status') {
          setState((known) => known && { ...known, reader: event.state });
        }
      }),
    [client],
  );

  const syncNow = () => {
    if (sync === 'running') return;
    touched();
    setSync('running');
    client.call('syncOutboxNow', { session: session.token }).then(
      (round) => {
        setSync(round);
        load();
      },
      (error: unknown) => {
        setSync('idle');
        failed(error);
      },
    );
  };

  const leave = () => {
    clearTimeout(idleTimer.current);
    // Signing out is best effort: the session ends on its own anyway.
    client.call('technicianSignOut', { session: session.token }).catch(() => undefined);
    onLeave();
  };

  const deviceState = (value: string) => stateText(value, t);

  const outbox = state?.outbox;
  const rows: [MessageKey, string][] = outbox
    ? [
        ['tech.outbox.waiting', String(outbox.pending)],
        ['tech.outbox.oldest', outbox.oldestPendingAt ? ageText(outbox.oldestPendingAt, t) : t('tech.outbox.none')],
        ['tech.outbox.delivered', String(outbox.acknowledged)],
        ['tech.outbox.refused', String(outbox.rejected)],
        [
          'tech.outbox.lastSync',
          outbox.lastSyncAt ? chinaDateTime(outbox.lastSyncAt, language) : t('tech.outbox.never'),
        ],
        ['tech.outbox.lastError', outbox.lastError ?? t('tech.outbox.none')],
      ]
    : [];

  return (
    <section className="screen technician" data-testid="technician-screen" aria-labelledby="tech-heading">
      <div className="technician-top">
        <h2 id="tech-heading" className="screen-prompt">
          {t('tech.title')}
        </h2>
        {info && (
          <p className="technician-kiosk">
            {t('tech.kiosk', {
              code: info.kioskCode,
              version: info.appVersion,
              catalogue: info.catalogueVersion ?? '—',
            })}
          </p>
        )}
        <div className="panel-actions">
          <button type="button" className="button" onClick={load}>
            {t('tech.refresh')}
          </button>
          <button type="button" className="button" data-testid="technician-leave" onClick={leave}>
            {t('tech.leave')}
          </button>
        </div>
      </div>
      {failure && (
        <p className="panel panel-error" role="alert">
          {errorMessage(language, failure)}
        </p>
      )}
      <div className="technician-grid">
        <section className="panel" data-testid="technician-outbox" aria-labelledby="tech-outbox-heading">
          <h3 id="tech-outbox-heading">{t('tech.outbox.heading')}</h3>
          {outbox?.hub === 'none' && <p>{t('tech.outbox.noHub')}</p>}
          <dl className="technician-facts">
            {rows.map(([key, value]) => (
              <div key={key} data-fact={key}>
                <dt>{t(key)}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {outbox && outbox.refused.length > 0 && (
            <>
              <h4>{t('tech.outbox.refusedList')}</h4>
              <ul className="technician-refused" data-testid="technician-refused">
                {outbox.refused.map((entry) => (
                  <li key={entry.acceptanceNumber}>
                    <strong>{entry.acceptanceNumber}</strong> {entry.reason ?? ''}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button
            type="button"
            className="button button-primary button-large"
            data-testid="technician-sync"
            disabled={sync === 'running' || outbox?.hub === 'none'}
            onClick={syncNow}
          >
            {sync === 'running' ? t('tech.outbox.syncing') : t('tech.outbox.sync')}
          </button>
          {typeof sync === 'object' && (
            <p role="status" data-testid="technician-sync-result">
              {sync.ok
                ? t('tech.outbox.synced', { sent: sync.sent, delivered: sync.acknowledged, refused: sync.rejected })
                : t('tech.outbox.syncFailed', { error: sync.error ?? '' })}
            </p>
          )}
        </section>
        <section className="panel" data-testid="technician-devices" aria-labelledby="tech-devices-heading">
          <h3 id="tech-devices-heading">{t('tech.devices.heading')}</h3>
          {state && (
            <dl className="technician-facts">
              <div data-fact="reader" data-state={state.reader}>
                <dt>{t('tech.devices.reader')}</dt>
                <dd>{deviceState(state.reader)}</dd>
              </div>
              <div data-fact="receipt" data-state={state.printers.receipt}>
                <dt>{t('tech.devices.receipt')}</dt>
                <dd>
                  {receiptPrinterProblem(state.printers.receipt) === null
                    ? deviceState(state.printers.receipt)
                    : t('tech.devices.cannotPrint', { reason: deviceState(state.printers.receipt) })}
                </dd>
              </div>
              <div data-fact="a4" data-state={state.printers.a4}>
                <dt>{t('tech.devices.a4')}</dt>
                <dd>{deviceState(state.printers.a4)}</dd>
              </div>
            </dl>
          )}
        </section>
        <HealthPanel session={session.token} touched={touched} failed={failed} />
        <SelfTestPanel session={session.token} touched={touched} failed={failed} />
        <LogExportPanel session={session.token} touched={touched} failed={failed} />
        <section className="panel technician-audit" data-testid="technician-audit" aria-labelledby="tech-audit-heading">
          <h3 id="tech-audit-heading">{t('tech.audit.heading')}</h3>
          {state && state.audit.length === 0 && <p>{t('tech.audit.empty')}</p>}
          <ol>
            {state?.audit.slice(0, 20).map((entry, index) => (
              <li key={`${entry.at}-${index}`}>
                <time>{chinaDateTime(entry.at, language)}</time> {entry.action} · {entry.outcome}
                {entry.detail ? ` · ${entry.detail}` : ''}
              </li>
            ))}
          </ol>
        </section>
        <LifecyclePanel info={info} session={session.token} onSessionEnded={onSessionEnded} />
      </div>
    </section>
  );
}
