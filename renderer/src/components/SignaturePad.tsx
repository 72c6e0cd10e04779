import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n.ts';

export interface SignaturePadProps {
  /** Called with the signature as PNG after each stroke, or null once cleared. */
  onChange: (signature: Blob | null) => void;
  label: string;
}

const WIDTH = 900;
const HEIGHT = 300;

/**
 * A box to sign in with a finger: strokes follow the pointer (touch, pen or mouse), 重写 clears. The picture
 * lives in this canvas and in memory only until the application is stored.
 */
export function SignaturePad({ onChange, label }: SignaturePadProps) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [signed, setSigned] = useState(false);

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.lineWidth = 6;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.strokeStyle = '#000000';
  }, []);

  /** The pointer's position in the canvas's own pixels (the box may be drawn larger or smaller, or zoomed). */
  const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return {
      x: ((event.clientX - box.left) / box.width) * WIDTH,
      y: ((event.clientY - box.top) / box.height) * HEIGHT,
    };
  };

  const finishStroke = () => {
    if (!drawing.current) return;
    drawing.current = false;
    setSigned(true);
    canvas.current?.toBlob((blob) => onChange(blob), 'image/png');
  };

  const clear = () => {
    const context = canvas.current?.getContext('2d');
    context?.clearRect(0, 0, WIDTH, HEIGHT);
    setSigned(false);
    onChange(null);
  };

  return (
    <div className="signature">
      <canvas
        ref={canvas}
        className="signature-pad"
        data-testid="signature-pad"
        data-signed={signed || undefined}
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={label}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          const context = canvas.current?.getContext('2d');
          const { x, y } = point(event);
          context?.beginPath();
          context?.moveTo(x, y);
          // A dot for a tap, so even a single touch leaves a mark.
          context?.lineTo(x + 0.5, y + 0.5);
          context?.stroke();
          drawing.current = true;
        }}
        onPointerMove={(event) => {
          if (!drawing.current) return;
          const context = canvas.current?.getContext('2d');
          const { x, y } = point(event);
          context?.lineTo(x, y);
          context?.stroke();
        }}
        onPointerUp={finishStroke}
        onPointerCancel={finishStroke}
      />
      <button type="button" className="button" data-testid="signature-clear" disabled={!signed} onClick={clear}>
        {t('sign.clear')}
      </button>
    </div>
  );
}
