// Spoken prompts for screens whose browser has no voice for the language (Chromium on Linux usually has none):
// the back end synthesises them with espeak-ng (Mandarin "cmn", Cantonese "yue", English) into WAV. Prompts
// repeat, so the last few are kept in memory. Screens never send personal data to be spoken.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';

export type SpeechVoice = 'cmn' | 'yue' | 'en';

const ESPEAK = process.env.KIOSK_ESPEAK ?? 'espeak-ng';
const CACHE_ENTRIES = 100;
const TIMEOUT_MS = 10_000;

/** Audio the renderer plays from a blob: WAV from espeak-ng, Ogg Opus from the prompts shipped with the app. */
export interface SpokenAudio {
  contentType: 'audio/wav' | 'audio/ogg';
  data: Buffer;
}

export interface SpeechSynthesizer {
  /** `text` spoken in `voice` at `wordsPerMinute`, or null when this synthesiser cannot say it. */
  synthesize(text: string, voice: SpeechVoice, wordsPerMinute: number): Promise<SpokenAudio | null>;
}

/** The espeak-ng voice for the screen's language and the site's spoken Chinese. */
export function speechVoice(language: 'zh-CN' | 'en', chinese: 'mandarin' | 'cantonese'): SpeechVoice {
  return language === 'en' ? 'en' : chinese === 'cantonese' ? 'yue' : 'cmn';
}

/** Words per minute: 长辈版 speaks a fifth slower. */
export function speechRate(wordsPerMinute: number, slow: boolean): number {
  return slow ? Math.round(wordsPerMinute * 0.8) : wordsPerMinute;
}

/** What identifies one spoken prompt: the cache's key here, and the shipped prompts' file name. */
export function promptKey(text: string, voice: SpeechVoice, wordsPerMinute: number): string {
  return createHash('sha256').update(`${voice}|${wordsPerMinute}|${text}`).digest('hex');
}

/** The first of these that can say the text: shipped prompts before espeak-ng, say. */
export function firstThatSpeaks(...synthesizers: SpeechSynthesizer[]): SpeechSynthesizer {
  return {
    async synthesize(text, voice, wordsPerMinute) {
      for (const synthesizer of synthesizers) {
        const audio = await synthesizer.synthesize(text, voice, wordsPerMinute);
        if (audio) return audio;
      }
      return null;
    },
  };
}

export function espeakSynthesizer(command = ESPEAK): SpeechSynthesizer {
  const cache = new Map<string, SpokenAudio>();
  let missing = false;
  return {
    async synthesize(text, voice, wordsPerMinute) {
      if (missing) return null;
      const key = promptKey(text, voice, wordsPerMinute);
      const cached = cache.get(key);
      if (cached) {
        // Most recently used last, so the oldest is dropped first.
        cache.delete(key);
        cache.set(key, cached);
        return cached;
      }
      let wav: Buffer;
      try {
        wav = await new Promise<Buffer>((resolve, reject) =>
          execFile(
            command,
            ['-v', voice, '-s', String(wordsPerMinute), '--stdout', '--', text],
            { encoding: 'buffer', timeout: TIMEOUT_MS, maxBuffer: 20_000_000 },
            (error, stdout) => (error ? reject(error) : resolve(stdout)),
          ),
        );
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          missing = true;
          return null;
        }
        throw error;
      }
      fixWavSizes(wav);
      const audio: SpokenAudio = { contentType: 'audio/wav', data: wav };
      cache.set(key, audio);
      if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
      return audio;
    },
  };
}

/**
 * espeak-ng writes to a pipe before it knows the length, so its header claims ~2 GB; players that trust the
 * header wait for audio that never comes. Sets the RIFF and data sizes to what is really there.
 */
export function fixWavSizes(wav: Buffer): void {
  if (wav.length < 44 || wav.toString('latin1', 0, 4) !== 'RIFF') return;
  wav.writeUInt32LE(wav.length - 8, 4);
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('latin1', offset, offset + 4);
    if (id === 'data') {
      wav.writeUInt32LE(wav.length - offset - 8, offset + 4);
      return;
    }
    offset += 8 + wav.readUInt32LE(offset + 4);
  }
}
