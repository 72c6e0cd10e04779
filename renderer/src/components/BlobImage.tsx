import { useCallback } from 'react';

export interface BlobImageProps {
  blob: Blob;
  alt: string;
  className?: string;
}

/**
 * An image held in memory. Its blob: URL exists only while the image is on screen: it is revoked when the image
 * unmounts (leaving the step, Home, the idle timeout), so a photo is unreachable as soon as it is gone.
 */
export function BlobImage({ blob, alt, className }: BlobImageProps) {
  const attach = useCallback(
    (image: HTMLImageElement | null) => {
      if (!image) return;
      const url = URL.createObjectURL(blob);
      image.src = url;
      return () => {
        image.removeAttribute('src');
        URL.revokeObjectURL(url);
      };
    },
    [blob],
  );
  return <img ref={attach} className={className} alt={alt} draggable={false} />;
}
