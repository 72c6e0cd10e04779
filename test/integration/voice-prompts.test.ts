// Building the shipped voice prompts with the real espeak-ng and opusenc, and the kiosk speaking from them: Ogg
// Opus files named by their key, a rebuild that makes nothing already made and removes what is no longer
// wanted, and a kiosk with no espeak-ng at all that still says its prompts, in Mandarin, Cantonese and English,
// slower in 长辈版, and stays quiet (no error) for a text nobody built.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVoicePrompts, promptsToBuild } from '../../scripts/build-voice-prompts.ts';
import { shippedPrompts } from '../../core/voice/shipped-prompts.ts';
import { espeakSynthesizer, firstThatSpeaks } from '../../core/voice/speech.ts';
import { loadConfig } from '../../core/config/config.ts';
import { KioskService } from '../../core/kiosk-service.ts';
import { CatalogueStore } from '../../core/catalogue/store.ts';
import { openDatabase } from '../../core/db/database.ts';
import { translate } from '../../renderer/src/i18n.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('voice-build-');

/** A kiosk whose only voice is the prompts in `dir`: espeak-ng is not there. */
function kioskSpeakingFrom(dir: string, voice: Record<string, unknown> = {}) {
  const problems: string[] = [];
  const service = new KioskService({
    config: loadConfig({ rootDir: ROOT_DIR, overrides: { voice } }),
    catalogue: new CatalogueStore(openDatabase(path.join(tempDir(), 'catalogue.sqlite'))),
    appVersion: 'test',
    shell: 'browser',
    log: silentLogger(),
    speech: firstThatSpeaks(
      shippedPrompts(dir, (problem) => problems.push(problem)),
      espeakSynthesizer('/nonexistent/espeak-ng'),
    ),
  });
  return { service, problems };
}

describe('the voice prompts shipped with the app', () => {
  it('are built as Ogg Opus, rebuilt only where changed, and spoken by a kiosk without espeak-ng', async () => {
    const dir = tempDir();
    const prompts = promptsToBuild(150, ['voice.home', 'voice.takeCard']);
    const first = await buildVoicePrompts(dir, prompts);
    expect(first).toMatchObject({ built: 12, kept: 0, removed: 0 });
    const files = readdirSync(dir).filter((name) => name.endsWith('.opus'));
    expect(files.sort()).toEqual(prompts.map((prompt) => `${prompt.key}.opus`).sort());
    for (const name of files) {
      const data = readFileSync(path.join(dir, name));
      expect(data.subarray(0, 4).toString('latin1')).toBe('OggS');
      expect(data.includes(Buffer.from('OpusHead'))).toBe(true);
    }
    expect(first.bytes).toBeGreaterThan(12 * 2_000);

    // Again: nothing to make. With one prompt fewer: its files go, and the manifest no longer lists them.
    expect(await buildVoicePrompts(dir, prompts)).toMatchObject({ built: 0, kept: 12, removed: 0 });
    const fewer = promptsToBuild(150, ['voice.home']);
    expect(await buildVoicePrompts(dir, fewer)).toMatchObject({ built: 0, kept: 6, removed: 6 });
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')).prompts)).toHaveLength(6);

    const home = translate('zh-CN', 'voice.home');
    const { service, problems } = kioskSpeakingFrom(dir);
    const normal = await service.synthesizeSpeech({ text: home, language: 'zh-CN' });
    expect(normal?.contentType).toBe('audio/ogg');
    const slow = await service.synthesizeSpeech({ text: home, language: 'zh-CN', slow: true });
    // The slower prompt is longer: more Opus pages for the same words.
    expect(Buffer.from(slow!.dataBase64, 'base64').length).toBeGreaterThan(
      Buffer.from(normal!.dataBase64, 'base64').length * 1.1,
    );
    const cantonese = await kioskSpeakingFrom(dir, { chinese: 'cantonese' }).service.synthesizeSpeech({
      text: home,
      language: 'zh-CN',
    });
    expect(cantonese?.contentType).toBe('audio/ogg');
    expect(cantonese!.dataBase64).not.toBe(normal!.dataBase64);
    const english = await service.synthesizeSpeech({ text: translate('en', 'voice.home'), language: 'en' });
    expect(english?.contentType).toBe('audio/ogg');
    // Built for another rate, or never built: nothing, quietly, since no espeak-ng can make it here.
    expect(
      await kioskSpeakingFrom(dir, { wordsPerMinute: 170 }).service.synthesizeSpeech({ text: home, language: 'zh-CN' }),
    ).toBeNull();
    expect(
      await service.synthesizeSpeech({ text: translate('zh-CN', 'voice.takeCard'), language: 'zh-CN' }),
    ).toBeNull();
    expect(problems).toEqual([]);
  });

  it('are not half-built without espeak-ng or opusenc: the build fails plainly and lists nothing', async () => {
    const prompts = promptsToBuild(150, ['voice.home']);
    const noEncoder = tempDir();
    await expect(buildVoicePrompts(noEncoder, prompts, { opusenc: '/nonexistent/opusenc' })).rejects.toThrow(
      'opusenc is not installed (apt install opus-tools)',
    );
    expect(readdirSync(noEncoder)).not.toContain('manifest.json');
    const noEspeak = tempDir();
    await expect(
      buildVoicePrompts(noEspeak, prompts, { espeak: espeakSynthesizer('/nonexistent/espeak-ng') }),
    ).rejects.toThrow('espeak-ng is not installed (apt install espeak-ng)');
    expect(readdirSync(noEspeak)).toEqual([]);
  });
});
