import { useState } from 'react';
import type { CameraSettings } from '../apply/camera.ts';
import { captureFace, type Shot } from '../apply/capture.ts';
import { BlobImage } from '../components/BlobImage.tsx';
import { CameraView } from '../components/CameraView.tsx';
import { useI18n } from '../i18n.ts';
import { useScreenVoice } from '../assist.ts';

export interface FaceCaptureScreenProps {
  /** null while the device settings are loading. */
  settings: CameraSettings | null;
  /** Leaves the step after a photo was taken and shown; the photo is dropped with this screen. */
  onDone: () => void;
  /** No photo: staff check the ID card in person. Offered all the time, including when the camera fails. */
  onStaffCheck: () => void;
}

/**
 * 人脸拍照, only after consent: the face camera with an oval guide, one still, shown once. There is no matching
 * engine on this kiosk, so the still only exists in this screen's state: it is never stored, sent or logged, and
 * it is gone (its blob: URL revoked) as soon as the villager leaves the step by any way.
 */
export function FaceCaptureScreen({ settings, onDone, onStaffCheck }: FaceCaptureScreenProps) {
  const { t } = useI18n();
  useScreenVoice('voice.faceCapture', 'help.faceCapture');
  const [shot, setShot] = useState<Shot | null>(null);
  const [busy, setBusy] = useState(false);
  const [captureFailed, setCaptureFailed] = useState(false);

  const take = async (video: HTMLVideoElement) => {
    setBusy(true);
    setCaptureFailed(false);
    try {
      const still = await captureFace(video);
      if (still) setShot(still);
      else setCaptureFailed(true);
    } catch {
      setCaptureFailed(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section
      className="face"
      data-testid="face-screen"
      data-mode={shot ? 'shown' : 'camera'}
      aria-labelledby="face-title"
    >
      <h2 id="face-title" className="screen-heading">
        {t(shot ? 'face.shownHeading' : 'face.heading')}
      </h2>
      {shot ? (
        <>
          <figure className="face-shot" data-testid="face-shot" data-bytes={shot.blob.size}>
            <BlobImage blob={shot.blob} alt={t('face.photoAlt')} />
          </figure>
          <p className="notice notice-info" data-testid="face-deleted-note">
            <span className="notice-mark" aria-hidden="true">
              i
            </span>
            {t('face.willDelete')}
          </p>
          <button
            type="button"
            className="button button-primary button-large button-wide"
            data-testid="face-done"
            onClick={onDone}
          >
            {t('face.done')}
          </button>
        </>
      ) : (
        <>
          {/* Mounted only until the still is taken: the camera is off while the photo is shown. */}
          <CameraView
            role="face"
            settings={settings}
            captureLabel={t('face.capture')}
            guideText={t('face.guide')}
            busy={busy}
            onCapture={(video) => void take(video)}
          />
          {captureFailed && (
            <p className="notice" role="alert" data-testid="capture-failed">
              <span className="notice-mark" aria-hidden="true">
                !
              </span>
              {t('face.captureFailed')}
            </p>
          )}
          <button
            type="button"
            className="button button-large button-wide"
            data-testid="face-staff"
            onClick={onStaffCheck}
          >
            {t('face.staffInstead')}
          </button>
        </>
      )}
    </section>
  );
}
