import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { PinyinLookup } from '../../../core/api/contract.ts';
import {
  backspaced,
  keyboardModeOf,
  latinVariantOf,
  setFieldValue,
  typed,
  typedIdNumber,
  type KeyboardMode,
  type LatinMode,
  type TextField,
} from '../input/field-text.ts';
import {
  hasShift,
  hasSymbolLayers,
  keyText,
  latinRows,
  pressedShift,
  shiftAfterKey,
  typedLatin,
  type LatinVariant,
  type Shift,
  type SymbolLayer,
} from '../input/latin-keys.ts';
import { useI18n } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';
import { DIGIT_ROW, LETTER_ROWS } from '../search/keyboard.ts';
import { Key } from './Key.tsx';
import { NumberPad, type NumberPadKey } from './NumberPad.tsx';

// Six candidates and the two page keys fit one row at 72 px a key in 长辈版 on a portrait screen (864 CSS px).
const PAGE = 6;

/**
 * The on-screen keyboard of the forms: it opens under any focused field that has data-keyboard (pinyin with
 * character candidates, numbers, a phone pad with "-", the ID-number pad with X, letters and digits for kiosk
 * codes, hub addresses and tokens), types into that field as a
 * physical keyboard would, and closes when the field loses the focus or on 收起. Keys never take the focus.
 */
export function FieldKeyboard() {
  const [field, setField] = useState<{ element: TextField; mode: KeyboardMode } | null>(null);

  useEffect(() => {
    let hiding: ReturnType<typeof setTimeout> | undefined;
    const focused = (event: FocusEvent) => {
      const mode = keyboardModeOf(event.target as Element);
      if (!mode) return;
      clearTimeout(hiding);
      const element = event.target as TextField;
      setField({ element, mode });
    };
    const blurred = (event: FocusEvent) => {
      // Focus moving to another keyboard field is handled by focusin. Anything else closes the keyboard, a moment
      // later: the tap that moved the focus (on 下一步, say) must land before the page below the keyboard moves.
      if (keyboardModeOf(event.relatedTarget as Element | null)) return;
      clearTimeout(hiding);
      hiding = setTimeout(() => setField(null), 250);
    };
    document.addEventListener('focusin', focused);
    document.addEventListener('focusout', blurred);
    return () => {
      clearTimeout(hiding);
      document.removeEventListener('focusin', focused);
      document.removeEventListener('focusout', blurred);
    };
  }, []);

  useEffect(() => {
    // A step that goes away takes its field with it, and a removed field sends no focusout.
    if (!field) return;
    const watcher = new MutationObserver(() => {
      if (!field.element.isConnected) setField(null);
    });
    watcher.observe(document.body, { childList: true, subtree: true });
    return () => watcher.disconnect();
  }, [field]);

  useEffect(() => {
    document.documentElement.classList.toggle('keyboard-open', field !== null);
  }, [field]);

  if (!field) return null;
  const close = () => field.element.blur();
  if (field.mode === 'pinyin') return <PinyinPad key={field.element.id} field={field.element} onClose={close} />;
  const variant = latinVariantOf(field.mode);
  if (variant) return <LatinPad key={field.element.id} field={field.element} variant={variant} onClose={close} />;
  return <DigitsPad field={field.element} mode={field.mode as DigitsMode} onClose={close} />;
}

/**
 * The page's scroll that puts the field in the middle of the band the sticky header and the keyboard leave
 * visible; when only keeping it visible, no scroll while it already is.
 */
function scrollToShow(
  field: { top: number; bottom: number },
  band: { top: number; bottom: number },
  centre: boolean,
): number {
  const visible = field.top >= band.top && field.bottom <= band.bottom;
  if (visible && !centre) return 0;
  return (field.top + field.bottom) / 2 - (band.top + band.bottom) / 2;
}

