import { describe, expect, it } from 'vitest';
import { columnName, toXlsx } from '../../hub/staff/xlsx.ts';
import { readZipPart } from '../helpers/zip.ts';

describe('Excel export', () => {
  it('names columns as spreadsheets do', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('writes a zip any reader opens, with escaped text, no control characters and a bold header', () => {
    const workbook = toXlsx(
      '办件',
      ['申请人', '事实'],
      [
        ['陈阿婆', 'a < b & "c" > d\u0001\u0007\tend'],
        ['=1+1', null],
      ],
    );
    const sheet = readZipPart(workbook, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain('<c r="A1" t="inlineStr" s="1"><is><t xml:space="preserve">申请人</t></is></c>');
    expect(sheet).toContain('<t xml:space="preserve">a &lt; b &amp; &quot;c&quot; &gt; d\tend</t>');
    expect(sheet).toContain('<c r="A3" t="inlineStr"><is><t xml:space="preserve">=1+1</t></is></c>');
    expect(sheet).toContain('<c r="B3" t="inlineStr"><is><t xml:space="preserve"></t></is></c>');
    expect(readZipPart(workbook, 'xl/workbook.xml')).toContain('<sheet name="办件" sheetId="1" r:id="rId1"/>');
    // The same table gives the same bytes (fixed dates inside the zip).
    expect(toXlsx('办件', ['a'], [['b']]).equals(toXlsx('办件', ['a'], [['b']]))).toBe(true);
  });
});
