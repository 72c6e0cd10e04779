// Fictional cards of every type for the simulator, the CLI and the tests. The people do not exist; the ID
// numbers carry correct GB 11643 check characters except where a card is there to be wrong.
import { PHOTO_BYTES } from '../card-text.ts';
import { foreignCardText, oldForeignCardText, residencePermitText, residentCardText } from '../card-text-writer.ts';
import type { SimulatedCard } from './reader-model.ts';

/** A recognisable stand-in for WLT photo bytes (not a real image: no open WLT decoder exists). */
function samplePhoto(seed: number): Buffer {
  const photo = Buffer.alloc(PHOTO_BYTES);
  for (let i = 0; i < photo.length; i++) photo[i] = (i * 31 + seed) & 0xff;
  return photo;
}

export const SAMPLE_CARDS = {
  /** An elderly villager; her card never expires (长期). */
  elder: {
    text: residentCardText({
      name: '陈阿婆',
      sex: '2',
      nation: '01',
      birth: '19480315',
      address: '广东省湛江市徐闻县下桥镇示范村委会东村12号',
      id: '440825194803150020',
      authority: '徐闻县公安局',
      from: '20080315',
      to: '长期',
    }),
    photo: samplePhoto(1),
  },
  resident: {
    text: residentCardText({
      name: '林志强',
      sex: '1',
      nation: '01',
      birth: '19850620',
      address: '广东省湛江市徐闻县徐城街道东方社区3巷8号',
      id: '440825198506200034',
      authority: '徐闻县公安局',
      from: '20160701',
      to: '20360701',
    }),
    photo: samplePhoto(2),
  },
  expired: {
    text: residentCardText({
      name: '黄小明',
      sex: '1',
      nation: '08',
      birth: '19900101',
      address: '广东省湛江市徐闻县曲界镇新村45号',
      id: '440825199001010053',
      authority: '徐闻县公安局',
      from: '20100315',
      to: '20200315',
    }),
    photo: samplePhoto(3),
  },
  /** The last character is wrong: the parser must refuse it. */
  badCheckDigit: {
    text: residentCardText({
      name: '吴建国',
      sex: '1',
      nation: '01',
      birth: '19700101',
      address: '广东省湛江市徐闻县锦和镇南村7号',
      id: '440825197001010031',
      authority: '徐闻县公安局',
      from: '20150101',
      to: '20350101',
    }),
    photo: samplePhoto(4),
  },
  hkMacauTaiwan: {
    text: residencePermitText({
      name: '陈家明',
      sex: '1',
      birth: '19880808',
      address: '广东省湛江市徐闻县徐城街道海港路2号',
      id: '810000198808080013',
      authority: '湛江市公安局',
      from: '20200101',
      to: '20300101',
      pass: 'H12345678',
      issueCount: '01',
    }),
    photo: samplePhoto(5),
  },
  foreignOld: {
    text: oldForeignCardText({
      chineseName: '史密斯',
      englishName: 'SMITH, JOHN',
      sex: '1',
      birth: '19700101',
      id: 'USA440075010101',
      nationality: 'USA',
      from: '20150101',
      to: '20350101',
      authorityCode: '4400',
    }),
    photo: samplePhoto(6),
  },
  foreign: {
    text: foreignCardText({
      chineseName: '加西亚',
      englishName: 'GARCIA LOPEZ, MARIA',
      sex: '2',
      birth: '19750520',
      id: '933156197505200025',
      nationality: 'ESP',
      from: '20240101',
      to: '20340101',
      renewals: '00',
    }),
    photo: samplePhoto(7),
  },
} as const satisfies Record<string, SimulatedCard>;

export type SampleCardName = keyof typeof SAMPLE_CARDS;

export function isSampleCardName(name: string): name is SampleCardName {
  return Object.hasOwn(SAMPLE_CARDS, name);
}
