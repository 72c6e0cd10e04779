// The helps a villager can turn on or ask for on any screen: elder mode (长辈版: larger everything, stronger
// contrast, slower speech), 高对比 (black on white, heavy outlines) and the voice (each screen speaks its prompt when it opens; 帮助 speaks and shows
// what the screen is for). Screens say what to speak with useScreenVoice. Both are reset when a session ends.
import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KioskClient } from './api/client.ts';
import { useI18n, type Language, type MessageKey } from './i18n.ts';
import { createSpeaker, SILENT, type VoiceSettings } from './voice/speaker.ts';

export interface ScreenVoice {
  /** Said when the screen opens: what to do here, in one sentence. */
  prompt: string;
  /** Said and shown when 帮助 is pressed: what the screen is for and how to go on. */
  help: string;
}

export interface Assist {
  elder: boolean;
  setElder: (on: boolean) => void;
  /** 高对比: black on white, heavy outlines, no tints (for weak or clouded eyesight). */
  contrast: boolean;
  setContrast: (on: boolean) => void;
  /** Speaks text now (in the screen's language, slower in elder mode). */
  speak: (text: string) => void;
  /** The screen now showing announces itself (see useScreenVoice). */
  setScreenVoice: (voice: ScreenVoice) => void;
}

export const AssistContext = createContext<Assist>({
  elder: false,
  setElder: () => undefined,
  contrast: false,
  setContrast: () => undefined,
  speak: () => undefined,
  setScreenVoice: () => undefined,
});

export function useAssist(): Assist {
  return useContext(AssistContext);
}

/**
 * Makes this screen's prompt and help the current ones, and speaks the prompt, whenever they (or the language)
 * change. `params` fill in the prompt's and help's placeholders.
 */
export function useScreenVoice(prompt: MessageKey, help: MessageKey, params: Record<string, string | number> = {}) {
  const { t } = useI18n();
  const { setScreenVoice } = useAssist();
  const promptText = t(prompt, params);
  const helpText = t(help, params);
  useEffect(() => {
    setScreenVoice({ prompt: promptText, help: helpText });
  }, [promptText, helpText, setScreenVoice]);
}

/** The app's side of Assist: holds elder mode, the voice settings and the current screen's prompt and help. */
export function useAssistState(client: KioskClient, language: Language) {
  const [elder, setElder] = useState(false);
  const [contrast, setContrast] = useState(false);
  const [settings, setSettings] = useState<VoiceSettings | null>(null);
  const [screenVoice, setScreenVoiceState] = useState<ScreenVoice | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);

  useEffect(() => {
    client.call('getDeviceSettings', {}).then(
      (device) => setSettings(device.voice),
      () => setSettings(null),
    );
  }, [client]);

  const speaker = useMemo(() => (settings ? createSpeaker(client, settings) : SILENT), [client, settings]);
  useEffect(() => () => speaker.stop(), [speaker]);
  // The first screen opened before the settings arrived: say its prompt once the voice is ready.
  const firstPrompt = screenVoice?.prompt;
  const spokeFirst = useRef(false);
  useEffect(() => {
    if (speaker === SILENT || spokeFirst.current || !firstPrompt) return;
    spokeFirst.current = true;
    speaker.speak(firstPrompt, language, elder);
  }, [speaker, firstPrompt, language, elder]);

  // Read through refs so the callbacks below stay the same across renders (screens depend on them).
  const now = useRef({ speaker, language, elder });
  useLayoutEffect(() => {
    now.current = { speaker, language, elder };
  });
  const speak = useCallback((text: string) => {
    const { speaker: current, language: spoken, elder: slow } = now.current;
    current.speak(text, spoken, slow);
  }, []);
  const setScreenVoice = useCallback(
    (voice: ScreenVoice) => {
      setScreenVoiceState(voice);
      setHelpOpen(false);
      speak(voice.prompt);
    },
    [speak],
  );

  const assist = useMemo<Assist>(
    () => ({ elder, setElder, contrast, setContrast, speak, setScreenVoice }),
    [elder, contrast, speak, setScreenVoice],
  );
  const helpText = screenVoice?.help ?? null;
  const openHelp = useCallback(() => {
    setHelpOpen(true);
    if (helpText) speak(helpText);
  }, [helpText, speak]);
  const closeHelp = useCallback(() => {
    setHelpOpen(false);
    now.current.speaker.stop();
  }, []);
  /** A session ended: standard size and colours, nothing being said. */
  const reset = useCallback(() => {
    setElder(false);
    setContrast(false);
    setHelpOpen(false);
    now.current.speaker.stop();
  }, []);
  return {
    assist,
    /** The current screen's help, shown while 帮助 is open; null when closed. */
    help: helpOpen ? helpText : null,
    openHelp,
    closeHelp,
    reset,
  };
}
