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
import { CaseFormScreen } from './CaseFormScreen.tsx';
import { DeclarationsScreen, type DeclarationsResult } from './DeclarationsScreen.tsx';
import { ConsultationScreen } from './ConsultationScreen.tsx';
import { EligibilityScreen } from './EligibilityScreen.tsx';
import { ReviewScreen } from './ReviewScreen.tsx';
import { caseFormFor, MEANS_TEST_FIELDS, submittedAnswers, type CaseAnswers, type Words } from '../apply/case-forms.ts';
import { declarationsFor, FINGERPRINT_REQUIRED, MEANS_TESTED } from '../apply/legal-aid.ts';
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
import { FlowActions } from '../components/FlowActions.tsx';

export interface ApplyFlowProps {
  service: ServiceItem;
  idleTimings: IdleTimings;
  onHome: () => void;
  /** 上一步 on the first step: back to the service guide. */
  onLeave: () => void;
  /** Nobody answered the "need more time?" prompt. */
  onIdleTimeout: () => void;
}

type Step =
  /** 法律咨询 only: the common questions and answers before asking for a call-back. */
  | { name: 'consult' }
  /** Legal aid only: which group the applicant is in (no means test, or the hardship test). */
  | { name: 'eligibility' }
  | { name: 'identify' }
  | { name: 'form'; draft: ApplicationDraft }
  /** The service's case questions (case-forms.ts), when it has any. */
  | { name: 'case' }
  /** Legal aid only: the 告知承诺制 papers, read aloud, ticked and signed. */
  | { name: 'declarations' }
  | { name: 'documents' }
  | { name: 'faceConsent' }
  | { name: 'face' }
  /** Everything once more, each part with 修改, before it is sent. */
  | { name: 'review'; identity: IdentityCheck }
  /**
   * The application is sent here. Photos leave the screen's state at once and are dropped when the back end has
   * stored them; the checked details (`applicant`) stay until the villager moves on, for the A4 form.
   */
  | { name: 'done'; photoCount: number; identity: IdentityCheck }
  /** 好差评 of the stored application; nothing personal is left by now. */
  | { name: 'rate'; acceptanceNumber: string };

type StepName = Step['name'];

/** The numbered steps of a service's flow, as the villager counts them (face photo and rating share a number). */
function numberedSteps(legalAid: boolean, hasCase: boolean, consultation: boolean): StepName[] {
  return [
    ...(consultation ? (['consult'] as const) : []),
    ...(legalAid ? (['eligibility'] as const) : []),
    'identify',
    'form',
    ...(hasCase ? (['case'] as const) : []),
    ...(legalAid ? (['declarations'] as const) : []),
    'documents',
    'faceConsent',
    'review',
    'done',
  ];
}

const SAME_NUMBER_AS: Partial<Record<StepName, StepName>> = { face: 'faceConsent', rate: 'done' };

/**
 * Applying for one service: identify → form → document photos → face photo (only with consent) → submitted,
 * with the acceptance number → rating. The card holder, the checked details and the photos live only in this
 * component's state (never storage, the URL or the console), so they are gone as soon as the villager leaves the
 * flow: Home, Back, or the idle timeout all unmount it. Every step times out when left alone.
 */
