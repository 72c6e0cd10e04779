// Spoken prompts from the back end with the real espeak-ng: a WAV in Mandarin, Cantonese or English, slower
// for elder mode, the same audio again from memory, nothing when the voice is switched off in the config, and
// null (not an error) on a machine without espeak-ng.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/config.ts';
import { espeakSynthesizer } from '../../core/voice/speech.ts';
import { KioskService } from '../../core/kiosk-service.ts';
import { CatalogueStore } from '../../core/catalogue/store.ts';
import { openDatabase } from '../../core/db/database.ts';
import { ROOT_DIR } from '../helpers/paths.ts';
import { silentLogger } from '../helpers/silent-log.ts';
import { useTempDir } from '../helpers/temp.ts';

const tempDir = useTempDir('speech-');

/** Seconds of audio in a PCM WAV. */
function seconds(wav: Buffer): number {
  const byteRate = wav.readUInt32LE(28);
  return (wav.length - 44) / byteRate;
}

function serviceWith(voice: Record<string, unknown>, speech = espeakSynthesizer()) {
  const config = loadConfig({ rootDir: ROOT_DIR, overrides: { voice } });
  const catalogue = new CatalogueStore(openDatabase(path.join(tempDir(), 'catalogue.sqlite')));
  return new KioskService({
    config,
    catalogue,
    appVersion: 'test',
    shell: 'browser',
    log: silentLogger(),
    speech,
  });
}

describe('spoken prompts', () => {
  it('synthesises Mandarin, Cantonese and English WAV, slower when asked, and says the settings', async () => {
    const mandarin = serviceWith({});
    const text = '请将身份证放在读卡区';
    const normal = await mandarin.synthesizeSpeech({ text, language: 'zh-CN' });
    expect(normal?.contentType).toBe('audio/wav');
    const wav = Buffer.from(normal!.dataBase64, 'base64');
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    expect(wav.subarray(8, 12).toString()).toBe('WAVE');
    // The sizes in the header are the real ones (espeak-ng writes ~2 GB when it writes to a pipe).
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    const slow = Buffer.from(
      (await mandarin.synthesizeSpeech({ text, language: 'zh-CN', slow: true }))!.dataBase64,
      'base64',
    );
    expect(seconds(slow)).toBeGreaterThan(seconds(wav) * 1.1);
    const cantonese = await serviceWith({ chinese: 'cantonese' }).synthesizeSpeech({ text, language: 'zh-CN' });
    expect(cantonese!.dataBase64).not.toBe(normal!.dataBase64);
    const english = await mandarin.synthesizeSpeech({
      text: 'Please place your ID card on the reader',
      language: 'en',
    });
    expect(Buffer.from(english!.dataBase64, 'base64').subarray(0, 4).toString()).toBe('RIFF');
    expect((await mandarin.getDeviceSettings()).voice).toEqual({
      enabled: true,
      volume: 0.9,
      chinese: 'mandarin',
      wordsPerMinute: 150,
    });
  });

  it('gives the same prompt again from memory, nothing when the voice is off, and null without espeak-ng', async () => {
    let runs = 0;
    const real = espeakSynthesizer();
    const counting = {
      synthesize: (...args: Parameters<typeof real.synthesize>) => {
        runs++;
        return real.synthesize(...args);
      },
    };
    const synthesizer = espeakSynthesizer();
    const first = await synthesizer.synthesize('您好', 'cmn', 150);
    expect(await synthesizer.synthesize('您好', 'cmn', 150)).toBe(first);
    expect(
      await serviceWith({ enabled: false }, counting).synthesizeSpeech({ text: '您好', language: 'zh-CN' }),
    ).toBeNull();
    expect(runs).toBe(0);
    const missing = espeakSynthesizer('/nonexistent/espeak-ng');
    expect(await missing.synthesize('您好', 'cmn', 150)).toBeNull();
  });
});
