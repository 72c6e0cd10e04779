import { useEffect, useState } from 'react';
import type { PinyinLookup } from '../../../core/api/contract.ts';
import {
  backspaced,
  keyboardModeOf,
  setFieldValue,
  typed,
  type KeyboardMode,
  type TextField,
} from '../input/field-text.ts';
import { useI18n } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';
import { LETTER_ROWS } from '../search/keyboard.ts';
import { Key } from './Key.tsx';
import { NumberPad, type NumberPadKey } from './NumberPad.tsx';

const PAGE = 8;
const DIGITS = [...'1234567890'];

/**
 * The on-screen keyboard of the forms: it opens under any focused field that has data-keyboard (pinyin with
 * character candidates, numbers, a phone pad with "-", the ID-number pad with X), types into that field as a
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
      // Above the keyboard, not behind it.
      requestAnimationFrame(() => element.scrollIntoView({ block: 'center' }));
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
  return field.mode === 'pinyin' ? (
    <PinyinPad key={field.element.id} field={field.element} onClose={close} />
  ) : (
    <DigitsPad field={field.element} mode={field.mode} onClose={close} />
  );
}

function KeyboardShell({
  label,
  onClose,
  children,
}: {
  label: string;
  onClose: () => void;
  children: React.ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="field-keyboard" role="group" aria-label={label} data-testid="field-keyboard">
      {children}
      <div className="keyboard-row">
        <Key name="close" wide onPress={onClose}>
          {t('keyboard.close')}
        </Key>
      </div>
    </div>
  );
}

/** X for ID numbers; "-" for landlines (0759-4822148) and dates (2026-12-01); none for plain numbers. */
function extraKey(mode: Exclude<KeyboardMode, 'pinyin'>, field: TextField): { extra?: 'X' | '-' } {
  if (mode === 'id-number') return { extra: 'X' };
  if (mode === 'phone' || field.placeholder.includes('-')) return { extra: '-' };
  return {};
}

function DigitsPad({
  field,
  mode,
  onClose,
}: {
  field: TextField;
  mode: Exclude<KeyboardMode, 'pinyin'>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const press = (key: NumberPadKey) => {
    if (key.kind === 'digit') setFieldValue(field, typed(field.value, key.digit));
    if (key.kind === 'backspace') setFieldValue(field, backspaced(field.value));
    if (key.kind === 'clear') setFieldValue(field, '');
  };
  return (
    <KeyboardShell label={t('keyboard.digits')} onClose={onClose}>
      <NumberPad label={t('keyboard.digits')} onKey={press} {...extraKey(mode, field)} />
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
  const candidates = lookup?.candidates ?? [];
  const shown = candidates.slice(page * PAGE, page * PAGE + PAGE);

  return (
    <KeyboardShell label={t('keyboard.pinyin')} onClose={onClose}>
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
                ‹
              </Key>
              <Key name="next-page" onPress={() => setPage((page + 1) * PAGE < candidates.length ? page + 1 : page)}>
                ›
              </Key>
            </>
          )}
        </div>
      </div>
      {digits ? (
        <div className="keyboard-row">
          {DIGITS.map((digit) => (
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
