// Speaks screen prompts: with the browser's own voice when it has one for the language (Windows and most
// Android-based kiosks do), else with audio the back end synthesises (espeak-ng). One prompt at a time: a new
// one stops the last, and audio that arrives after a newer prompt is dropped.
import type { DeviceSettings } from '../../../core/api/contract.ts';
import type { KioskClient } from '../api/client.ts';
import type { Language } from '../i18n.ts';

export type VoiceSettings = DeviceSettings['voice'];

export interface Speaker {
  /** Speaks `text` (prompts and catalogue text only, never personal data); `slow` in elder mode. */
  speak(text: string, language: Language, slow: boolean): void;
  stop(): void;
}

export const SILENT: Speaker = { speak: () => undefined, stop: () => undefined };

/** The language tags of a browser voice that fits: Cantonese villages want zh-HK, others zh-CN. */
function wantedTags(language: Language, settings: VoiceSettings): string[] {
  if (language === 'en') return ['en'];
  return settings.chinese === 'cantonese' ? ['zh-hk', 'yue'] : ['zh-cn', 'cmn', 'zh'];
}

function browserVoice(language: Language, settings: VoiceSettings): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  const voices = speechSynthesis.getVoices();
  for (const tag of wantedTags(language, settings)) {
    const voice = voices.find((candidate) => candidate.lang.toLowerCase().replace('_', '-').startsWith(tag));
    if (voice) return voice;
  }
  return null;
}

export function createSpeaker(client: KioskClient, settings: VoiceSettings): Speaker {
  if (!settings.enabled || settings.volume === 0) return SILENT;
  let audio: { element: HTMLAudioElement; url: string } | null = null;
  let latest = 0;

  const stop = () => {
    latest++;
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
    if (audio) {
      const { element, url } = audio;
      element.pause();
      element.removeAttribute('src');
      element.load();
      // Freed a little later: a media element still fetching a revoked URL logs a load error.
      setTimeout(() => URL.revokeObjectURL(url), 5000);
      audio = null;
    }
  };

  return {
    stop,
    speak(text, language, slow) {
      stop();
      const request = latest;
      const voice = browserVoice(language, settings);
      if (voice) {
        const utterance = new SpeechSynthesisUtterance(text);
        utterance.voice = voice;
        utterance.lang = voice.lang;
        utterance.volume = settings.volume;
        utterance.rate = (settings.wordsPerMinute / 150) * (slow ? 0.8 : 1);
        speechSynthesis.speak(utterance);
        return;
      }
      client.call('synthesizeSpeech', { text, language, slow }).then(
        (spoken) => {
          if (!spoken || request !== latest) return;
          // A blob: URL, which the page's Content Security Policy allows for media (data: it does not).
          const bytes = Uint8Array.from(atob(spoken.dataBase64), (char) => char.charCodeAt(0));
          const url = URL.createObjectURL(new Blob([bytes], { type: spoken.contentType }));
          const element = new Audio(url);
          element.volume = settings.volume;
          audio = { element, url };
          // A kiosk whose browser still blocks sound before the first touch stays silent until then.
          element.play().catch(() => undefined);
        },
        // No voice is no reason to bother anyone: the words are on the screen.
        () => undefined,
      );
    },
  };
}