function KeyboardShell({
  field,
  label,
  onClear,
  onClose,
  children,
}: {
  field: TextField;
  label: string;
  /** A clear key beside 收起键盘, for pads that have none of their own. */
  onClear?: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const keyboard = useRef<HTMLDivElement>(null);

  // The page gets room below for the keyboard's real height (it grows with candidates and in 长辈版, and differs
  // in landscape), and the field is scrolled into the band above it: centred on opening, then kept visible.
  useLayoutEffect(() => {
    const element = keyboard.current;
    if (!element) return;
    let opening = true;
    const place = () => {
      const height = element.getBoundingClientRect().height;
      document.documentElement.style.setProperty('--field-keyboard-height', `${Math.ceil(height)}px`);
      const band = {
        top: document.querySelector('.header')?.getBoundingClientRect().bottom ?? 0,
        bottom: element.getBoundingClientRect().top,
      };
      const by = scrollToShow(field.getBoundingClientRect(), band, opening);
      if (by !== 0) window.scrollBy({ top: by, behavior: 'instant' });
      opening = false;
    };
    place();
    const watcher = new ResizeObserver(place);
    watcher.observe(element);
    return () => {
      watcher.disconnect();
      document.documentElement.style.removeProperty('--field-keyboard-height');
    };
  }, [field]);

  return (
    <div ref={keyboard} className="field-keyboard" role="group" aria-label={label} data-testid="field-keyboard">
      {children}
      <div className="keyboard-row">
        {onClear && (
          <Key name="clear" onPress={onClear}>
            {t('search.key.clear')}
          </Key>
        )}
        <Key name="close" wide onPress={onClose}>
          {t('keyboard.close')}
        </Key>
      </div>
    </div>
  );
}

const SHIFT_LABELS = { off: 'keyboard.shift', once: 'keyboard.shiftOnce', caps: 'keyboard.capsLock' } as const;

/**
 * Letters, digits and the symbols the kind of field takes (latin-keys.ts), written as typed; ⇧ once for one
 * capital, twice to lock capitals, and the letters on the keys show which.
 */
function LatinPad({ field, variant, onClose }: { field: TextField; variant: LatinVariant; onClose: () => void }) {
  const { t } = useI18n();
  const [shift, setShift] = useState<Shift>('off');
  const [layer, setLayer] = useState<SymbolLayer>('common');
  const write = (key: string) => {
    const next = typedLatin(field.value, keyText(key, variant, shift), variant);
    if (next !== field.value) setFieldValue(field, next);
    setShift(shiftAfterKey(shift));
  };
  return (
    <KeyboardShell field={field} label={t('keyboard.latin')} onClear={() => setFieldValue(field, '')} onClose={onClose}>
      {latinRows(variant, layer).map((row) => (
        <div className="keyboard-row" key={row.join(' ')}>
          {row.map((key) => {
            const text = keyText(key, variant, shift);
            return (
              <Key key={key} name={text} onPress={() => write(key)}>
                {text}
              </Key>
            );
          })}
        </div>
      ))}
      <div className="keyboard-row">
        {hasShift(variant) && (
          <Key name="shift" on={shift !== 'off'} onPress={() => setShift(pressedShift(shift))}>
            <span aria-hidden="true">{shift === 'caps' ? '⇪ ' : '⇧ '}</span>
            {t(SHIFT_LABELS[shift])}
          </Key>
        )}
        {hasSymbolLayers(variant) && (
          <Key name="symbols" onPress={() => setLayer(layer === 'common' ? 'more' : 'common')}>
            {layer === 'common' ? t('keyboard.moreSymbols') : t('keyboard.commonSymbols')}
          </Key>
        )}
        <Key name="backspace" onPress={() => setFieldValue(field, backspaced(field.value))}>
          <span aria-hidden="true">⌫ </span>
          {t('search.key.backspace')}
        </Key>
      </div>
    </KeyboardShell>
  );
}

/** X for ID numbers; "-" for landlines (0759-4822148) and dates (2026-12-01); none for plain numbers. */
type DigitsMode = Exclude<KeyboardMode, 'pinyin' | LatinMode>;

function extraKey(mode: DigitsMode, field: TextField): { extra?: 'X' | '-' } {
  if (mode === 'id-number') return { extra: 'X' };
  if (mode === 'phone' || field.placeholder.includes('-')) return { extra: '-' };
  return {};
}

function DigitsPad({ field, mode, onClose }: { field: TextField; mode: DigitsMode; onClose: () => void }) {
  const { t } = useI18n();
  const press = (key: NumberPadKey) => {
    if (key.kind === 'digit') {
      const next = mode === 'id-number' ? typedIdNumber(field.value, key.digit) : typed(field.value, key.digit);
      if (next !== field.value) setFieldValue(field, next);
    }
    if (key.kind === 'backspace') setFieldValue(field, backspaced(field.value));
    if (key.kind === 'clear') setFieldValue(field, '');
  };
  const extra = extraKey(mode, field);
  return (
    // The pad's extra key (X or -) takes the place of its clear key, so the shell gives one back.
    <KeyboardShell
      field={field}
      label={t('keyboard.digits')}
      onClear={extra.extra ? () => press({ kind: 'clear' }) : undefined}
      onClose={onClose}
    >
      <NumberPad label={t('keyboard.digits')} onKey={press} {...extra} />
    </KeyboardShell>
  );
}

/** Letters build a syllable; the candidates row offers its characters; a tap on one writes it into the field. */
function PinyinPad({ field, onClose }: { field: TextField; onClose: () => void }) {
  const { t } = useI18n();
  const { client } = useKiosk();
  const [letters, setLettersState] = useState('');
  // The answer is kept with the letters it answers, so candidates never belong to other letters.
  const [found, setFound] = useState<{ letters: string; lookup: PinyinLookup } | null>(null);
  const [page, setPage] = useState(0);
  const [digits, setDigits] = useState(false);
  const lookup = found && found.letters === letters ? found.lookup : null;

  useEffect(() => {
    if (letters === '') return;
    let current = true;
    client.call('pinyinCandidates', { letters }).then(
      (answer) => current && setFound({ letters, lookup: answer }),
      () => current && setFound(null),
    );
    return () => {
      current = false;
    };
  }, [client, letters]);

  const setLetters = (next: string) => {
    setLettersState(next.slice(0, 30));
    setPage(0);
  };
  const write = (text: string) => setFieldValue(field, typed(field.value, text));
  const pick = (character: string) => {
    write(character);
    setLetters(lookup?.rest ?? '');
  };
  const backspace = () => {
    if (letters !== '') setLetters(letters.slice(0, -1));
    else setFieldValue(field, backspaced(field.value));
  };
  // Typed letters go first, as with backspace: a second press clears the field.
  const clear = () => {
    if (letters !== '') setLetters('');
    else setFieldValue(field, '');
  };
  const candidates = lookup?.candidates ?? [];
  const shown = candidates.slice(page * PAGE, page * PAGE + PAGE);
  const lastPage = Math.max(0, Math.ceil(candidates.length / PAGE) - 1);

  return (
    <KeyboardShell field={field} label={t('keyboard.pinyin')} onClear={clear} onClose={onClose}>
      <div className="ime-bar">
        <span className="ime-letters" data-testid="ime-letters" aria-live="polite">
          {letters}
        </span>
        <div className="keyboard-row ime-candidates" role="group" aria-label={t('keyboard.candidates')}>
          {shown.map((character) => (
            <Key key={character} name={character} onPress={() => pick(character)}>
              {character}
            </Key>
          ))}
          {candidates.length > PAGE && (
            <>
              <Key name="previous-page" onPress={() => setPage(Math.max(0, page - 1))}>
                {t('keyboard.previousPage')}
              </Key>
              <Key name="next-page" onPress={() => setPage(Math.min(lastPage, page + 1))}>
                {t('keyboard.nextPage')}
              </Key>
            </>
          )}
        </div>
      </div>
      {digits ? (
        <div className="keyboard-row">
          {DIGIT_ROW.map((digit) => (
            <Key key={digit} name={digit} onPress={() => write(digit)}>
              {digit}
            </Key>
          ))}
        </div>
      ) : (
        LETTER_ROWS.map((row) => (
          <div className="keyboard-row" key={row.join('')}>
            {row.map((letter) => (
              <Key key={letter} name={letter} onPress={() => setLetters(letters + letter)}>
                {letter}
              </Key>
            ))}
          </div>
        ))
      )}
      <div className="keyboard-row">
        <Key name="digits" onPress={() => setDigits(!digits)}>
          {digits ? t('keyboard.letters') : '123'}
        </Key>
        <Key name="space" wide onPress={() => (letters !== '' && candidates[0] ? pick(candidates[0]) : write(' '))}>
          {t('search.key.space')}
        </Key>
        <Key name="backspace" onPress={backspace}>
          <span aria-hidden="true">⌫ </span>
          {t('search.key.backspace')}
        </Key>
      </div>
    </KeyboardShell>
  );
}
