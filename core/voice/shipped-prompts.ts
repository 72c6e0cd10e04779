// Screen prompts spoken ahead of time, at build time (scripts/build-voice-prompts.ts), and shipped with the app
// as Ogg Opus: a kiosk without espeak-ng (Windows) still speaks every screen, and one with it starts no process
// for the prompts it says most. Looked up by the same key the build used (voice, rate, text); anything not
// shipped (catalogue text, a site's own rate) is left to the next synthesiser.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { promptKey, type SpeechSynthesizer } from './speech.ts';

export const PROMPTS_MANIFEST = 'manifest.json';

/** Only plain file names inside the folder: a tampered manifest cannot point anywhere else. */
const promptFile = z.string().regex(/^[0-9a-f]{64}\.opus$/);

export const promptManifestSchema = z.object({
  format: z.literal(1),
  /** promptKey(text, voice, rate) → file name in the same folder. */
  prompts: z.record(z.string().regex(/^[0-9a-f]{64}$/), promptFile),
});
export type PromptManifest = z.infer<typeof promptManifestSchema>;

/**
 * The prompts in `dir`. A missing folder means none were built (a developer's checkout); a manifest that does not
 * parse, or a listed file that is gone, is reported through `onProblem` once and that prompt left to the next
 * synthesiser, so the kiosk still speaks.
 */
export function shippedPrompts(dir: string, onProblem: (message: string) => void = () => undefined): SpeechSynthesizer {
  let prompts: PromptManifest['prompts'];
  try {
    prompts = promptManifestSchema.parse(JSON.parse(readFileSync(path.join(dir, PROMPTS_MANIFEST), 'utf8'))).prompts;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      onProblem(
        `voice prompts in ${dir} are unusable (${PROMPTS_MANIFEST}: ${(error as Error).message.slice(0, 200)})`,
      );
    }
    prompts = {};
  }
  const reported = new Set<string>();
  return {
    async synthesize(text, voice, wordsPerMinute) {
      const file = prompts[promptKey(text, voice, wordsPerMinute)];
      if (file === undefined) return null;
      try {
        return { contentType: 'audio/ogg', data: await readFile(path.join(dir, file)) };
      } catch (error) {
        if (!reported.has(file)) {
          reported.add(file);
          onProblem(`voice prompt ${file} is listed but unreadable: ${(error as Error).message}`);
        }
        return null;
      }
    },
  };
}
