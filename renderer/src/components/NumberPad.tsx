import { useI18n } from '../i18n.ts';
import { Key } from './Key.tsx';

export type NumberPadKey = { kind: 'digit'; digit: string } | { kind: 'backspace' } | { kind: 'clear' };

export interface NumberPadProps {
  onKey: (key: NumberPadKey) => void;
  /** Labels the pad for screen readers. */
  label: string;
  /** An extra key left of 0: 'X' for the last character of an ID number, '-' for dates and landlines. */
  extra?: 'X' | '-';
}

const ROWS = [
  ['1', '2', '3'],
  ['4', '5', '6'],
  ['7', '8', '9'],
];

/** A telephone-style number pad with large keys: digits, backspace and clear (and X for ID numbers). */
export function NumberPad({ onKey, label, extra }: NumberPadProps) {
  const { t } = useI18n();
  return (
    <div className="keyboard number-pad" role="group" aria-label={label} data-testid="number-pad">
      {ROWS.map((row) => (
        <div className="keyboard-row" key={row.join('')}>
          {row.map((digit) => (
            <Key key={digit} name={digit} onPress={() => onKey({ kind: 'digit', digit })}>
              {digit}
            </Key>
          ))}
        </div>
      ))}
      <div className="keyboard-row">
        {extra ? (
          <Key name={extra} onPress={() => onKey({ kind: 'digit', digit: extra })}>
            {extra}
          </Key>
        ) : (
          <Key name="clear" onPress={() => onKey({ kind: 'clear' })}>
            {t('search.key.clear')}
          </Key>
        )}
        <Key name="0" onPress={() => onKey({ kind: 'digit', digit: '0' })}>
          0
        </Key>
        <Key name="backspace" onPress={() => onKey({ kind: 'backspace' })}>
          <span aria-hidden="true">⌫ </span>
          {t('search.key.backspace')}
        </Key>
      </div>
    </div>
  );
}
