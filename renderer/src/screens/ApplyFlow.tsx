import { useEffect, useRef, useState } from 'react';
import type { ServiceItem } from '../../../core/api/contract.ts';
import { IdlePrompt } from '../components/IdlePrompt.tsx';
import { useI18n } from '../i18n.ts';
import { useKiosk } from '../kiosk-context.ts';
import { ApplicationFormScreen } from './ApplicationFormScreen.tsx';
import { ApplyDoneScreen, type IdentityCheck } from './ApplyDoneScreen.tsx';
import { DocumentPhotosScreen } from './DocumentPhotosScreen.tsx';
import { FaceCaptureScreen } from './FaceCaptureScreen.tsx';
import { FaceConsentScreen } from './FaceConsentScreen.tsx';
import { IdentifyScreen } from './IdentifyScreen.tsx';
import { RatingScreen } from './RatingScreen.tsx';
import { draftFromCard, manualDraft, type ApplicantDetails, type ApplicationDraft } from '../apply/application.ts';
import { FALLBACK_CAMERA_SETTINGS, type CameraSettings, type DocumentPhoto } from '../apply/camera.ts';
import type { Shot } from '../apply/capture.ts';
import type { IdleTimings } from '../apply/idle.ts';
import {
  FACE_CONSENT_DOCUMENT,
  sendApplication,
  type Consent,
  type PhotoToSend,
  type SubmissionState,
} from '../apply/submission.ts';
import { useIdleTimer } from '../apply/useIdleTimer.ts';

export interface ApplyFlowProps {
  service: ServiceItem;
  idleTimings: IdleTimings;
  onHome: () => void;
  /** Nobody answered the "need more time?" prompt. */
  onIdleTimeout: () => void;
}

type Step =
  | { name: 'identify' }
  | { name: 'form'; draft: ApplicationDraft }
  | { name: 'documents'; usedCard: boolean }
  | { name: 'faceConsent'; usedCard: boolean }
  | { name: 'face'; usedCard: boolean }
  /**
   * The application is sent here. Photos leave the screen's state at once and are dropped when the back end has
   * stored them; the checked details (`applicant`) stay until the villager moves on, for the A4 form.
   */
  | { name: 'done'; usedCard: boolean; photoCount: number; identity: IdentityCheck }
  /** 好差评 of the stored application; nothing personal is left by now. */
  | { name: 'rate'; acceptanceNumber: string };

const STEP_NUMBERS: Record<Step['name'], number> = {
  identify: 1,
  form: 2,
  documents: 3,
  faceConsent: 4,
  face: 4,
  done: 5,
  rate: 5,
};
const STEP_COUNT = 5;

/**
 * Applying for one service: identify → form → document photos → face photo (only with consent) → submitted,
 * with the acceptance number → rating. The card holder, the checked details and the photos live only in this
 * component's state (never storage, the URL or the console), so they are gone as soon as the villager leaves the
 * flow: Home, Back, or the idle timeout all unmount it. Every step times out when left alone.
 */
