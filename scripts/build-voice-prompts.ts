// Speaks every screen prompt and help text ahead of time with espeak-ng and compresses it to Ogg Opus
// (opusenc), into dist/voice-prompts with a manifest the kiosk looks prompts up in (core/voice/shipped-prompts.ts).
// Each is made for every voice the screen language may use (Mandarin and Cantonese; English) at the configured
// rate and at 长辈版's slower one. Files are named by their content key, so a rebuild only makes what changed.
// Usage: npx tsx scripts/build-voice-prompts.ts [--out DIR] [--wpm N] [--keys voice.home,help.home]
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../core/config/config.ts';
import {
  espeakSynthesizer,
  promptKey,
  speechRate,
  speechVoice,
  type SpeechSynthesizer,
  type SpeechVoice,
} from '../core/voice/speech.ts';
import { PROMPTS_MANIFEST, type PromptManifest } from '../core/voice/shipped-prompts.ts';
import { MESSAGE_KEYS, translate, type Language, type MessageKey } from '../renderer/src/i18n.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The countdown's seconds that the idle prompt may say (its warning is 15 s by default; sites may set more). */
const SPOKEN_SECONDS = [5, 10, 15, 20, 30, 45, 60];

/**
 * The texts a screen says that are known at build time: every `voice.*` prompt and `help.*` text, the countdown
 * for each of its seconds. Prompts naming catalogue content ({title}, {category}) are not: they are made on the
 * kiosk when said.
 */
export function promptTexts(language: Language, keys: readonly MessageKey[] = MESSAGE_KEYS): string[] {
  const texts = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith('voice.') && !key.startsWith('help.')) continue;
    const template = translate(language, key);
    const params = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    if (params.length === 0) texts.add(template);
    else if (params.every((name) => name === 'seconds')) {
      for (const seconds of SPOKEN_SECONDS) texts.add(translate(language, key, { seconds }));
    }
  }
  return [...texts];
}

export interface PromptToBuild {
  key: string;
  text: string;
  voice: SpeechVoice;
  wordsPerMinute: number;
}

/** Every (text, voice, rate) a kiosk at this rate may ask for. */
export function promptsToBuild(wordsPerMinute: number, keys?: readonly MessageKey[]): PromptToBuild[] {
  const prompts: PromptToBuild[] = [];
  const voices: [Language, SpeechVoice][] = [
    ['zh-CN', speechVoice('zh-CN', 'mandarin')],
    ['zh-CN', speechVoice('zh-CN', 'cantonese')],
    ['en', speechVoice('en', 'mandarin')],
  ];
  for (const [language, voice] of voices) {
    for (const text of promptTexts(language, keys)) {
      for (const slow of [false, true]) {
        const rate = speechRate(wordsPerMinute, slow);
        prompts.push({ key: promptKey(text, voice, rate), text, voice, wordsPerMinute: rate });
      }
    }
  }
  return prompts;
}

function toOpus(opusenc: string, wav: Buffer, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const encoder = execFile(opusenc, ['--quiet', '--speech', '--bitrate', '24', '-', file], (error) =>
      error ? reject(error) : resolve(),
    );
    encoder.stdin!.end(wav);
  });
}

export interface BuildResult {
  built: number;
  kept: number;
  removed: number;
  bytes: number;
}

/** Builds the prompts into `outDir`, two at a time; the manifest is written last, so a stopped build is unused. */
export async function buildVoicePrompts(
  outDir: string,
  prompts: readonly PromptToBuild[],
  { espeak = espeakSynthesizer(), opusenc = 'opusenc' }: { espeak?: SpeechSynthesizer; opusenc?: string } = {},
): Promise<BuildResult> {
  mkdirSync(outDir, { recursive: true });
  const manifest: PromptManifest = { format: 1, prompts: {} };
  let built = 0;
  let kept = 0;
  const queue = [...prompts];
  const work = async () => {
    for (let prompt = queue.shift(); prompt; prompt = queue.shift()) {
      const file = `${prompt.key}.opus`;
      const target = path.join(outDir, file);
      if (existsSync(target)) kept++;
      else {
        const audio = await espeak.synthesize(prompt.text, prompt.voice, prompt.wordsPerMinute);
        if (!audio) throw new Error('espeak-ng is not installed (apt install espeak-ng)');
        await toOpus(opusenc, audio.data, `${target}.part`).catch((error: NodeJS.ErrnoException) => {
          throw error.code === 'ENOENT' ? new Error('opusenc is not installed (apt install opus-tools)') : error;
        });
        renameSync(`${target}.part`, target);
        built++;
      }
      manifest.prompts[prompt.key] = file;
    }
  };
  await Promise.all([work(), work()]);
  const wanted = new Set(Object.values(manifest.prompts));
  let removed = 0;
  let bytes = 0;
  for (const name of readdirSync(outDir)) {
    if (name === PROMPTS_MANIFEST) continue;
    if (wanted.has(name)) bytes += statSync(path.join(outDir, name)).size;
    else {
      rmSync(path.join(outDir, name));
      removed++;
    }
  }
  const manifestFile = path.join(outDir, PROMPTS_MANIFEST);
  writeFileSync(`${manifestFile}.part`, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(`${manifestFile}.part`, manifestFile);
  return { built, kept, removed, bytes };
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

async function main(): Promise<void> {
  const outDir = path.resolve(option('--out') ?? path.join(ROOT, 'dist/voice-prompts'));
  const wordsPerMinute = Number(option('--wpm') ?? loadConfig({ rootDir: ROOT }).voice.wordsPerMinute);
  const keys = option('--keys')?.split(',') as MessageKey[] | undefined;
  const unknown = keys?.filter((key) => !MESSAGE_KEYS.includes(key)) ?? [];
  if (unknown.length > 0) throw new Error(`no such message: ${unknown.join(', ')}`);
  const started = Date.now();
  const prompts = promptsToBuild(wordsPerMinute, keys);
  const result = await buildVoicePrompts(outDir, prompts);
  console.log(
    `voice prompts: ${prompts.length} in ${path.relative(process.cwd(), outDir) || '.'} ` +
      `(${result.built} made, ${result.kept} kept, ${result.removed} removed; ` +
      `${(result.bytes / 1024 / 1024).toFixed(1)} MB; ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: Error) => {
    console.error(`build-voice-prompts: ${error.message}`);
    process.exit(1);
  });
}
