// Text for a Chinese ESC/POS printer: what the printer can print (GB18030 via iconv-lite), how many columns it
// takes and how it wraps. In Chinese mode (FS &) a one-byte code prints in font A (12 dots, 1 column) and a
// two-byte code in the 24×24 Chinese font (2 columns), whatever Unicode's East Asian Width calls the character:
// '·', '—', '“', 'é', '①' are "ambiguous" or narrow in Unicode but full width on the paper.
import iconv from 'iconv-lite';

/**
 * What replaces a character the printer cannot print: □ (U+25A1, GB2312 A1F5, in every Chinese printer font)
 * reads as "a character is missing here", where '?' could be taken for the villager's own punctuation.
 */
export const REPLACEMENT = '□';

/**
 * Which GB18030 four-byte characters the printer's font has. iconv-lite encodes every Unicode scalar value
 * (emoji included: 😀 → 94 39 FC 36) and only lone surrogates come out as '?'. But a GBK-only printer reads a
 * four-byte code as two garbage characters, and no printer font has emoji.
 * none: GBK printers, two-byte codes only · cjk (default): also the BMP ideographs GB18030 puts in four bytes
 * (Extension A, U+9FA6–U+9FFF), which GB18030-certified printers carry · all: send every four-byte code.
 */
export type FourByteGlyphs = 'none' | 'cjk' | 'all';

export type SubstitutionReason = 'unencodable' | 'fourByte' | 'control' | 'privateUse' | 'invisible';

export interface Substitution {
  codePoint: number;
  reason: SubstitutionReason;
  count: number;
}

export interface PrintableText {
  /** The text with every unprintable character replaced by REPLACEMENT (invisible ones removed). */
  text: string;
  substitutions: Substitution[];
}

// East Asian Width W and F ranges (Unicode 15, emoji ranges slightly merged), as [first, last] pairs.
// prettier-ignore
const WIDE = [
  0x1100, 0x115f, 0x231a, 0x231b, 0x2329, 0x232a, 0x23e9, 0x23ec, 0x23f0, 0x23f0, 0x23f3, 0x23f3, 0x25fd, 0x25fe,
  0x2614, 0x2615, 0x2648, 0x2653, 0x267f, 0x267f, 0x2693, 0x2693, 0x26a1, 0x26a1, 0x26aa, 0x26ab, 0x26bd, 0x26be,
  0x26c4, 0x26c5, 0x26ce, 0x26ce, 0x26d4, 0x26d4, 0x26ea, 0x26ea, 0x26f2, 0x26f3, 0x26f5, 0x26f5, 0x26fa, 0x26fa,
  0x26fd, 0x26fd, 0x2705, 0x2705, 0x270a, 0x270b, 0x2728, 0x2728, 0x274c, 0x274c, 0x274e, 0x274e, 0x2753, 0x2755,
  0x2757, 0x2757, 0x2795, 0x2797, 0x27b0, 0x27b0, 0x27bf, 0x27bf, 0x2b1b, 0x2b1c, 0x2b50, 0x2b50, 0x2b55, 0x2b55,
  0x2e80, 0x303e, 0x3041, 0x33ff, 0x3400, 0x4dbf, 0x4e00, 0xa4cf, 0xa960, 0xa97f, 0xac00, 0xd7a3, 0xf900, 0xfaff,
  0xfe10, 0xfe19, 0xfe30, 0xfe6f, 0xff00, 0xff60, 0xffe0, 0xffe6, 0x16fe0, 0x16fe4, 0x17000, 0x18cff,
  0x1aff0, 0x1b2ff, 0x1f004, 0x1f004, 0x1f0cf, 0x1f0cf, 0x1f18e, 0x1f18e, 0x1f191, 0x1f19a, 0x1f200, 0x1f265,
  0x1f300, 0x1f320, 0x1f32d, 0x1f335, 0x1f337, 0x1f37c, 0x1f37e, 0x1f393, 0x1f3a0, 0x1f3ca, 0x1f3cf, 0x1f3d3,
  0x1f3e0, 0x1f3f0, 0x1f3f4, 0x1f3f4, 0x1f3f8, 0x1f43e, 0x1f440, 0x1f440, 0x1f442, 0x1f4fc, 0x1f4ff, 0x1f53d,
  0x1f54b, 0x1f54e, 0x1f550, 0x1f567, 0x1f57a, 0x1f57a, 0x1f595, 0x1f596, 0x1f5a4, 0x1f5a4, 0x1f5fb, 0x1f64f,
  0x1f680, 0x1f6c5, 0x1f6cc, 0x1f6cc, 0x1f6d0, 0x1f6d2, 0x1f6d5, 0x1f6df, 0x1f6eb, 0x1f6ec, 0x1f6f4, 0x1f6fc,
  0x1f7e0, 0x1f7f0, 0x1f90c, 0x1f93a, 0x1f93c, 0x1f945, 0x1f947, 0x1f9ff, 0x1fa70, 0x1faff, 0x20000, 0x3fffd,
];

