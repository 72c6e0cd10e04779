import { useI18n, type MessageKey } from '../i18n.ts';

/** Labelled facts (place, hours, phone…) as a definition list, the same on every screen that shows them. */
export function KeyValueList({ rows, className }: { rows: [MessageKey, string][]; className?: string }) {
  const { t } = useI18n();
  return (
    <dl className={className ? `key-values ${className}` : 'key-values'}>
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{t(label)}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
