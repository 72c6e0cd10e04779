// The 256-byte text block of a second-generation card (UCS-2 little-endian, space padded) in its four layouts
// (DOMAIN.md §1), parsed into a typed record. Field widths below are in characters (bytes / 2).
import { citizenIdProblem } from './citizen-id.ts';
import { nationName } from './nations.ts';
import { chinaDay } from '../china-time.ts';

export const TEXT_BYTES = 256;
export const PHOTO_BYTES = 1024;
const TYPE_INDEX = 124; // byte offset 248

export type CardType = 'resident' | 'hkMacauTaiwanResidence' | 'foreignPermanentOld' | 'foreignPermanent';
export type Sex = 'male' | 'female' | 'unknown';

export interface IdCardRecord {
  cardType: CardType;
  chineseName: string;
  /** Foreign permanent resident cards only. */
  englishName: string | null;
  sex: Sex;
  /** GB 3304 code and name (resident cards); null on the other cards. */
  nationCode: string | null;
  nation: string | null;
  /** ISO 3166 alpha-3 nationality (foreign permanent resident cards). */
  nationality: string | null;
  /** YYYY-MM-DD */
  birthDate: string;
  address: string | null;
  /** The ID number (resident, J, Y) or the permit number (old foreign card). */
  documentNumber: string;
  /** Hong Kong / Macau / Taiwan pass number and issue count ('J' cards). */
  passNumber: string | null;
  issueCount: number | null;
  issuingAuthority: string | null;
  /** YYYY-MM-DD */
  validFrom: string;
  /** YYYY-MM-DD, or null for 长期 (no expiry). */
  validTo: string | null;
  expired: boolean;
  /** Raw WLT photo bytes; decoding needs a vendor library (see PhotoDecoder). */
  photo: Buffer;
}

/** Turns the reader's 1024-byte WLT photo into an image; none ships, the UI shows a placeholder without one. */
export interface PhotoDecoder {
  decode(wlt: Buffer): Promise<{ width: number; height: number; rgb: Buffer }>;
}

export type CardTextErrorCode = 'IDCARD_TEXT_MALFORMED' | 'IDCARD_ID_NUMBER_INVALID';
export type CardTextResult =
  { ok: true; record: IdCardRecord } | { ok: false; code: CardTextErrorCode; message: string };

/** Splits `text` into fields of the given character widths, trimming the space padding. */
function fields(text: string, widths: number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const width of widths) {
    // Some readers pad with NUL instead of spaces.
    out.push(
      text
        .slice(at, at + width)
        .replaceAll('\u0000', ' ')
        .trim(),
    );
    at += width;
  }
  return out;
}

function sexOf(code: string): Sex {
  return code === '1' ? 'male' : code === '2' ? 'female' : 'unknown';
}

class Malformed extends Error {}

function date(value: string, field: string): string {
  if (!/^\d{8}$/.test(value)) throw new Malformed(`${field} is not a YYYYMMDD date`);
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

function expiry(value: string): string | null {
  return value === '长期' ? null : date(value, 'valid to');
}

type ForeignFields = Record<
  'chinese' | 'english' | 'sex' | 'nationality' | 'birth' | 'id' | 'from' | 'to' | 'authority',
  string | undefined
>;

/** The record of either foreign permanent resident card; they differ only in layout. */
function foreignRecord(cardType: CardType, f: ForeignFields): Omit<IdCardRecord, 'expired' | 'photo'> {
  return {
    cardType,
    chineseName: f.chinese ?? '',
    englishName: f.english ?? '',
    sex: sexOf(f.sex ?? ''),
    nationCode: null,
    nation: null,
    nationality: f.nationality ?? '',
    birthDate: date(f.birth ?? '', 'birth date'),
    address: null,
    documentNumber: f.id ?? '',
    passNumber: null,
    issueCount: null,
    // The old card carries the issuing office as a code (e.g. 4400), the 2023 card carries none.
    issuingAuthority: f.authority || null,
    validFrom: date(f.from ?? '', 'valid from'),
    validTo: expiry(f.to ?? ''),
  };
}

export function parseCardText(textBytes: Buffer, photo: Buffer, now: Date = new Date()): CardTextResult {
  if (textBytes.length !== TEXT_BYTES) {
    return {
      ok: false,
      code: 'IDCARD_TEXT_MALFORMED',
      message: `text block is ${textBytes.length} bytes, not ${TEXT_BYTES}`,
    };
  }
  const text = textBytes.toString('utf16le');
  const typeChar = text[TYPE_INDEX] ?? ' ';
  let record: Omit<IdCardRecord, 'expired' | 'photo'>;
  try {
    if (typeChar === 'I') {
      const [english, sex, permit, nationality, chinese, from, to, birth, , authority] = fields(
        text,
        [60, 1, 15, 3, 15, 8, 8, 8, 2, 4],
      );
      record = foreignRecord('foreignPermanentOld', {
        chinese,
        english,
        sex,
        nationality,
        birth,
        id: permit,
        from,
        to,
        authority,
      });
    } else if (typeChar === 'Y') {
      const [chinese, sex, , birth, english1, id, , from, to, english2, nationality] = fields(
        text,
        [15, 1, 2, 8, 35, 18, 15, 8, 8, 11, 3],
      );
      const english = `${english1}${english2}`.trim();
      record = foreignRecord('foreignPermanent', {
        chinese,
        english,
        sex,
        nationality,
        birth,
        id,
        from,
        to,
        authority: '',
      });
    } else if (typeChar === 'J' || typeChar === ' ' || typeChar === '\u0000') {
      const [name, sex, nation, birth, address, id, authority, from, to, pass, count] = fields(
        text,
        [15, 1, 2, 8, 35, 18, 15, 8, 8, 9, 2],
      );
      const resident = typeChar !== 'J';
      if (resident && nationName(nation!) === null)
        throw new Malformed(`nation code ${JSON.stringify(nation)} is not in GB 3304`);
      record = {
        cardType: resident ? 'resident' : 'hkMacauTaiwanResidence',
        chineseName: name!,
        englishName: null,
        sex: sexOf(sex!),
        nationCode: resident ? nation! : null,
        nation: resident ? nationName(nation!) : null,
        nationality: null,
        birthDate: date(birth!, 'birth date'),
        address: address!,
        documentNumber: id!,
        passNumber: resident ? null : pass!,
        issueCount: resident ? null : Number(count) || null,
        issuingAuthority: authority!,
        validFrom: date(from!, 'valid from'),
        validTo: expiry(to!),
      };
    } else {
      throw new Malformed(`unknown card type ${JSON.stringify(typeChar)}`);
    }
  } catch (error) {
    if (error instanceof Malformed) return { ok: false, code: 'IDCARD_TEXT_MALFORMED', message: error.message };
    throw error;
  }
  if (!record.chineseName && !record.englishName) {
    return { ok: false, code: 'IDCARD_TEXT_MALFORMED', message: 'the card carries no name' };
  }
  if (record.cardType !== 'foreignPermanentOld') {
    const problem = citizenIdProblem(record.documentNumber);
    if (problem !== null) {
      // The number itself stays out of the message: messages reach logs.
      return { ok: false, code: 'IDCARD_ID_NUMBER_INVALID', message: `ID number failed the GB 11643 ${problem} check` };
    }
  }
  return {
    ok: true,
    record: {
      ...record,
      expired: record.validTo !== null && record.validTo < chinaDay(now),
      photo: Buffer.from(photo),
    },
  };
}