function isWide(cp: number): boolean {
  let low = 0;
  let high = WIDE.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (cp < WIDE[mid * 2]!) high = mid - 1;
    else if (cp > WIDE[mid * 2 + 1]!) low = mid + 1;
    else return true;
  }
  return false;
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const INVISIBLE = /^\p{Default_Ignorable_Code_Point}$/u;
const isControl = (cp: number) => cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
const isPrivateUse = (cp: number) => (cp >= 0xe000 && cp <= 0xf8ff) || cp >= 0xf0000;
const isCjkFourByte = (cp: number) => (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x9fa6 && cp <= 0x9fff);
// The common ideographs (U+4E00–U+9FA5) are all two-byte GB codes; skip iconv for them.
const isCommonHan = (cp: number) => cp >= 0x4e00 && cp <= 0x9fa5;

/** GB18030 code length of one code point: 1, 2 or 4, or 0 when iconv-lite cannot encode it (lone surrogates). */
export function gb18030Length(cp: number): number {
  if (cp < 0x80) return 1;
  if (isCommonHan(cp)) return 2;
  return info(cp).gbLength;
}

interface CharInfo {
  width: number;
  gbLength: number;
  /** Why the character cannot be printed whatever the font, or 'fourByte' / null. */
  reason: SubstitutionReason | null;
}

// Receipts reuse a few hundred characters; iconv and the Unicode property regexes run once for each.
const infos = new Map<number, CharInfo>();

function info(cp: number): CharInfo {
  let known = infos.get(cp);
  if (known) return known;
  const ch = String.fromCodePoint(cp);
  const bytes = iconv.encode(ch, 'gb18030');
  // iconv-lite writes '?' for what it cannot encode rather than throwing.
  const gbLength = bytes.length === 1 && bytes[0] === 0x3f && cp !== 0x3f ? 0 : bytes.length;
  const zeroWidth = isControl(cp) || ZERO_WIDTH.test(ch);
  known = {
    width: zeroWidth ? 0 : isWide(cp) || gbLength === 2 ? 2 : 1,
    gbLength,
    reason: isControl(cp)
      ? 'control'
      : INVISIBLE.test(ch)
        ? 'invisible'
        : isPrivateUse(cp)
          ? 'privateUse'
          : gbLength === 0
            ? 'unencodable'
            : gbLength === 4
              ? 'fourByte'
              : null,
  };
  infos.set(cp, known);
  return known;
}

/** Columns one code point takes on the paper (font A, no magnification). */
export function charWidth(cp: number): number {
  if (cp >= 0x20 && cp < 0x7f) return 1;
  if (isCommonHan(cp)) return 2;
  return info(cp).width;
}

/** Columns `text` takes on the paper, as printed (no wrapping, no substitution). '法律援助ABC' → 11. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0)!);
  return width;
}

function classify(cp: number, fourByte: FourByteGlyphs): SubstitutionReason | null {
  if ((cp >= 0x20 && cp < 0x7f) || isCommonHan(cp)) return null;
  const { reason } = info(cp);
  if (reason !== 'fourByte') return reason;
  return fourByte === 'all' || (fourByte === 'cjk' && isCjkFourByte(cp)) ? null : 'fourByte';
}

/**
 * Makes `text` safe to send: NFC (so 'e' + U+0301 becomes the GB2312 'é'), tabs become spaces, line breaks
 * (\n, \r\n, \r) stay, invisible format characters (zero-width space, variation selectors…) are removed, and
 * every other character the printer cannot print becomes REPLACEMENT. Control characters are replaced too: an
 * ESC or GS inside a villager's text would otherwise be taken for a printer command. Never throws.
 */
export function toPrintable(text: string, fourByte: FourByteGlyphs = 'cjk'): PrintableText {
  const counts = new Map<number, Substitution>();
  let out = '';
  for (const ch of text.normalize('NFC').replace(/\r\n?/g, '\n').replaceAll('\t', ' ')) {
    const cp = ch.codePointAt(0)!;
    const reason = ch === '\n' ? null : classify(cp, fourByte);
    if (reason === null) {
      out += ch;
      continue;
    }
    const seen = counts.get(cp);
    if (seen) seen.count++;
    else counts.set(cp, { codePoint: cp, reason, count: 1 });
    if (reason !== 'invisible') out += REPLACEMENT;
  }
  return { text: out, substitutions: [...counts.values()] };
}

