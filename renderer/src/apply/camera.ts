// The camera in the application flow, as plain functions: which camera to open, what to ask of it, what a
// failure means to the villager, where the guide frame sits, and how small a document photo must become.
// No React and no DOM objects beyond their shapes, so unit tests can run them in Node.
import type { DeviceSettings } from '../../../core/api/contract.ts';

export type CameraSettings = DeviceSettings['camera'];

/** document: the camera that photographs papers (often a 高拍仪 looking down); face: the one facing the villager. */
export type CameraRole = 'document' | 'face';

/** Used when the back end cannot say (an older back end, a failed call): the config defaults, no label hint. */
export const FALLBACK_CAMERA_SETTINGS: CameraSettings = {
  documentCamera: null,
  faceCamera: null,
  width: 1920,
  height: 1080,
  documentMaxBytes: 500_000,
};

/**
 * Why the camera shows no picture; each has a plain message in i18n.ts and a way forward on screen.
 * notFound: no camera at all · busy: another program holds it, or it does not answer · denied: the browser or
 * shell refused the permission · noFrame: opened, but no picture came · lost: it stopped (unplugged) while in use ·
 * failed: anything else.
 */
export type CameraProblem = 'notFound' | 'busy' | 'denied' | 'noFrame' | 'lost' | 'failed';

/** getUserMedia's error names (current and the older Chromium ones) → what the villager is told. */
export function cameraProblemOf(error: unknown): CameraProblem {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  switch (name) {
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError': // an exact deviceId that no longer exists: the chosen camera is gone
    case 'ConstraintNotSatisfiedError':
      return 'notFound';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError': // Chromium's "Timeout starting video source"
      return 'busy';
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    default:
      return 'failed';
  }
}

type DeviceLike = Pick<MediaDeviceInfo, 'kind' | 'label' | 'deviceId'>;

export function cameraHint(settings: CameraSettings, role: CameraRole): string | null {
  return role === 'document' ? settings.documentCamera : settings.faceCamera;
}

/** The camera whose label contains the hint (any case), else the first camera; null when there is none. */
export function pickCamera<D extends DeviceLike>(devices: readonly D[], hint: string | null): D | null {
  const cameras = devices.filter((device) => device.kind === 'videoinput');
  const wanted = hint?.trim().toLowerCase();
  const match = wanted ? cameras.find((camera) => camera.label.toLowerCase().includes(wanted)) : undefined;
  return match ?? cameras[0] ?? null;
}

/** Whether a device's label shows it is the configured camera (false when labels are still hidden). */
export function labelMatches(device: DeviceLike | null, hint: string | null): boolean {
  const wanted = hint?.trim().toLowerCase();
  return Boolean(wanted && device?.label.toLowerCase().includes(wanted));
}

/** A face needs far fewer pixels than a page of small print: ask for no more than this (minimum collection). */
export const FACE_MAX_WIDTH = 1280;
export const FACE_MAX_HEIGHT = 720;

/** What to ask of the camera: the configured size as an ideal (never exact: any camera still opens). */
export function videoConstraints(
  settings: CameraSettings,
  role: CameraRole,
  deviceId: string | null | undefined,
): MediaTrackConstraints {
  const width = role === 'face' ? Math.min(settings.width, FACE_MAX_WIDTH) : settings.width;
  const height = role === 'face' ? Math.min(settings.height, FACE_MAX_HEIGHT) : settings.height;
  return {
    width: { ideal: width },
    height: { ideal: height },
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
  };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A4 upright: the guide frame documents are laid into, and the part of the picture that is kept. */
export const PAGE_ASPECT = 1 / Math.SQRT2;
export const PAGE_FILL = 0.92;
/** The oval the face is placed in; the face photo is cut to its bounding box, nothing of the room around. */
export const FACE_ASPECT = 0.78;
export const FACE_FILL = 0.82;

/**
 * The largest rectangle of the given aspect (width / height) that fits inside `fill` of the frame, centred,
 * in whole pixels. The same rectangle is drawn over the preview and cut from the picture, so what the villager
 * lines up inside the frame is exactly what is kept.
 */
export function guideRect(frameWidth: number, frameHeight: number, aspect: number, fill: number): Rect {
  const maxWidth = frameWidth * fill;
  const maxHeight = frameHeight * fill;
  let width = maxWidth;
  let height = width / aspect;
  if (height > maxHeight) {
    height = maxHeight;
    width = height * aspect;
  }
  width = Math.max(1, Math.round(width));
  height = Math.max(1, Math.round(height));
  return {
    x: Math.round((frameWidth - width) / 2),
    y: Math.round((frameHeight - height) / 2),
    width,
    height,
  };
}

/** Scales down (never up) so the longer side is at most `longSide`. */
export function scaledSize(width: number, height: number, longSide: number): { width: number; height: number } {
  const factor = Math.min(1, longSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * factor)), height: Math.max(1, Math.round(height * factor)) };
}

/** A document photo is never larger than this on its long side: small print stays readable at 2000 px. */
export const DOCUMENT_LONG_SIDE = 2000;
/** Below this, a page of print is no longer readable: the photo is not shrunk further. */
export const SMALLEST_LONG_SIDE = 640;
export const JPEG_QUALITIES = [0.85, 0.72, 0.6, 0.48, 0.36] as const;
const SHRINK_STEP = 0.75;

export interface EncodeAttempt {
  width: number;
  height: number;
  quality: number;
}

/**
 * The sizes and qualities to try, best first: every quality at full size, then three quarters the size, and so
 * on down to SMALLEST_LONG_SIDE. Lowering the quality first keeps the most pixels for small print.
 */
export function encodeAttempts(width: number, height: number): EncodeAttempt[] {
  const attempts: EncodeAttempt[] = [];
  let longSide = Math.min(Math.max(width, height), DOCUMENT_LONG_SIDE);
  for (;;) {
    const size = scaledSize(width, height, longSide);
    for (const quality of JPEG_QUALITIES) attempts.push({ ...size, quality });
    if (longSide <= SMALLEST_LONG_SIDE) return attempts;
    longSide = Math.max(SMALLEST_LONG_SIDE, Math.round(longSide * SHRINK_STEP));
  }
}

export interface Encoded<B> {
  blob: B;
  attempt: EncodeAttempt;
  /** How many encodings it took. */
  tries: number;
}

/**
 * Encodes with `encode` until a result is at most `maxBytes`; null when even the smallest, lowest-quality
 * attempt is too large (or the encoder gives nothing).
 */
export async function encodeUnder<B extends { size: number }>(
  maxBytes: number,
  width: number,
  height: number,
  encode: (attempt: EncodeAttempt) => Promise<B | null>,
): Promise<Encoded<B> | null> {
  let tries = 0;
  for (const attempt of encodeAttempts(width, height)) {
    tries += 1;
    const blob = await encode(attempt);
    if (blob === null) return null;
    if (blob.size <= maxBytes) return { blob, attempt, tries };
  }
  return null;
}

/** A document photo the villager chose to use: in the flow's memory only, never stored or sent. */
export interface DocumentPhoto {
  id: number;
  /** The catalogue material it shows (材料名称). */
  material: string;
  blob: Blob;
  width: number;
  height: number;
  quality: number;
}

/** Enough pages for any service in the catalogue, and a bound on the memory the photos take. */
export const MAX_DOCUMENT_PHOTOS = 20;