export function ApplyFlow({ service, idleTimings, onHome, onLeave, onIdleTimeout }: ApplyFlowProps) {
  const { t } = useI18n();
  const { client } = useKiosk();
  const caseForm = caseFormFor(service);
  const legalAid = caseForm?.id === 'legalAid';
  const consultation = caseForm?.id === 'consultation';
  const steps = numberedSteps(legalAid, caseForm !== null, consultation);
  const [step, setStep] = useState<Step>(
    consultation ? { name: 'consult' } : legalAid ? { name: 'eligibility' } : { name: 'identify' },
  );
  // Document photos, in memory only until they go into the submission; then dropped from the screen.
  const [photos, setPhotos] = useState<DocumentPhoto[]>([]);
  const nextPhotoId = useRef(1);
  const [cameraSettings, setCameraSettings] = useState<CameraSettings | null>(null);
  // Every answer lives here until the application is sent, so 上一步 and 修改 lose nothing.
  const [draft, setDraft] = useState<ApplicationDraft | null>(null);
  // The checked details, kept until the villager leaves the end screen: for the submission and the A4 form.
  const [applicant, setApplicant] = useState<ApplicantDetails | null>(null);
  const [eligibility, setEligibility] = useState<Words | null>(null);
  const [answers, setAnswers] = useState<CaseAnswers>({});
  const [declared, setDeclared] = useState<DeclarationsResult | null>(null);
  // Set by 修改 on the review page: the changed step goes straight back to the review.
  const [reviewing, setReviewing] = useState<IdentityCheck | null>(null);
  // The answers to the consents asked on the way, sent with the application.
  const consents = useRef<Consent[]>([]);
  // The photos (and signature) of an application on its way, or of one that could not be stored (for "try
  // again"): in memory only, dropped as soon as the back end has stored them or the villager leaves.
  const unsent = useRef<{ photos: PhotoToSend[]; signature: Blob | null }>({ photos: [], signature: null });
  const [submission, setSubmission] = useState<SubmissionState>({ status: 'sending' });
  const sending = useRef(false);
  /** The finished application's request id: "try again" sends the same one, so it is never stored twice. */
  const requestId = useRef('');
  const mounted = useRef(true);
  const idle = useIdleTimer(idleTimings, onIdleTimeout, step.name);

  const meansTested = eligibility === MEANS_TESTED;
  const caseFields = caseForm ? [...caseForm.fields, ...(meansTested ? MEANS_TEST_FIELDS : [])] : [];
  const declarations = declarationsFor(meansTested);
  const usedCard = (draft?.fromCard.size ?? 0) > 0;

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      unsent.current = { photos: [], signature: null };
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

  /** The step after `name` in this service's flow (or the review, when the villager came from it). */
  const after = (name: StepName): Step => {
    if (reviewing) {
      setReviewing(null);
      return { name: 'review', identity: reviewing };
    }
    const next = steps[steps.indexOf(name) + 1];
    if (next === 'form' && draft) return { name: 'form', draft };
    return { name: next as 'case' | 'declarations' | 'documents' | 'faceConsent' };
  };

  /** 上一步: the step before, with everything kept; from the first step, back to the guide. */
  const back = (name: StepName) => {
    const previous = steps[steps.indexOf(name) - 1];
    if (previous === undefined) onLeave();
    else if (previous === 'form') goTo({ name: 'form', draft: draftWithTyped() });
    else goTo({ name: previous } as Step);
  };

  /** The draft as the villager left it: the card's fields and what was typed and checked. */
  const draftWithTyped = (): ApplicationDraft => {
    const base = draft ?? manualDraft();
    return applicant ? { ...base, details: applicant } : base;
  };

  const answerConsent = (document: string, agreed: boolean) => {
    consents.current = [...consents.current.filter((consent) => consent.document !== document), { document, agreed }];
  };

  /** "Submitted" is said only once the back end has committed the application to its outbox. */
  const send = () => {
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
      answers: {
        ...submittedAnswers(caseFields, answers),
        ...(eligibility ? { eligibility: eligibility.zh } : {}),
      },
    };
    const { photos: toSend, signature } = unsent.current;
    void sendApplication(client, parts, toSend, signature).then((result) => {
      sending.current = false;
      if (result.status === 'submitted') unsent.current = { photos: [], signature: null };
      if (mounted.current) setSubmission(result);
    });
  };

  const finish = (identity: IdentityCheck) => {
    goTo({ name: 'done', photoCount: photos.length, identity });
    // Off the screen's state (their thumbnails' URLs are revoked); kept only until the back end has them.
    unsent.current = {
      photos: photos.map((photo) => ({ material: photo.material, blob: photo.blob })),
      signature: declared?.signature ?? null,
    };
    setPhotos([]);
    setDeclared(null);
    if (declared) {
      for (const document of declared.agreed) answerConsent(document, true);
      if (declared.cannotWrite) answerConsent(FINGERPRINT_REQUIRED, true);
    }
    requestId.current = crypto.randomUUID();
    send();
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

  const numbered = SAME_NUMBER_AS[step.name] ?? step.name;
  return (
    <main className="screen screen-apply" data-step={step.name}>
      <div className="apply-head">
        <p className="apply-service">{service.title}</p>
        <p className="apply-step">{t('apply.step', { n: steps.indexOf(numbered) + 1, total: steps.length })}</p>
      </div>
      {step.name === 'consult' && (
        <ConsultationScreen service={service} onCallBack={() => goTo({ name: 'identify' })} onDone={onHome} />
      )}
      {step.name === 'eligibility' && (
        <EligibilityScreen
          onDone={(group) => {
            setEligibility(group);
            goTo({ name: 'identify' });
          }}
          onBack={() => back('eligibility')}
        />
      )}
      {step.name === 'identify' && (
        <IdentifyScreen
          onCardRead={(holder) => {
            const read = draftFromCard(holder);
            setDraft(read);
            setApplicant(null);
            goTo({ name: 'form', draft: read });
          }}
          onManualEntry={() => goTo({ name: 'form', draft: draftWithTyped() })}
        />
      )}
      {step.name === 'form' && (
        <ApplicationFormScreen
          draft={step.draft}
          // The checked details stay in memory only, for the submission and the A4 form.
          onConfirm={(details) => {
            setApplicant(details);
            setDraft({ ...step.draft, details });
            goTo(after('form'));
          }}
        />
      )}
      {step.name === 'case' && caseForm && (
        <CaseFormScreen
          service={service}
          title={caseForm.title}
          fields={caseFields}
          answers={answers}
          onChange={setAnswers}
          birthDate={applicant?.birthDate ?? null}
          onConfirm={() => goTo(after('case'))}
          onBack={() => back('case')}
        />
      )}
      {step.name === 'declarations' && (
        <DeclarationsScreen
          declarations={declarations}
          previous={declared}
          onDone={(result) => {
            setDeclared(result);
            goTo(after('declarations'));
          }}
          onBack={() => back('declarations')}
        />
      )}
      {step.name === 'documents' && (
        <DocumentPhotosScreen
          service={service}
          settings={cameraSettings}
          photos={photos}
          onAdd={addPhoto}
          onDelete={(id) => setPhotos((current) => current.filter((photo) => photo.id !== id))}
          onDone={() => goTo(after('documents'))}
        />
      )}
      {step.name === 'faceConsent' && (
        <FaceConsentScreen
          onAgree={() => {
            answerConsent(FACE_CONSENT_DOCUMENT, true);
            goTo({ name: 'face' });
          }}
          onDecline={() => {
            answerConsent(FACE_CONSENT_DOCUMENT, false);
            goTo({ name: 'review', identity: 'staff' });
          }}
        />
      )}
      {step.name === 'face' && (
        <FaceCaptureScreen
          settings={cameraSettings}
          onDone={() => goTo({ name: 'review', identity: 'faceDeleted' })}
          onStaffCheck={() => goTo({ name: 'review', identity: 'staff' })}
        />
      )}
      {step.name === 'review' && applicant && (
        <ReviewScreen
          applicant={applicant}
          caseFields={caseFields}
          answers={answers}
          declarations={declared}
          photoCount={photos.length}
          onChange={(section) => {
            setReviewing(step.identity);
            if (section === 'details') goTo({ name: 'form', draft: draftWithTyped() });
            else goTo({ name: section === 'case' ? 'case' : 'declarations' });
          }}
          onSubmit={() => finish(step.identity)}
          onBack={() => goTo({ name: 'documents' })}
        />
      )}
      {step.name === 'done' && (
        <ApplyDoneScreen
          service={service}
          usedCard={usedCard}
          photoCount={step.photoCount}
          identity={step.identity}
          applicant={applicant}
          submission={submission}
          onRetry={() => {
            idle.keepGoing();
            send();
          }}
          onNext={rate}
          onHome={onHome}
        />
      )}
      {step.name === 'rate' && (
        <RatingScreen serviceId={service.id} acceptanceNumber={step.acceptanceNumber} onFinish={onHome} />
      )}
      {(step.name === 'identify' ||
        step.name === 'form' ||
        step.name === 'documents' ||
        step.name === 'faceConsent') && <FlowActions onBack={() => back(step.name)} />}
      {idle.secondsLeft !== null && (
        <IdlePrompt secondsLeft={idle.secondsLeft} onContinue={idle.keepGoing} onHome={onHome} />
      )}
    </main>
  );
}
