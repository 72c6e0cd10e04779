// Opens the configured camera into a <video> for as long as the component using it is mounted, and stops every
// track when it unmounts, retries, or the settings change. Reports whether a picture is arriving, and why not.
import { useCallback, useEffect, useState, type RefObject } from 'react';
import {
  cameraHint,
  cameraProblemOf,
  labelMatches,
  pickCamera,
  videoConstraints,
  type CameraProblem,
  type CameraRole,
  type CameraSettings,
} from './camera.ts';

/** How long an opened camera may take to show its first picture before the villager is told. */
export const FIRST_FRAME_WITHIN_MS = 5000;

export type CameraStatus = 'starting' | 'live' | 'problem';

export interface CameraState {
  status: CameraStatus;
  problem: CameraProblem | null;
  /** The picture's size once it arrives. */
  frame: { width: number; height: number } | null;
  /** Stops what is open and tries again from the start. */
  retry: () => void;
}

function stopTracks(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

function missing(message: string): DOMException {
  return new DOMException(message, 'NotFoundError');
}

/**
 * The configured camera (label hint), else the first. Chromium hides labels until camera permission is given;
 * then the choice is made again once the first camera is open, and the right one reopened if it differs.
 */
async function openCamera(role: CameraRole, settings: CameraSettings): Promise<MediaStream> {
  const media = navigator.mediaDevices;
  if (!media?.getUserMedia) throw missing('this page has no camera access');
  const hint = cameraHint(settings, role);
  const chosen = pickCamera(await media.enumerateDevices(), hint);
  if (!chosen) throw missing('no video input device');
  const ask = (deviceId: string | null | undefined) =>
    media.getUserMedia({ audio: false, video: videoConstraints(settings, role, deviceId) });
  const stream = await ask(chosen.deviceId);
  if (!hint || chosen.label) return stream;
  try {
    const better = pickCamera(await media.enumerateDevices(), hint);
    const current = stream.getVideoTracks()[0]?.getSettings().deviceId;
    if (!better || !labelMatches(better, hint) || better.deviceId === current) return stream;
    stopTracks(stream);
    return await ask(better.deviceId);
  } catch (error) {
    stopTracks(stream);
    throw error;
  }
}

interface Answer {
  request: string;
  status: CameraStatus;
  problem: CameraProblem | null;
  frame: { width: number; height: number } | null;
}

/**
 * `settings` null: not known yet, nothing is opened. The stream belongs to one run of the effect; its cleanup
 * (unmount, retry, new settings) stops every track, including one that is still being opened.
 */
export function useCamera(
  videoRef: RefObject<HTMLVideoElement | null>,
  role: CameraRole,
  settings: CameraSettings | null,
  firstFrameWithinMs = FIRST_FRAME_WITHIN_MS,
): CameraState {
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const request = `${role}|${attempt}`;
  const [answer, setAnswer] = useState<Answer | null>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!settings || !video) return;
    let closed = false;
    let stream: MediaStream | null = null;
    let framesArrived = false;
    const report = (status: CameraStatus, problem: CameraProblem | null = null) => {
      if (closed) return;
      const frame = status === 'live' ? { width: video.videoWidth, height: video.videoHeight } : null;
      setAnswer({ request, status, problem, frame });
    };
    const onFrame = () => {
      if (video.videoWidth === 0 || video.videoHeight === 0) return;
      framesArrived = true;
      report('live');
    };
    const noFrame = setTimeout(() => {
      if (!framesArrived) report('problem', 'noFrame');
    }, firstFrameWithinMs);
    const onEnded = () => report('problem', 'lost');
    video.addEventListener('loadeddata', onFrame);
    video.addEventListener('resize', onFrame);

    openCamera(role, settings).then(
      (opened) => {
        if (closed) {
          stopTracks(opened);
          return;
        }
        stream = opened;
        for (const track of opened.getTracks()) track.addEventListener('ended', onEnded);
        video.srcObject = opened;
        // Autoplay of a muted video is allowed; a refusal still leaves loadeddata to report the picture.
        video.play().catch(() => undefined);
      },
      (error: unknown) => {
        clearTimeout(noFrame);
        report('problem', cameraProblemOf(error));
      },
    );

    return () => {
      closed = true;
      clearTimeout(noFrame);
      video.removeEventListener('loadeddata', onFrame);
      video.removeEventListener('resize', onFrame);
      for (const track of stream?.getTracks() ?? []) track.removeEventListener('ended', onEnded);
      stopTracks(stream);
      stream = null;
      video.srcObject = null;
    };
  }, [videoRef, role, settings, request, firstFrameWithinMs]);

  const current = answer?.request === request ? answer : null;
  return {
    status: current?.status ?? 'starting',
    problem: current?.problem ?? null,
    frame: current?.frame ?? null,
    retry,
  };
}
