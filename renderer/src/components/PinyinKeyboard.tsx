import { useI18n } from '../i18n.ts';
import { LETTER_ROWS, type KeyPress } from '../search/keyboard.ts';
import { Key } from './Key.tsx';

export interface PinyinKeyboardProps {
  onKey: (key: KeyPress) => void;
  /** Labels the keyboard for screen readers. */
  label: string;
}

/** Letters in QWERTY rows, then space, backspace and clear. Keys never take the focus from the query input. */
export function PinyinKeyboard({ onKey, label }: PinyinKeyboardProps) {
  const { t } = useI18n();
  return (
    <div className="keyboard" role="group" aria-label={label} data-testid="pinyin-keyboard">
      {LETTER_ROWS.map((row) => (
        <div className="keyboard-row" key={row.join('')}>
          {row.map((letter) => (
            <Key key={letter} name={letter} onPress={() => onKey({ kind: 'letter', letter })}>
              {letter}
            </Key>
          ))}
        </div>
      ))}
      <div className="keyboard-row">
        <Key name="space" wide onPress={() => onKey({ kind: 'space' })}>
          {t('search.key.space')}
        </Key>
        <Key name="backspace" onPress={() => onKey({ kind: 'backspace' })}>
          <span aria-hidden="true">⌫ </span>
          {t('search.key.backspace')}
        </Key>
        <Key name="clear" onPress={() => onKey({ kind: 'clear' })}>
          {t('search.key.clear')}
        </Key>
      </div>
    </div>
  );
}
