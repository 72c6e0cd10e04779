import { useCallback, useEffect, useMemo, useState } from 'react';
import type { KioskInfo, ProvisioningState, ServiceItem } from '../../core/api/contract.ts';
import { ApiError, type KioskClient } from './api/client.ts';
import { DEFAULT_IDLE_TIMINGS, type IdleTimings } from './apply/idle.ts';
import { AssistContext, useAssistState } from './assist.ts';
import { Header } from './components/Header.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { FieldKeyboard } from './components/FieldKeyboard.tsx';
import { HelpPanel } from './components/HelpPanel.tsx';
import { IdlePrompt } from './components/IdlePrompt.tsx';
import { useIdleTimer } from './apply/useIdleTimer.ts';
import { useCardLeftBehind } from './apply/useCardLeftBehind.ts';
import { TakeCardReminder } from './components/TakeCardReminder.tsx';
import { AttractScreen, useAttract } from './screens/AttractScreen.tsx';
import { I18nContext, translate, type Language } from './i18n.ts';
import { KioskContext } from './kiosk-context.ts';
import { ApplyFlow } from './screens/ApplyFlow.tsx';
import { HomeScreen } from './screens/HomeScreen.tsx';
import { MySubmissionsScreen } from './screens/MySubmissionsScreen.tsx';
import { ProvisioningScreen } from './screens/ProvisioningScreen.tsx';
import { RatingFlow } from './screens/RatingScreen.tsx';
import { SearchScreen } from './screens/SearchScreen.tsx';
import { ServiceGuideScreen } from './screens/ServiceGuideScreen.tsx';
import { ServiceListScreen } from './screens/ServiceListScreen.tsx';
import { TechnicianScreen } from './screens/TechnicianScreen.tsx';
import { NeedsConfigurationScreen } from './screens/NeedsConfigurationScreen.tsx';

type Route =
  | { screen: 'home' }
  | { screen: 'services'; categoryId: string; categoryName: string }
  | { screen: 'guide'; serviceId: string }
  /** The query lives in the route, so it is back after a guide, and gone once the villager goes home. */
  | { screen: 'search'; query: string }
  /** Applying for a kiosk-supported service; its personal data lives inside ApplyFlow, not here. */
  | { screen: 'apply'; service: ServiceItem }
  /** 我的办件: the ID number lives inside the screen, not here. */
  | { screen: 'mine' }
  /** 好差评 of a service whose guide was printed here (an application is rated inside ApplyFlow). */
  | { screen: 'rate'; serviceId: string; serviceTitle: string }
  /** The technician screen; its session lives inside it. */
  | { screen: 'technician' };

const HOME: Route = { screen: 'home' };

export interface AppProps {
  client: KioskClient;
  idleTimings?: IdleTimings;
}

/**
 * A kiosk with no identity shows the provisioning screen instead of the villagers' app; provisioning and
 * decommissioning switch between the two without a reload (provisioning.changed).
 */
export function App(props: AppProps) {
  const { client } = props;
  const [state, setState] = useState<ProvisioningState | null>(null);
  const [revision, setRevision] = useState(0);
  const reload = useCallback(() => setRevision((n) => n + 1), []);
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'provisioning.changed' || event.type === 'connection.ready') reload();
      }),
    [client, reload],
  );
  useEffect(() => {
    // A back end from before provisioning existed, or one that cannot say: treat it as serving.
    client.call('getProvisioningState', {}).then(setState, () => setState(SERVING));
  }, [client, revision]);
  if (state === null) return null;
  if (!state.provisioned) return <ProvisioningApp client={client} state={state} onProvisioned={reload} />;
  return <ServingApp {...props} />;
}

const SERVING = { provisioned: true } as ProvisioningState;

/** The I18nContext value for a language. */
function useI18nValue(language: Language, setLanguage: (language: Language) => void) {
  return useMemo(
    () => ({
      language,
      setLanguage,
      t: (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) =>
        translate(language, key, params),
    }),
    [language, setLanguage],
  );
}

