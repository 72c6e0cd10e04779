// The pinyin input method of the on-screen keyboard: letters typed → the characters they may stand for. Built
// once from the 3,755 common characters (GB2312 level 1) and pinyin-pro's readings (every reading of a
// polyphonic character counts), with the characters names and addresses use most put first, since those are
// what villagers type at a kiosk.
import iconv from 'iconv-lite';
import { pinyin } from 'pinyin-pro';

/** Common surnames, then characters of addresses and everyday words, in the order candidates should show them. */
const PREFERRED =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤' +
  '省市县区镇乡村街道路号栋楼室组队委会东西南北中新大小上下' +
  '广湛徐闻州海山河水田林华明国英秀芳丽梅兰玉珍红平建军伟强文德永福生春金荣' +
  '的是不了在人有我他这个们到说和要就出也得你会对着没多还去过然后能都好工钱元月年日时';

function commonCharacters(): string {
  const bytes: number[] = [];
  for (let high = 0xb0; high <= 0xd7; high++) {
    for (let low = 0xa1; low <= 0xfe; low++) {
      if (high === 0xd7 && low > 0xf9) break; // level 1 ends at D7F9
      bytes.push(high, low);
    }
  }
  return iconv.decode(Buffer.from(bytes), 'gb2312');
}

let index: Map<string, string[]> | null = null;
let prefixes: Set<string> | null = null;

/** syllable (no tone, ü as v) → characters, preferred ones first. Built on first use. */
function candidatesIndex(): Map<string, string[]> {
  if (index) return index;
  const built = new Map<string, string[]>();
  const characters = [...new Set([...PREFERRED, ...commonCharacters()])];
  for (const character of characters) {
    const readings = pinyin(character, { toneType: 'none', multiple: true, type: 'array', v: true });
    for (const reading of new Set(readings.map((syllable) => syllable.toLowerCase()))) {
      if (!/^[a-z]+$/.test(reading)) continue;
      const list = built.get(reading) ?? [];
      list.push(character);
      built.set(reading, list);
    }
  }
  index = built;
  prefixes = new Set(
    [...built.keys()].flatMap((syllable) => [...syllable].map((_, end) => syllable.slice(0, end + 1))),
  );
  return built;
}

/** Whether letters read as whole syllables, the last one perhaps still being typed ("guo", "gu", "g"). */
function readsAsSyllables(
  letters: string,
  syllables: Map<string, string[]>,
  known = new Map<string, boolean>(),
): boolean {
  if (letters === '' || prefixes?.has(letters)) return true;
  const answer = known.get(letters);
  if (answer !== undefined) return answer;
  let reads = false;
  for (let length = Math.min(MAX_SYLLABLE, letters.length); length > 0 && !reads; length--) {
    reads = syllables.has(letters.slice(0, length)) && readsAsSyllables(letters.slice(length), syllables, known);
  }
  // Remembered per call: without it, rubbish after many syllables would be tried every way.
  known.set(letters, reads);
  return reads;
}

export interface PinyinLookup {
  /** The syllable the candidates are for (the longest one the letters start with), or null for none. */
  syllable: string | null;
  /** The letters after that syllable, typed on. */
  rest: string;
  candidates: string[];
}

const MAX_SYLLABLE = 6;

/**
 * The characters for the first syllable of `letters` ("chenxiuying" → 陈, 晨, … for "chen", rest "xiuying").
 * A lone initial or an unfinished syllable ("zh", "xiu" while typing) offers the characters of every syllable it
 * begins, so a villager sees candidates from the first letter.
 */
export function pinyinCandidates(letters: string, limit = 60): PinyinLookup {
  const typed = letters.toLowerCase().replace(/[^a-z]/g, '');
  const syllables = candidatesIndex();
  // The longest whole syllable whose rest still reads as pinyin wins: "xian" is 先 before it is 西+安, but
  // "jianguo" is 建+国, since jiang would leave "uo". When no split reads, the longest syllable is taken anyway.
  for (const restMustRead of [true, false]) {
    for (let length = Math.min(MAX_SYLLABLE, typed.length); length > 0; length--) {
      const syllable = typed.slice(0, length);
      const found = syllables.get(syllable);
      if (found && (!restMustRead || readsAsSyllables(typed.slice(length), syllables))) {
        return { syllable, rest: typed.slice(length), candidates: found.slice(0, limit) };
      }
    }
  }
  if (typed === '') return { syllable: null, rest: '', candidates: [] };
  // Not a syllable yet: everything that starts with what was typed, preferred characters first.
  const prefix = typed.slice(0, MAX_SYLLABLE);
  const merged: string[] = [];
  for (const [syllable, characters] of syllables) {
    if (syllable.startsWith(prefix)) merged.push(...characters);
  }
  const rank = (character: string) => {
    const preferred = PREFERRED.indexOf(character);
    return preferred === -1 ? PREFERRED.length : preferred;
  };
  const unique = [...new Set(merged)].sort((a, b) => rank(a) - rank(b));
  return {
    syllable: unique.length > 0 ? prefix : null,
    rest: typed.slice(prefix.length),
    candidates: unique.slice(0, limit),
  };
}
