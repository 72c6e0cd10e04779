// The prompts shipped with the app: which texts are made ahead of time (every fixed screen prompt and help text,
// in both languages, the countdown for each of its seconds, nothing that names catalogue content), how the
// kiosk finds one by voice, rate and text, and what it does with a manifest or file that is not right: says
// so, and leaves the prompt to the next synthesiser.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { promptsToBuild, promptTexts } from '../../scripts/build-voice-prompts.ts';
import { shippedPrompts } from '../../core/voice/shipped-prompts.ts';
import { firstThatSpeaks, promptKey, type SpeechSynthesizer } from '../../core/voice/speech.ts';
import { MESSAGE_KEYS, translate } from '../../renderer/src/i18n.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('voice-prompts-');
const OGG = Buffer.from('OggS fake prompt');

function promptsDir(manifest: unknown, files: Record<string, Buffer> = {}): string {
  const dir = tempDir();
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
  return dir;
}

const espeakStandIn: SpeechSynthesizer = {
  synthesize: async (text) => ({ contentType: 'audio/wav', data: Buffer.from(`RIFF ${text}`) }),
};

describe('which prompts are made ahead of time', () => {
  it('takes every fixed voice and help text in both languages, the countdown at each second, and no catalogue text', () => {
    for (const language of ['zh-CN', 'en'] as const) {
      const texts = promptTexts(language);
      for (const key of MESSAGE_KEYS.filter((name) => /^(voice|help)\./.test(name))) {
        const template = translate(language, key);
        if (!template.includes('{')) expect(texts, key).toContain(template);
      }
      expect(texts).toContain(translate(language, 'voice.idle', { seconds: 15 }));
      expect(texts).toContain(translate(language, 'voice.idleLeft', { seconds: 5 }));
      expect(texts).toContain(translate(language, 'voice.idleLeft', { seconds: 10 }));
      expect(texts.filter((text) => text.includes('{'))).toEqual([]);
      expect(texts).not.toContain(translate(language, 'home.prompt'));
    }
  });

  it('makes each Chinese text in Mandarin and Cantonese and each English one in English, at both rates', () => {
    const prompts = promptsToBuild(150, ['voice.home']);
    expect(prompts.map(({ voice, wordsPerMinute }) => `${voice} ${wordsPerMinute}`)).toEqual([
      'cmn 150',
      'cmn 120',
      'yue 150',
      'yue 120',
      'en 150',
      'en 120',
    ]);
    const home = translate('zh-CN', 'voice.home');
    expect(prompts[0]).toEqual({ key: promptKey(home, 'cmn', 150), text: home, voice: 'cmn', wordsPerMinute: 150 });
    expect(new Set(prompts.map((prompt) => prompt.key)).size).toBe(6);
  });
});

describe('the shipped prompts at the kiosk', () => {
  const text = '您好';
  const key = promptKey(text, 'cmn', 150);

  it('gives the shipped file for its voice, rate and text only, and leaves the rest to espeak-ng', async () => {
    const dir = promptsDir({ format: 1, prompts: { [key]: `${key}.opus` } }, { [`${key}.opus`]: OGG });
    const problems: string[] = [];
    const shipped = shippedPrompts(dir, (problem) => problems.push(problem));
    expect(await shipped.synthesize(text, 'cmn', 150)).toEqual({ contentType: 'audio/ogg', data: OGG });
    expect(await shipped.synthesize(text, 'cmn', 120)).toBeNull();
    expect(await shipped.synthesize(text, 'yue', 150)).toBeNull();
    const speech = firstThatSpeaks(shipped, espeakStandIn);
    expect((await speech.synthesize(text, 'cmn', 150))?.contentType).toBe('audio/ogg');
    expect(await speech.synthesize('请取走您的身份证', 'cmn', 150)).toEqual({
      contentType: 'audio/wav',
      data: Buffer.from('RIFF 请取走您的身份证'),
    });
    expect(problems).toEqual([]);
  });

  it('says nothing of a kiosk with no prompts built, and speaks through espeak-ng', async () => {
    const problems: string[] = [];
    const speech = firstThatSpeaks(
      shippedPrompts(path.join(tempDir(), 'none'), (problem) => problems.push(problem)),
      espeakStandIn,
    );
    expect((await speech.synthesize(text, 'cmn', 150))?.contentType).toBe('audio/wav');
    expect(problems).toEqual([]);
  });

  it('reports a manifest that is not JSON, or points outside its folder, and uses none of it', async () => {
    for (const manifest of [
      '{"format": 1, "prompts": ',
      { format: 1, prompts: { [key]: '../../etc/passwd' } },
      { format: 2, prompts: {} },
    ]) {
      const problems: string[] = [];
      const shipped = shippedPrompts(promptsDir(manifest), (problem) => problems.push(problem));
      expect(await shipped.synthesize(text, 'cmn', 150)).toBeNull();
      expect(problems).toEqual([expect.stringMatching(/voice prompts in .* are unusable \(manifest\.json: /)]);
    }
  });

  it('reports a listed file that is gone, once, and lets espeak-ng say it', async () => {
    const problems: string[] = [];
    const dir = promptsDir({ format: 1, prompts: { [key]: `${key}.opus` } });
    const speech = firstThatSpeaks(
      shippedPrompts(dir, (problem) => problems.push(problem)),
      espeakStandIn,
    );
    expect((await speech.synthesize(text, 'cmn', 150))?.contentType).toBe('audio/wav');
    expect((await speech.synthesize(text, 'cmn', 150))?.contentType).toBe('audio/wav');
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`voice prompt ${key}\\.opus is listed but unreadable`)),
    ]);
  });
});
