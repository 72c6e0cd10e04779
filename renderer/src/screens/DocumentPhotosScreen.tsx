import { useEffect, useState } from 'react';
import type { ServiceItem } from '../../../core/api/contract.ts';
import { MAX_DOCUMENT_PHOTOS, type CameraSettings, type DocumentPhoto } from '../apply/camera.ts';
import { captureDocument, type Shot } from '../apply/capture.ts';
import { BlobImage } from '../components/BlobImage.tsx';
import { CameraView } from '../components/CameraView.tsx';
import { FormField } from '../components/FormField.tsx';
import { useI18n } from '../i18n.ts';
import { useScreenVoice } from '../assist.ts';

export interface DocumentPhotosScreenProps {
  service: ServiceItem;
  /** null while the device settings are loading. */
  settings: CameraSettings | null;
  /** The photos taken so far; they live in the flow's memory only. */
  photos: readonly DocumentPhoto[];
  onAdd: (material: string, shot: Shot) => void;
  onDelete: (id: number) => void;
  /** On to the next step, with or without photos. */
  onDone: () => void;
}

type Mode =
  | { name: 'list'; lastMaterial: number | null }
  | { name: 'camera'; material: number }
  | { name: 'review'; material: number; shot: Shot };

/**
 * 材料拍照: the service's materials from the catalogue, each with a button to photograph it. A photo is taken
 * against an A4 frame, looked at, then retaken or used; used photos show as thumbnails that can be deleted.
 * Skipping is always offered. The camera runs only while its view is on screen.
 */
