import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redact, REDACTED } from '../../core/log.ts';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
  };
}

describe('log redaction', () => {
  it('removes personal fields, ID numbers and phone numbers from what is written', () => {
    const out = capture();
    const log = createLogger({ destination: out.stream });
    log.info(
      {
        citizen: { name: '张三', idNumber: '11010519491231002X', address: '徐闻县某村', phone: '13800138000' },
        note: '身份证 34052419800101001X 电话 13912345678',
        photo: Buffer.from([1, 2, 3]),
        count: 3,
      },
      'card read for 11010519491231002X, call 13800138000',
    );
    const [line] = out.lines();
    const text = JSON.stringify(line);
    for (const secret of [
      '张三',
      '11010519491231002X',
      '34052419800101001X',
      '徐闻县某村',
      '13800138000',
      '13912345678',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(line).toMatchObject({
      citizen: { name: REDACTED, idNumber: REDACTED, address: REDACTED, phone: REDACTED },
      photo: REDACTED,
      count: 3,
      msg: `card read for ${REDACTED}, call ${REDACTED}`,
    });
  });

  it('keeps error type, code and message, with personal data masked', () => {
    const error = Object.assign(new Error('bad number 11010519491231002X'), { code: 'IDCARD_CHECK_DIGIT' });
    expect(redact({ err: error })).toMatchObject({
      err: { type: 'Error', code: 'IDCARD_CHECK_DIGIT', message: `bad number ${REDACTED}` },
    });
    const stack = (redact({ err: error }) as { err: { stack: string } }).err.stack;
    expect(stack).not.toContain('11010519491231002X');
  });

  it('leaves ordinary numbers alone', () => {
    expect(redact({ version: 20261122, port: 8080, acceptance: 'XW-20261122-0001' })).toEqual({
      version: 20261122,
      port: 8080,
      acceptance: 'XW-20261122-0001',
    });
  });
});
