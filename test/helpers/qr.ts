// Reads a QR code back from a picture, as a phone would: a PNG (a screenshot of an element, or a rendered
// receipt) decoded with jsQR. Returns the payload, or null when no code can be read.
import jsQRModule from 'jsqr';
import sharp from 'sharp';

// jsqr is CommonJS with a `default` export; under NodeNext TypeScript sees the function one level down.
const jsQR = jsQRModule.default;

export async function decodeQrPng(png: Buffer): Promise<string | null> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ?? null;
}
