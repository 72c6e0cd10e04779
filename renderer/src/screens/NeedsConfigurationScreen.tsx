import { useI18n } from '../i18n.ts';

export interface NeedsConfigurationScreenProps {
  /** The config loader's words: the file, the field and what is allowed. */
  problem: string;
}

/**
 * Shown instead of everything else when the kiosk's configuration does not validate: a villager reads that the
 * kiosk cannot be used and where to go; a technician reads exactly what to fix. Nothing here can be tapped: no
 * villager service runs on a kiosk that is not set up.
 */
export function NeedsConfigurationScreen({ problem }: NeedsConfigurationScreenProps) {
  const { t } = useI18n();
  return (
    <main className="screen needs-configuration" data-testid="needs-configuration">
      <h1 className="screen-prompt">{t('setup.heading')}</h1>
      <p className="panel panel-error">{t('setup.villager')}</p>
      <h2>{t('setup.forTechnician')}</h2>
      <pre className="setup-problem" data-testid="setup-problem">
        {problem}
      </pre>
      <p>{t('setup.howToFix')}</p>
    </main>
  );
}