/** GB18030 bytes of text already passed through toPrintable. */
export function encodeGb18030(printable: string): Buffer {
  return iconv.encode(printable, 'gb18030');
}

interface Token {
  text: string;
  width: number;
  kind: 'space' | 'word' | 'wide';
}

// Chinese line-breaking rules (禁则), kept short: these never start a line…
const NO_LINE_START = new Set('，。、；：？！）》」』】〕〉”’…—·%,.;:?!)]}'.split(''));
// …and these never end one.
const NO_LINE_END = new Set('（《「『【〔〈“‘([{'.split(''));

/** Spaces, runs of narrow characters (Latin words) and single wide characters; zero-width ones stick to the left. */
function tokenize(paragraph: string): Token[] {
  const tokens: Token[] = [];
  for (const ch of paragraph) {
    const width = charWidth(ch.codePointAt(0)!);
    const last = tokens[tokens.length - 1];
    const kind = ch === ' ' ? 'space' : width === 2 ? 'wide' : 'word';
    if (last && (width === 0 || (kind !== 'wide' && last.kind === kind))) {
      last.text += ch;
      last.width += width;
    } else {
      tokens.push({ text: ch, width, kind: width === 0 ? 'word' : kind });
    }
  }
  return tokens;
}

/** Cuts a word too long for any line into pieces of at most `columns` columns. */
function hardBreak(word: Token, columns: number): Token[] {
  const pieces: Token[] = [];
  let piece: Token = { text: '', width: 0, kind: 'word' };
  for (const ch of word.text) {
    const width = charWidth(ch.codePointAt(0)!);
    if (piece.width + width > columns && piece.width > 0) {
      pieces.push(piece);
      piece = { text: '', width: 0, kind: 'word' };
    }
    piece.text += ch;
    piece.width += width;
  }
  pieces.push(piece);
  return pieces;
}

const lineText = (line: Token[]) => line.map((token) => token.text).join('');
const lineWidth = (line: Token[]) => line.reduce((sum, token) => sum + token.width, 0);

function wrapParagraph(paragraph: string, columns: number): string[] {
  const lines: Token[][] = [];
  let line: Token[] = [];
  let width = 0;
  const flush = () => {
    while (line[line.length - 1]?.kind === 'space') line.pop();
    lines.push(line);
    line = [];
    width = 0;
  };
  for (const token of tokenize(paragraph)) {
    if (width + token.width <= columns) {
      // A wrapped line does not start with the space it was broken at.
      if (!(token.kind === 'space' && line.length === 0 && lines.length > 0)) {
        line.push(token);
        width += token.width;
      }
      continue;
    }
    if (token.kind === 'space') {
      flush();
      continue;
    }
    // Keep a closing mark with the character before it, and an opening one with the character after it.
    const carry: Token[] = [];
    if (NO_LINE_START.has(token.text) && line.length > 1 && line[line.length - 1]!.kind !== 'space') {
      carry.unshift(line.pop()!);
    }
    while (line.length > 1 && NO_LINE_END.has(line[line.length - 1]!.text)) carry.unshift(line.pop()!);
    if (line.length > 0) flush();
    line = carry;
    width = lineWidth(carry);
    if (token.width > columns) {
      if (line.length > 0) flush();
      const pieces = hardBreak(token, columns);
      for (const piece of pieces.slice(0, -1)) lines.push([piece]);
      line = [pieces[pieces.length - 1]!];
    } else {
      if (width + token.width > columns) flush();
      line.push(token);
    }
    width = lineWidth(line);
  }
  flush();
  return lines.map(lineText);
}

/**
 * Wraps `text` into lines of at most `columns` columns at `widthMultiplier` (GS ! width 2 halves the columns).
 * Breaks between CJK characters, at spaces between Latin words, and inside a word only when the word alone is
 * wider than a line. Nothing is ever dropped except the spaces a line is broken at; explicit line breaks stay
 * (an empty line stays an empty line). A single character wider than the line gets a line of its own.
 */
export function wrapText(text: string, columns: number, widthMultiplier = 1): string[] {
  const usable = Math.max(1, Math.floor(columns / widthMultiplier));
  return text.split('\n').flatMap((paragraph) => (paragraph === '' ? [''] : wrapParagraph(paragraph, usable)));
}