export function ApplyFlow({ service, idleTimings, onHome, onIdleTimeout }: ApplyFlowProps) {
  const { t } = useI18n();
  const { client } = useKiosk();
  const [step, setStep] = useState<Step>({ name: 'identify' });
  // Document photos, in memory only until they go into the submission; then dropped from the screen.
  const [photos, setPhotos] = useState<DocumentPhoto[]>([]);
  const nextPhotoId = useRef(1);
  const [cameraSettings, setCameraSettings] = useState<CameraSettings | null>(null);
  // The checked details, kept until the villager leaves the end screen: for the submission and the A4 form.
  const [applicant, setApplicant] = useState<ApplicantDetails | null>(null);
  // The answers to the consents asked on the way, sent with the application.
  const consents = useRef<Consent[]>([]);
  // The photos of an application on its way, or of one that could not be stored (for "try again"): in memory
  // only, dropped as soon as the back end has stored them or the villager leaves.
  const unsent = useRef<PhotoToSend[]>([]);
  const [submission, setSubmission] = useState<SubmissionState>({ status: 'sending' });
  const sending = useRef(false);
  /** The finished application's request id: "try again" sends the same one, so it is never stored twice. */
  const requestId = useRef('');
  const mounted = useRef(true);
  const idle = useIdleTimer(idleTimings, onIdleTimeout, step.name);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      unsent.current = [];
    };
  }, []);

  useEffect(() => {
    // Asked once per flow, before the camera steps, so the camera opens without waiting. Without an answer the
    // camera still works: the first camera at the default size.
    let current = true;
    client.call('getDeviceSettings', {}).then(
      (settings) => current && setCameraSettings(settings.camera),
      () => current && setCameraSettings(FALLBACK_CAMERA_SETTINGS),
    );
    return () => {
      current = false;
    };
  }, [client]);

  const goTo = (next: Step) => {
    // Moving on (a card read, a button) shows someone is there.
    idle.keepGoing();
    setStep(next);
  };

  const answerConsent = (document: string, agreed: boolean) => {
    consents.current = [...consents.current.filter((consent) => consent.document !== document), { document, agreed }];
  };

  /** "Submitted" is said only once the back end has committed the application to its outbox. */
  const send = (usedCard: boolean) => {
    // One at a time: a second tap on "try again" while the first is on its way sends nothing more.
    if (sending.current) return;
    if (!applicant) {
      setSubmission({ status: 'failed', code: 'API_BAD_REQUEST' });
      return;
    }
    sending.current = true;
    setSubmission({ status: 'sending' });
    const parts = {
      serviceId: service.id,
      applicant,
      usedCard,
      consents: consents.current,
      requestId: requestId.current,
    };
    void sendApplication(client, parts, unsent.current).then((result) => {
      sending.current = false;
      if (result.status === 'submitted') unsent.current = [];
      if (mounted.current) setSubmission(result);
    });
  };

  const finish = (usedCard: boolean, identity: IdentityCheck) => {
    goTo({ name: 'done', usedCard, photoCount: photos.length, identity });
    // Off the screen's state (their thumbnails' URLs are revoked); kept only until the back end has them.
    unsent.current = photos.map((photo) => ({ material: photo.material, blob: photo.blob }));
    setPhotos([]);
    requestId.current = crypto.randomUUID();
    send(usedCard);
  };

  const rate = () => {
    if (submission.status !== 'submitted') return;
    // The details were kept for the A4 form only; the rating needs none of them.
    setApplicant(null);
    goTo({ name: 'rate', acceptanceNumber: submission.acceptanceNumber });
  };

  const addPhoto = (material: string, shot: Shot) => {
    const id = nextPhotoId.current++;
    setPhotos((current) => [...current, { id, material, ...shot }]);
  };

  return (
    <main className="screen screen-apply" data-step={step.name}>
      <div className="apply-head">
        <p className="apply-service">{service.title}</p>
        <p className="apply-step">{t('apply.step', { n: STEP_NUMBERS[step.name], total: STEP_COUNT })}</p>
      </div>
      {step.name === 'identify' && (
        <IdentifyScreen
          onCardRead={(holder) => goTo({ name: 'form', draft: draftFromCard(holder) })}
          onManualEntry={() => goTo({ name: 'form', draft: manualDraft() })}
        />
      )}
      {step.name === 'form' && (
        <ApplicationFormScreen
          draft={step.draft}
          // The checked details stay in memory only, for the submission and the A4 form.
          onConfirm={(details) => {
            setApplicant(details);
            goTo({ name: 'documents', usedCard: step.draft.fromCard.size > 0 });
          }}
        />
      )}
      {step.name === 'documents' && (
        <DocumentPhotosScreen
          service={service}
          settings={cameraSettings}
          photos={photos}
          onAdd={addPhoto}
          onDelete={(id) => setPhotos((current) => current.filter((photo) => photo.id !== id))}
          onDone={() => goTo({ name: 'faceConsent', usedCard: step.usedCard })}
        />
      )}
      {step.name === 'faceConsent' && (
        <FaceConsentScreen
          onAgree={() => {
            answerConsent(FACE_CONSENT_DOCUMENT, true);
            goTo({ name: 'face', usedCard: step.usedCard });
          }}
          onDecline={() => {
            answerConsent(FACE_CONSENT_DOCUMENT, false);
            finish(step.usedCard, 'staff');
          }}
        />
      )}
      {step.name === 'face' && (
        <FaceCaptureScreen
          settings={cameraSettings}
          onDone={() => finish(step.usedCard, 'faceDeleted')}
          onStaffCheck={() => finish(step.usedCard, 'staff')}
        />
      )}
      {step.name === 'done' && (
        <ApplyDoneScreen
          service={service}
          usedCard={step.usedCard}
          photoCount={step.photoCount}
          identity={step.identity}
          applicant={applicant}
          submission={submission}
          onRetry={() => {
            idle.keepGoing();
            send(step.usedCard);
          }}
          onNext={rate}
          onHome={onHome}
        />
      )}
      {step.name === 'rate' && (
        <RatingScreen serviceId={service.id} acceptanceNumber={step.acceptanceNumber} onFinish={onHome} />
      )}
      {idle.secondsLeft !== null && (
        <IdlePrompt secondsLeft={idle.secondsLeft} onContinue={idle.keepGoing} onHome={onHome} />
      )}
    </main>
  );
}
