import { useEffect, useRef, useState } from 'react';
import type { KioskInfo } from '../../../core/api/contract.ts';
import { useAssist } from '../assist.ts';
import { useI18n } from '../i18n.ts';
import { addTap } from '../technician/secret-taps.ts';

const CLOCK = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

function useClock(): string {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return CLOCK.format(now);
}

export interface HeaderProps {
  info: KioskInfo | null;
  canGoBack: boolean;
  onBack: () => void;
  onHome: () => void;
  /** Five quick taps on the clock: the hidden way into the technician screen. */
  onSecretGesture: () => void;
  /** 帮助: says and shows what the current screen is for. */
  onHelp: () => void;
  /** 完成: the villager is done; ends the session. null where there is nothing to finish (home). */
  onFinish: (() => void) | null;
}

export function Header({ info, canGoBack, onBack, onHome, onSecretGesture, onHelp, onFinish }: HeaderProps) {
  const { t, language, setLanguage } = useI18n();
  const { elder, setElder, contrast, setContrast } = useAssist();
  const clock = useClock();
  const taps = useRef<number[]>([]);
  const tapClock = () => {
    const next = addTap(taps.current, Date.now());
    taps.current = next.taps;
    if (next.complete) onSecretGesture();
  };
  return (
    <header className="header">
      <div className="header-nav">
        {canGoBack && (
          <>
            <button type="button" className="button button-nav" onClick={onBack}>
              ‹ {t('nav.back')}
            </button>
            <button type="button" className="button button-nav" onClick={onHome}>
              ⌂ {t('nav.home')}
            </button>
          </>
        )}
        {onFinish && (
          <button type="button" className="button button-nav" data-testid="finish-button" onClick={onFinish}>
            ✓ {t('nav.finish')}
          </button>
        )}
      </div>
      <div className="header-title">
        <h1>{info ? t(info.profile === 'fabaobao' ? 'app.title.fabaobao' : 'app.title.yuezizhu') : ''}</h1>
        {info && <p className="header-site">{info.siteName}</p>}
      </div>
      <div className="header-side">
        {/* Not a button: villagers have nothing to do here, so nothing invites them to tap it. On click, not
            pointer-down: the fifth tap ends the session and the header re-lays out, so a click still to come
            would land on whatever button moved under the finger (长辈版 landscape: the language switch). */}
        <time className="header-clock" data-testid="header-clock" onClick={tapClock}>
          {clock}
        </time>
      </div>
      <div className="header-tools">
        <button
          type="button"
          className="button button-nav button-elder"
          data-testid="elder-toggle"
          aria-pressed={elder}
          onClick={() => setElder(!elder)}
        >
          {/* The same name either way (aria-pressed says on or off); the tick shows it without colour. */}
          <span aria-hidden="true">{elder ? '✓ ' : '👓 '}</span>
          {t('assist.elder')}
        </button>
        <button
          type="button"
          className="button button-nav"
          data-testid="contrast-toggle"
          aria-pressed={contrast}
          onClick={() => setContrast(!contrast)}
        >
          <span aria-hidden="true">{contrast ? '✓ ' : '◐ '}</span>
          {t('assist.contrast')}
        </button>
        <button type="button" className="button button-nav" data-testid="help-button" onClick={onHelp}>
          <span aria-hidden="true">🔊 </span>
          {t('assist.help')}
        </button>
        <button
          type="button"
          className="button button-nav"
          lang={language === 'zh-CN' ? 'en' : 'zh-CN'}
          onClick={() => setLanguage(language === 'zh-CN' ? 'en' : 'zh-CN')}
        >
          {t('nav.switchLanguage')}
        </button>
      </div>
    </header>
  );
}
