import { useI18n, type MessageKey } from '../i18n.ts';

/** A label, its value, and whether the value needs attention (a "!" and bold words, not colour alone). */
export type KeyValueRow = [label: MessageKey, value: string, attention?: boolean];

/** Labelled facts (place, hours, phone…) as a definition list, the same on every screen that shows them. */
export function KeyValueList({ rows, className }: { rows: KeyValueRow[]; className?: string }) {
  const { t } = useI18n();
  return (
    <dl className={className ? `key-values ${className}` : 'key-values'}>
      {rows.map(([label, value, attention]) => (
        <div key={label}>
          <dt>{t(label)}</dt>
          {attention ? <dd className="key-value-attention">! {value}</dd> : <dd>{value}</dd>}
        </div>
      ))}
    </dl>
  );
}