export function DocumentPhotosScreen({
  service,
  settings,
  photos,
  onAdd,
  onDelete,
  onDone,
}: DocumentPhotosScreenProps) {
  const { t } = useI18n();
  useScreenVoice('voice.documents', 'help.documents');
  const [mode, setMode] = useState<Mode>({ name: 'list', lastMaterial: null });
  const [busy, setBusy] = useState(false);
  const [captureFailed, setCaptureFailed] = useState(false);
  const materials = service.materials;
  const full = photos.length >= MAX_DOCUMENT_PHOTOS;

  useEffect(() => {
    // The camera and the shot are at the top; back on the list, the material just photographed is in view.
    if (mode.name !== 'list') window.scrollTo(0, 0);
    else if (mode.lastMaterial !== null) {
      document.getElementById(materialId(mode.lastMaterial))?.scrollIntoView({ block: 'center' });
    }
  }, [mode]);

  const take = async (material: number, video: HTMLVideoElement) => {
    setBusy(true);
    setCaptureFailed(false);
    try {
      const shot = await captureDocument(video, settings?.documentMaxBytes ?? 0);
      if (shot) setMode({ name: 'review', material, shot });
      else setCaptureFailed(true);
    } catch {
      setCaptureFailed(true);
    } finally {
      setBusy(false);
    }
  };

  const materialName = (index: number) => materials[index]?.name ?? '';

  if (mode.name === 'camera') {
    return (
      <section className="photos" data-testid="documents-screen" data-mode="camera" aria-labelledby="photos-title">
        <h2 id="photos-title" className="screen-heading">
          {t('documents.shootHeading', { material: materialName(mode.material) })}
        </h2>
        <CameraView
          role="document"
          settings={settings}
          captureLabel={t('documents.capture')}
          guideText={t('documents.guide')}
          busy={busy}
          onCapture={(video) => void take(mode.material, video)}
        />
        {captureFailed && (
          <p className="notice" role="alert" data-testid="capture-failed">
            <span className="notice-mark" aria-hidden="true">
              !
            </span>
            {t('documents.captureFailed')}
          </p>
        )}
        <div className="photo-actions">
          <button
            type="button"
            className="button button-large"
            data-testid="documents-back"
            onClick={() => setMode({ name: 'list', lastMaterial: mode.material })}
          >
            {t('documents.backToList')}
          </button>
          <button type="button" className="button button-large" data-testid="documents-skip" onClick={onDone}>
            {t(photos.length > 0 ? 'documents.nextWith' : 'documents.skip', { n: photos.length })}
          </button>
        </div>
      </section>
    );
  }

  if (mode.name === 'review') {
    const { shot } = mode;
    return (
      <section className="photos" data-testid="documents-screen" data-mode="review" aria-labelledby="photos-title">
        <h2 id="photos-title" className="screen-heading">
          {t('documents.reviewHeading')}
        </h2>
        <figure
          className="photo-review"
          data-testid="photo-review"
          data-bytes={shot.blob.size}
          data-width={shot.width}
          data-height={shot.height}
          data-quality={shot.quality}
        >
          <BlobImage blob={shot.blob} alt={t('documents.photoAlt', { material: materialName(mode.material) })} />
          <figcaption>{t('documents.reviewHint')}</figcaption>
        </figure>
        <div className="photo-actions">
          <button
            type="button"
            className="button button-large"
            data-testid="photo-retake"
            onClick={() => setMode({ name: 'camera', material: mode.material })}
          >
            <span aria-hidden="true">↻ </span>
            {t('documents.retake')}
          </button>
          <button
            type="button"
            className="button button-primary button-large"
            data-testid="photo-use"
            onClick={() => {
              onAdd(materialName(mode.material), shot);
              setMode({ name: 'list', lastMaterial: mode.material });
            }}
          >
            <span aria-hidden="true">✓ </span>
            {t('documents.use')}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="photos" data-testid="documents-screen" data-mode="list" aria-labelledby="photos-title">
      <h2 id="photos-title" className="screen-heading">
        {t('documents.heading')}
      </h2>
      <p className="notice notice-info">
        <span className="notice-mark" aria-hidden="true">
          i
        </span>
        {t('documents.intro')}
      </p>
      {materials.length === 0 && <p className="photos-none">{t('guide.material.noMaterials')}</p>}
      {full && (
        <p className="notice" role="status" data-testid="photos-full">
          <span className="notice-mark" aria-hidden="true">
            !
          </span>
          {t('documents.full', { n: MAX_DOCUMENT_PHOTOS })}
        </p>
      )}
      <ol className="photo-materials" data-testid="photo-materials">
        {materials.map((material, index) => {
          const own = photos.filter((photo) => photo.material === material.name);
          const detail = [
            t(material.required ? 'guide.material.required' : 'guide.material.optional'),
            material.originals > 0 ? t('guide.material.originals', { n: material.originals }) : null,
            material.copies > 0 ? t('guide.material.copies', { n: material.copies }) : null,
          ]
            .filter(Boolean)
            .join(' · ');
          return (
            <li key={material.name} className="photo-material" data-testid="photo-material" data-photos={own.length}>
              <FormField id={materialId(index)} label={material.name} hint={detail}>
                <div className="photo-material-body">
                  {own.length > 0 && (
                    <ul className="thumbs">
                      {own.map((photo, n) => (
                        <li
                          key={photo.id}
                          className="thumb"
                          data-testid="photo-thumb"
                          data-bytes={photo.blob.size}
                          data-width={photo.width}
                          data-height={photo.height}
                        >
                          <BlobImage
                            blob={photo.blob}
                            className="thumb-image"
                            alt={t('documents.thumbAlt', { material: material.name, n: n + 1 })}
                          />
                          <button
                            type="button"
                            className="button thumb-delete"
                            data-testid="photo-delete"
                            aria-label={t('documents.deleteLabel', { material: material.name, n: n + 1 })}
                            onClick={() => onDelete(photo.id)}
                          >
                            <span aria-hidden="true">✕ </span>
                            {t('documents.delete')}
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                  <button
                    id={materialId(index)}
                    type="button"
                    className="button button-large photo-take"
                    data-testid="photo-take"
                    aria-describedby={`${materialId(index)}-label ${materialId(index)}-hint`}
                    disabled={full}
                    onClick={() => {
                      setCaptureFailed(false);
                      setMode({ name: 'camera', material: index });
                    }}
                  >
                    <span aria-hidden="true">◉ </span>
                    {t(own.length > 0 ? 'documents.takeMore' : 'documents.take')}
                  </button>
                </div>
              </FormField>
            </li>
          );
        })}
      </ol>
      <div className="apply-bar">
        <p className="apply-bar-hint" data-testid="photo-count">
          {photos.length > 0 ? t('documents.count', { n: photos.length }) : t('documents.skipHint')}
        </p>
        <button
          type="button"
          className="button button-primary button-large"
          data-testid={photos.length > 0 ? 'documents-next' : 'documents-skip'}
          onClick={onDone}
        >
          {t(photos.length > 0 ? 'documents.next' : 'documents.skip')}
        </button>
      </div>
    </section>
  );
}

function materialId(index: number): string {
  return `material-${index}`;
}
