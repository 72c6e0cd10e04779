// The configured ID card photo decoder: a module of the kiosk's own (devices.idcard.photoDecoder) whose default
// export is a PhotoDecoder, usually a thin wrapper around the reader vendor's WLT library, which cannot ship with
// the kiosk. It is loaded at the first photo, so a kiosk starts even when the library is slow to load; a module
// that is missing or has no decode function makes every photo the placeholder, with the reason in the log.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PhotoDecoder } from '../../drivers/idcard/card-text.ts';

export class PhotoDecoderModuleError extends Error {}

/** Resolves `spec` against the project folder; throws PhotoDecoderModuleError when there is no such file. */
export function photoDecoderModule(spec: string, rootDir: string): PhotoDecoder {
  const file = path.resolve(rootDir, spec);
  if (!existsSync(file)) throw new PhotoDecoderModuleError(`the photo decoder module ${file} does not exist`);
  let loaded: Promise<PhotoDecoder> | null = null;
  const load = async (): Promise<PhotoDecoder> => {
    const exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
    if (typeof (exported as Partial<PhotoDecoder> | undefined)?.decode !== 'function') {
      throw new PhotoDecoderModuleError(`${file} does not export a photo decoder (export default { decode(wlt) })`);
    }
    return exported as PhotoDecoder;
  };
  return {
    async decode(wlt) {
      loaded ??= load();
      return (await loaded).decode(wlt);
    },
  };
}
