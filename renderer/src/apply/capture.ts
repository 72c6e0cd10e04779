// Taking a still from the live camera with a canvas. Pixels go from the <video> to a canvas to a JPEG Blob in
// memory and nowhere else: no storage, no download, no console. Canvases are emptied after use.
import {
  encodeUnder,
  FACE_ASPECT,
  FACE_FILL,
  guideRect,
  PAGE_ASPECT,
  PAGE_FILL,
  scaledSize,
  type Rect,
} from './camera.ts';

export interface Shot {
  blob: Blob;
  width: number;
  height: number;
  quality: number;
}

/** A face photo is shown once and deleted; this is enough to see that it is the villager. */
const FACE_LONG_SIDE = 480;
const FACE_QUALITY = 0.8;

function canvasOf(width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d canvas');
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  return context;
}

function jpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

/** Frees a canvas's pixels now rather than whenever it is collected. */
function empty(...canvases: HTMLCanvasElement[]): void {
  for (const canvas of canvases) {
    canvas.width = 0;
    canvas.height = 0;
  }
}

function frameSize(video: HTMLVideoElement): { width: number; height: number } | null {
  const { videoWidth: width, videoHeight: height } = video;
  return width > 0 && height > 0 ? { width, height } : null;
}

/** Copies one region of the current frame at full resolution, so every later step works on the same still. */
function still(video: HTMLVideoElement, crop: Rect, mirror = false): HTMLCanvasElement {
  const canvas = canvasOf(crop.width, crop.height);
  const draw = context(canvas);
  if (mirror) {
    draw.translate(crop.width, 0);
    draw.scale(-1, 1);
  }
  draw.drawImage(video, crop.x, crop.y, crop.width, crop.height, 0, 0, crop.width, crop.height);
  return canvas;
}

/**
 * A document page: the part of the frame inside the A4 guide, scaled down and compressed until it is at most
 * `maxBytes`. Null when there is no frame or it cannot be made small enough.
 */
export async function captureDocument(video: HTMLVideoElement, maxBytes: number): Promise<Shot | null> {
  const frame = frameSize(video);
  if (!frame) return null;
  const source = still(video, guideRect(frame.width, frame.height, PAGE_ASPECT, PAGE_FILL));
  const output = canvasOf(0, 0);
  try {
    const encoded = await encodeUnder(maxBytes, source.width, source.height, ({ width, height, quality }) => {
      if (output.width !== width || output.height !== height) {
        output.width = width;
        output.height = height;
        context(output).drawImage(source, 0, 0, width, height);
      }
      return jpeg(output, quality);
    });
    return encoded && { blob: encoded.blob, ...encoded.attempt };
  } finally {
    empty(source, output);
  }
}

/** The face: only the oval's bounding box, mirrored as the villager saw it, small. */
export async function captureFace(video: HTMLVideoElement): Promise<Shot | null> {
  const frame = frameSize(video);
  if (!frame) return null;
  const source = still(video, guideRect(frame.width, frame.height, FACE_ASPECT, FACE_FILL), true);
  const size = scaledSize(source.width, source.height, FACE_LONG_SIDE);
  const output = canvasOf(size.width, size.height);
  try {
    context(output).drawImage(source, 0, 0, size.width, size.height);
    const blob = await jpeg(output, FACE_QUALITY);
    return blob && { blob, ...size, quality: FACE_QUALITY };
  } finally {
    empty(source, output);
  }
}
