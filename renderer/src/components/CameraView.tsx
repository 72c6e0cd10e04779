import { useRef, type CSSProperties } from 'react';
import {
  FACE_ASPECT,
  FACE_FILL,
  guideRect,
  PAGE_ASPECT,
  PAGE_FILL,
  type CameraProblem,
  type CameraRole,
  type CameraSettings,
} from '../apply/camera.ts';
import { useCamera } from '../apply/useCamera.ts';
import { useI18n, type MessageKey } from '../i18n.ts';

export interface CameraViewProps {
  role: CameraRole;
  /** null while the device settings are loading. */
  settings: CameraSettings | null;
  /** What the big button says (拍照). */
  captureLabel: string;
  /** What the villager should do, written over the picture. */
  guideText: string;
  /** A still is being made from the picture: the button waits. */
  busy?: boolean;
  onCapture: (video: HTMLVideoElement) => void;
}

const PROBLEM_MESSAGES: Record<CameraProblem, MessageKey> = {
  notFound: 'camera.problem.notFound',
  busy: 'camera.problem.busy',
  denied: 'camera.problem.denied',
  noFrame: 'camera.problem.noFrame',
  lost: 'camera.problem.lost',
  failed: 'camera.problem.failed',
};

/** Percentages of the picture, so the frame drawn over the preview is the region the photo keeps. */
function guideStyle(role: CameraRole, width: number, height: number): CSSProperties {
  const rect =
    role === 'face'
      ? guideRect(width, height, FACE_ASPECT, FACE_FILL)
      : guideRect(width, height, PAGE_ASPECT, PAGE_FILL);
  return {
    left: `${(rect.x / width) * 100}%`,
    top: `${(rect.y / height) * 100}%`,
    width: `${(rect.width / width) * 100}%`,
    height: `${(rect.height / height) * 100}%`,
  };
}

/**
 * The live camera with a guide (an A4 frame for documents, an oval for the face) and a large capture button.
 * The camera runs while this is mounted and stops when it unmounts. Without a picture there is no black box:
 * a plain message says why and offers to try again; the screen around it offers the way on without the camera.
 */
export function CameraView({ role, settings, captureLabel, guideText, busy = false, onCapture }: CameraViewProps) {
  const { t } = useI18n();
  const videoRef = useRef<HTMLVideoElement>(null);
  const camera = useCamera(videoRef, role, settings);
  // Until the picture arrives, the box has the shape of what was asked for.
  const width = camera.frame?.width ?? settings?.width ?? 16;
  const height = camera.frame?.height ?? settings?.height ?? 9;
  const live = camera.status === 'live';

  return (
    <div
      className="camera"
      data-testid="camera"
      data-role={role}
      data-status={camera.status}
      data-problem={camera.problem ?? undefined}
    >
      <div
        className={`camera-frame${camera.status === 'problem' ? ' camera-frame-hidden' : ''}`}
        // As wide as the screen allows, but never taller than most of it: the buttons stay in reach.
        style={{ aspectRatio: `${width} / ${height}`, width: `min(100%, calc(62vh * ${width / height}))` }}
      >
        <video
          ref={videoRef}
          className={role === 'face' ? 'camera-video camera-mirror' : 'camera-video'}
          autoPlay
          muted
          playsInline
          disablePictureInPicture
          aria-label={t('camera.previewLabel')}
        />
        {live && (
          <>
            <div
              className={`camera-guide camera-guide-${role}`}
              style={guideStyle(role, width, height)}
              aria-hidden="true"
            />
            <p className="camera-guide-text">{guideText}</p>
          </>
        )}
        {camera.status === 'starting' && (
          <p className="camera-starting" role="status">
            {t('camera.starting')}
          </p>
        )}
      </div>
      {camera.status === 'problem' && camera.problem && (
        <div className="notice notice-large camera-problem" role="alert" data-testid="camera-problem">
          <span className="notice-mark" aria-hidden="true">
            !
          </span>
          <div className="camera-problem-body">
            <p>{t(PROBLEM_MESSAGES[camera.problem])}</p>
            <p className="camera-way-on">{t(role === 'face' ? 'camera.wayOn.face' : 'camera.wayOn.document')}</p>
            <button type="button" className="button button-large" data-testid="camera-retry" onClick={camera.retry}>
              {t('camera.retry')}
            </button>
          </div>
        </div>
      )}
      {camera.status !== 'problem' && (
        <button
          type="button"
          className="button button-primary button-large button-wide camera-shutter"
          data-testid="camera-capture"
          disabled={!live || busy}
          onClick={() => videoRef.current && onCapture(videoRef.current)}
        >
          <span aria-hidden="true">◉ </span>
          {busy ? t('camera.processing') : captureLabel}
        </button>
      )}
    </div>
  );
}