function ProvisioningApp({
  client,
  state,
  onProvisioned,
}: {
  client: KioskClient;
  state: Extract<ProvisioningState, { provisioned: false }>;
  onProvisioned: () => void;
}) {
  const [language, setLanguage] = useState<Language>('zh-CN');
  const i18n = useI18nValue(language, setLanguage);
  const kiosk = useMemo(() => ({ client, catalogueRevision: 0 }), [client]);
  return (
    <I18nContext.Provider value={i18n}>
      <KioskContext.Provider value={kiosk}>
        <div className="app">
          <ProvisioningScreen suggested={state.suggested} onProvisioned={onProvisioned} />
          <FieldKeyboard />
        </div>
      </KioskContext.Provider>
    </I18nContext.Provider>
  );
}

function ServingApp({ client, idleTimings = DEFAULT_IDLE_TIMINGS }: AppProps) {
  const [language, setLanguage] = useState<Language>('zh-CN');
  const [info, setInfo] = useState<KioskInfo | null>(null);
  const [catalogueRevision, setCatalogueRevision] = useState(0);
  // Navigation is a stack held in memory: Back pops, Home clears. Nothing goes into the URL or history.
  const [stack, setStack] = useState<Route[]>([HOME]);
  const route = stack[stack.length - 1] ?? HOME;
  const { assist, help, openHelp, closeHelp, reset: resetAssist } = useAssistState(client, language);
  const cardLeftBehind = useCardLeftBehind(client);

  const [connected, setConnected] = useState(true);
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'catalogue.changed') setCatalogueRevision((n) => n + 1);
        if (event.type === 'connection.lost') setConnected(false);
        if (event.type === 'connection.ready') setConnected(true);
      }),
    [client],
  );

  // Set when the back end runs without a valid configuration: the app then shows only what is wrong.
  const [setupProblem, setSetupProblem] = useState<string | null>(null);
  useEffect(() => {
    client.call('getKioskInfo', {}).then(setInfo, (error: unknown) => {
      setInfo(null);
      if (error instanceof ApiError && error.code === 'CONFIG_INVALID') setSetupProblem(error.message);
    });
  }, [client, catalogueRevision]);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  useEffect(() => {
    // Newer Chromium returns a promise from scrollTo; an effect must return nothing or a cleanup function.
    window.scrollTo(0, 0);
  }, [route]);

  const push = useCallback((next: Route) => setStack((current) => [...current, next]), []);
  const back = useCallback(() => setStack((current) => (current.length > 1 ? current.slice(0, -1) : current)), []);
  const home = useCallback(() => setStack([HOME]), []);
  const setSearchQuery = useCallback(
    (query: string) =>
      setStack((current) => {
        const top = current[current.length - 1];
        return top?.screen === 'search' ? [...current.slice(0, -1), { ...top, query }] : current;
      }),
    [],
  );
  // The villager is done or gone: the back end drops what it holds for them, and the next villager starts from
  // the home screen in the default language, standard size. Screens holding personal data unmount with it.
  const endSession = useCallback(
    (reason: 'finished' | 'idle' | 'technician', next: Route = HOME) => {
      setStack([next]);
      setLanguage('zh-CN');
      resetAssist();
      // The browser keeps a timing entry for every request; a kiosk that runs for weeks must not keep them all.
      performance.clearResourceTimings();
      client.call('endSession', { reason }).catch(() => undefined);
      // A villager who walked away, or pressed 完成, without their card.
      if (reason !== 'technician') cardLeftBehind.sessionEnded();
    },
    [client, resetAssist, cardLeftBehind],
  );
  const abandon = useCallback(() => endSession('idle'), [endSession]);
  const browsing = route.screen === 'services' || route.screen === 'search' || route.screen === 'guide';
  // Screens without personal data ask "need more time?" too, so the next villager never finds them half-way.
  const browseIdle = useIdleTimer(idleTimings, abandon, `${stack.length}:${route.screen}`, browsing);
  const attract = useAttract(idleTimings.attractAfterMs, route.screen === 'home', client);

  const i18n = useI18nValue(language, setLanguage);
  const kiosk = useMemo(() => ({ client, catalogueRevision }), [client, catalogueRevision]);

  if (setupProblem !== null) {
    return (
      <I18nContext.Provider value={i18n}>
        <NeedsConfigurationScreen problem={setupProblem} />
      </I18nContext.Provider>
    );
  }

  return (
    <I18nContext.Provider value={i18n}>
      <KioskContext.Provider value={kiosk}>
        <AssistContext.Provider value={assist}>
          <div
            className="app"
            data-profile={info?.profile}
            data-elder={assist.elder || undefined}
            data-contrast={assist.contrast || undefined}
          >
            <Header
              info={info}
              canGoBack={stack.length > 1 && route.screen !== 'technician'}
              onBack={back}
              onHome={home}
              onFinish={route.screen === 'home' || route.screen === 'technician' ? null : () => endSession('finished')}
              // Whatever a villager left open is dropped: the technician starts from a clean stack.
              onSecretGesture={() => endSession('technician', { screen: 'technician' })}
              onHelp={openHelp}
            />
            {browseIdle.secondsLeft !== null && (
              <IdlePrompt secondsLeft={browseIdle.secondsLeft} onContinue={browseIdle.keepGoing} onHome={abandon} />
            )}
            {attract.showing && <AttractScreen onStart={attract.dismiss} />}
            {cardLeftBehind.showing && <TakeCardReminder />}
            {help !== null && <HelpPanel text={help} onClose={closeHelp} />}
            {!connected && (
              <p className="connection-lost" role="status" data-testid="connection-lost">
                {i18n.t('connection.lost')}
              </p>
            )}
            <ErrorBoundary key={`${stack.length}:${route.screen}`} onHome={abandon}>
              {route.screen === 'home' && (
                <HomeScreen
                  info={info}
                  onHome={home}
                  onSearch={() => push({ screen: 'search', query: '' })}
                  onMySubmissions={() => push({ screen: 'mine' })}
                  onOpenCategory={(category) =>
                    push({ screen: 'services', categoryId: category.id, categoryName: category.name })
                  }
                />
              )}
              {route.screen === 'services' && (
                <ServiceListScreen
                  categoryId={route.categoryId}
                  categoryName={route.categoryName}
                  onHome={home}
                  onOpenService={(service) => push({ screen: 'guide', serviceId: service.id })}
                />
              )}
              {route.screen === 'search' && (
                <SearchScreen
                  query={route.query}
                  onQueryChange={setSearchQuery}
                  onHome={home}
                  onOpenService={(service) => push({ screen: 'guide', serviceId: service.id })}
                />
              )}
              {route.screen === 'guide' && (
                <ServiceGuideScreen
                  serviceId={route.serviceId}
                  onHome={home}
                  onApply={(service) => push({ screen: 'apply', service })}
                  onRate={(service) => push({ screen: 'rate', serviceId: service.id, serviceTitle: service.title })}
                />
              )}
              {route.screen === 'mine' && (
                <MySubmissionsScreen idleTimings={idleTimings} onHome={home} onIdleTimeout={abandon} />
              )}
              {route.screen === 'rate' && (
                <RatingFlow
                  serviceId={route.serviceId}
                  serviceTitle={route.serviceTitle}
                  idleTimings={idleTimings}
                  onFinish={home}
                  onIdleTimeout={abandon}
                />
              )}
              {route.screen === 'technician' && <TechnicianScreen info={info} onLeave={abandon} />}
              {route.screen === 'apply' && (
                <ApplyFlow
                  service={route.service}
                  idleTimings={idleTimings}
                  onHome={home}
                  onLeave={back}
                  onIdleTimeout={abandon}
                />
              )}
            </ErrorBoundary>
            <FieldKeyboard />
          </div>
        </AssistContext.Provider>
      </KioskContext.Provider>
    </I18nContext.Provider>
  );
}
