// The camera's plain functions (renderer/src/apply/camera.ts): which camera, what to ask of it, what a failure
// means, the guide frame, and how a document photo is brought under the size limit.
import { describe, expect, it } from 'vitest';
import {
  cameraProblemOf,
  DOCUMENT_LONG_SIDE,
  encodeAttempts,
  encodeUnder,
  FALLBACK_CAMERA_SETTINGS,
  guideRect,
  JPEG_QUALITIES,
  labelMatches,
  PAGE_ASPECT,
  pickCamera,
  scaledSize,
  SMALLEST_LONG_SIDE,
  videoConstraints,
  type EncodeAttempt,
} from '../../renderer/src/apply/camera.ts';

const device = (kind: MediaDeviceKind, label: string, deviceId = label) => ({ kind, label, deviceId });

describe('choosing the camera', () => {
  const devices = [
    device('audioinput', 'USB Document Camera Mic'),
    device('videoinput', 'Integrated Webcam (0c45:6a10)'),
    device('videoinput', 'USB Document Camera (1d6b:0102)'),
  ];

  it('takes the camera whose label contains the hint, in any case, else the first camera', () => {
    expect(pickCamera(devices, 'document camera')?.deviceId).toBe('USB Document Camera (1d6b:0102)');
    expect(pickCamera(devices, '  USB DOCUMENT ')?.deviceId).toBe('USB Document Camera (1d6b:0102)');
    expect(pickCamera(devices, 'Face Cam')?.deviceId).toBe('Integrated Webcam (0c45:6a10)');
    expect(pickCamera(devices, null)?.deviceId).toBe('Integrated Webcam (0c45:6a10)');
  });

  it('never picks a microphone, and has nothing without a camera', () => {
    expect(pickCamera([device('audioinput', 'USB Document Camera Mic')], 'document')).toBeNull();
    expect(pickCamera([], null)).toBeNull();
  });

  it('knows when labels are still hidden (before permission), so the choice is made again', () => {
    const hidden = device('videoinput', '', '');
    expect(pickCamera([hidden], 'Document')).toBe(hidden);
    expect(labelMatches(hidden, 'Document')).toBe(false);
    expect(labelMatches(devices[2]!, 'document')).toBe(true);
    expect(labelMatches(devices[2]!, null)).toBe(false);
  });

  it('asks for the configured size as an ideal, the face no larger than 1280×720, a device only when known', () => {
    const settings = { ...FALLBACK_CAMERA_SETTINGS, width: 2592, height: 1944 };
    expect(videoConstraints(settings, 'document', 'abc')).toEqual({
      width: { ideal: 2592 },
      height: { ideal: 1944 },
      deviceId: { exact: 'abc' },
    });
    expect(videoConstraints(settings, 'face', '')).toEqual({ width: { ideal: 1280 }, height: { ideal: 720 } });
    expect(videoConstraints({ ...settings, width: 640, height: 480 }, 'face', null)).toEqual({
      width: { ideal: 640 },
      height: { ideal: 480 },
    });
  });
});

describe('what a camera failure means', () => {
  it.each([
    ['NotFoundError', 'notFound'],
    ['DevicesNotFoundError', 'notFound'],
    ['OverconstrainedError', 'notFound'],
    ['NotReadableError', 'busy'],
    ['TrackStartError', 'busy'],
    ['AbortError', 'busy'],
    ['NotAllowedError', 'denied'],
    ['PermissionDeniedError', 'denied'],
    ['SecurityError', 'denied'],
    ['TypeError', 'failed'],
  ])('%s → %s', (name, problem) => {
    expect(cameraProblemOf(new DOMException('message', name))).toBe(problem);
  });

  it('is "failed" for anything that is not an error object', () => {
    expect(cameraProblemOf('camera exploded')).toBe('failed');
    expect(cameraProblemOf(null)).toBe('failed');
    expect(cameraProblemOf(new Error('x'))).toBe('failed');
  });
});

