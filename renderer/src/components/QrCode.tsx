import QRCode from 'qrcode';
import { useMemo } from 'react';

/** The dark modules of a QR code as one SVG path, one 1×1 square per module, offset by the quiet zone. */
export function qrPath(payload: string, quietZone = 4): { size: number; d: string } {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const parts: string[] = [];
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (modules.get(row, column)) parts.push(`M${column + quietZone} ${row + quietZone}h1v1h-1z`);
    }
  }
  return { size: modules.size + quietZone * 2, d: parts.join('') };
}

export interface QrCodeProps {
  payload: string;
  /** Said to screen readers; the code itself is a picture of the payload. */
  label: string;
  testId?: string;
  className?: string;
}

/**
 * A QR code drawn as SVG (no canvas, no image URL), black on white with the quiet zone the standard asks for,
 * so a phone camera can read it off the screen.
 */
export function QrCode({ payload, label, testId, className }: QrCodeProps) {
  const { size, d } = useMemo(() => qrPath(payload), [payload]);
  return (
    <svg
      className={className ?? 'qr-code'}
      data-testid={testId}
      data-payload={payload}
      viewBox={`0 0 ${size} ${size}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
