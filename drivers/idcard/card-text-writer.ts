// Writes the card text block from field values: the reader simulator and tests use it to make cards.
import { TEXT_BYTES } from './card-text.ts';

/** Lays out `[value, width]` pairs (widths in characters), space padded, as UCS-2 LE; 128 characters in all. */
export function writeCardText(fields: [string, number][]): Buffer {
  let text = '';
  for (const [value, width] of fields) {
    if (value.length > width) throw new Error(`field ${JSON.stringify(value)} is wider than ${width}`);
    text += value.padEnd(width, ' ');
  }
  if (text.length * 2 !== TEXT_BYTES) throw new Error(`layout is ${text.length} characters, not ${TEXT_BYTES / 2}`);
  return Buffer.from(text, 'utf16le');
}

export interface ResidentCardFields {
  name: string;
  sex: '1' | '2' | '0' | '9';
  nation: string;
  birth: string;
  address: string;
  id: string;
  authority: string;
  from: string;
  to: string;
}

/** The fields resident cards and 'J' residence permits share, in order. */
function mainlandFields(card: Omit<ResidentCardFields, 'nation'>, nation: string): [string, number][] {
  return [
    [card.name, 15],
    [card.sex, 1],
    [nation, 2],
    [card.birth, 8],
    [card.address, 35],
    [card.id, 18],
    [card.authority, 15],
    [card.from, 8],
    [card.to, 8],
  ];
}

export function residentCardText(card: ResidentCardFields): Buffer {
  return writeCardText([...mainlandFields(card, card.nation), ['', 18]]);
}

export function residencePermitText(
  card: Omit<ResidentCardFields, 'nation'> & { pass: string; issueCount: string },
): Buffer {
  return writeCardText([...mainlandFields(card, ''), [card.pass, 9], [card.issueCount, 2], ['', 3], ['J', 1], ['', 3]]);
}

export interface ForeignCardFields {
  chineseName: string;
  englishName: string;
  sex: '1' | '2';
  birth: string;
  id: string;
  nationality: string;
  from: string;
  to: string;
}

export function oldForeignCardText(card: ForeignCardFields & { authorityCode: string }): Buffer {
  return writeCardText([
    [card.englishName, 60],
    [card.sex, 1],
    [card.id, 15],
    [card.nationality, 3],
    [card.chineseName, 15],
    [card.from, 8],
    [card.to, 8],
    [card.birth, 8],
    ['01', 2],
    [card.authorityCode, 4],
    ['I', 1],
    ['', 3],
  ]);
}

export function foreignCardText(card: ForeignCardFields & { renewals: string }): Buffer {
  return writeCardText([
    [card.chineseName, 15],
    [card.sex, 1],
    [card.renewals, 2],
    [card.birth, 8],
    [card.englishName.slice(0, 35), 35],
    [card.id, 18],
    ['', 15],
    [card.from, 8],
    [card.to, 8],
    [card.englishName.slice(35), 11],
    [card.nationality, 3],
    ['Y', 1],
    ['', 3],
  ]);
}