describe('the guide frame', () => {
  it('is the largest centred A4 upright rectangle inside the margin of a landscape picture', () => {
    const rect = guideRect(1920, 1080, PAGE_ASPECT, 0.92);
    expect(rect.height).toBe(994);
    expect(rect.width).toBe(703);
    expect(rect.x).toBe(Math.round((1920 - 703) / 2));
    expect(rect.y).toBe(Math.round((1080 - 994) / 2));
  });

  it('is limited by the width in a portrait picture, and stays inside the frame', () => {
    const rect = guideRect(480, 1280, PAGE_ASPECT, 0.9);
    expect(rect.width).toBe(432);
    expect(rect.height).toBe(Math.round(432 / PAGE_ASPECT));
    expect(rect.x + rect.width).toBeLessThanOrEqual(480);
    expect(rect.y + rect.height).toBeLessThanOrEqual(1280);
  });
});

describe('fitting a document photo under the size limit', () => {
  it('scales down, never up', () => {
    expect(scaledSize(4000, 3000, 2000)).toEqual({ width: 2000, height: 1500 });
    expect(scaledSize(703, 994, 2000)).toEqual({ width: 703, height: 994 });
  });

  it('tries every quality at full size first, then smaller sizes down to the smallest readable one', () => {
    const attempts = encodeAttempts(2592, 3666);
    expect(attempts[0]).toEqual({ width: Math.round((2592 * DOCUMENT_LONG_SIDE) / 3666), height: 2000, quality: 0.85 });
    expect(attempts.slice(0, JPEG_QUALITIES.length).map((a) => a.quality)).toEqual([...JPEG_QUALITIES]);
    const last = attempts[attempts.length - 1]!;
    expect(Math.max(last.width, last.height)).toBe(SMALLEST_LONG_SIDE);
    expect(last.quality).toBe(JPEG_QUALITIES[JPEG_QUALITIES.length - 1]);
    // Sizes only go down.
    const sides = attempts.map((a) => Math.max(a.width, a.height));
    expect([...sides].sort((a, b) => b - a)).toEqual(sides);
  });

  it('a small picture is tried at its own size only', () => {
    expect(new Set(encodeAttempts(300, 400).map((a) => `${a.width}x${a.height}`))).toEqual(new Set(['300x400']));
  });

  // A fake encoder: bytes grow with pixels and quality, like JPEG does roughly.
  const fakeEncoder = (seen: EncodeAttempt[]) => async (attempt: EncodeAttempt) => {
    seen.push(attempt);
    return { size: Math.round(attempt.width * attempt.height * attempt.quality * 0.5) };
  };

  it('keeps the first attempt when it is small enough', async () => {
    const seen: EncodeAttempt[] = [];
    const result = await encodeUnder(1_000_000, 703, 994, fakeEncoder(seen));
    expect(result?.tries).toBe(1);
    expect(result?.attempt).toEqual({ width: 703, height: 994, quality: 0.85 });
  });

  it('lowers the quality, then the size, until it fits', async () => {
    const seen: EncodeAttempt[] = [];
    const limit = 120_000;
    const result = await encodeUnder(limit, 1414, 2000, fakeEncoder(seen));
    expect(result).not.toBeNull();
    expect(result!.blob.size).toBeLessThanOrEqual(limit);
    // Every attempt before the last was too large.
    for (const attempt of seen.slice(0, -1)) {
      expect(attempt.width * attempt.height * attempt.quality * 0.5).toBeGreaterThan(limit);
    }
    expect(result!.attempt.width).toBeLessThan(1414);
  });

  it('gives up (null) when even the smallest attempt is too large, or the encoder gives nothing', async () => {
    expect(await encodeUnder(10, 1414, 2000, fakeEncoder([]))).toBeNull();
    expect(await encodeUnder(1_000_000, 1414, 2000, async () => null)).toBeNull();
  });
});
