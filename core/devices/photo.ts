// Turns a decoded ID card photo (24-bit RGB from a PhotoDecoder) into a data: URL the renderer can show.
// BMP because it needs no compression library and the image is tiny (102 × 126).

export interface RgbImage {
  width: number;
  height: number;
  /** Row-major, top row first, 3 bytes (R, G, B) per pixel. */
  rgb: Buffer;
}

export function rgbToBmp(image: RgbImage): Buffer {
  const { width, height, rgb } = image;
  if (rgb.length !== width * height * 3) throw new Error(`expected ${width * height * 3} RGB bytes, got ${rgb.length}`);
  const rowBytes = Math.ceil((width * 3) / 4) * 4; // rows are padded to 4 bytes
  const pixelBytes = rowBytes * height;
  const out = Buffer.alloc(54 + pixelBytes);
  out.write('BM', 0, 'ascii');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10); // pixel data offset
  out.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22); // positive: bottom row first
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(pixelBytes, 34);
  for (let y = 0; y < height; y++) {
    const rowStart = 54 + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 3;
      const to = rowStart + x * 3;
      out[to] = rgb[from + 2]!; // BMP stores B, G, R
      out[to + 1] = rgb[from + 1]!;
      out[to + 2] = rgb[from]!;
    }
  }
  return out;
}

export function rgbToDataUrl(image: RgbImage): string {
  return `data:image/bmp;base64,${rgbToBmp(image).toString('base64')}`;
}
