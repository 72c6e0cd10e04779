import { Component, useEffect, type ErrorInfo, type ReactNode } from 'react';
import { useI18n } from '../i18n.ts';

const HOME_AFTER_MS = 10_000;

interface ErrorBoundaryProps {
  /** Back to the home screen with a fresh session. */
  onHome: () => void;
  children: ReactNode;
}

/**
 * A screen that crashes shows a plain page instead of a blank one, and goes home on its own after a few seconds
 * (nobody at a kiosk can reload a page). The error goes to the console for the log; the villager never sees it.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('screen crashed', error.message, info.componentStack?.split('\n')[1]?.trim() ?? '');
  }

  private readonly home = () => {
    this.setState({ failed: false });
    this.props.onHome();
  };

  override render(): ReactNode {
    return this.state.failed ? <CrashPage onHome={this.home} /> : this.props.children;
  }
}

function CrashPage({ onHome }: { onHome: () => void }) {
  const { t } = useI18n();
  useEffect(() => {
    const timer = setTimeout(onHome, HOME_AFTER_MS);
    return () => clearTimeout(timer);
  }, [onHome]);
  return (
    <main className="screen">
      <div className="panel panel-error" role="alert" data-testid="crash-page">
        <p>{t('crash.message')}</p>
        <div className="panel-actions">
          <button type="button" className="button button-primary button-large" onClick={onHome}>
            {t('state.goHome')}
          </button>
        </div>
      </div>
    </main>
  );
}
