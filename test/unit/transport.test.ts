import { describe, expect, it } from 'vitest';
import { tokenFromHash } from '../../renderer/src/api/transport.ts';

describe('renderer transport', () => {
  it('reads the launch token from the URL fragment', () => {
    expect(tokenFromHash('#token=abcdefghijklmnop_-123')).toBe('abcdefghijklmnop_-123');
    expect(tokenFromHash('#lang=en&token=abcdefghijklmnop')).toBe('abcdefghijklmnop');
  });

  it('ignores a missing, short or strange token', () => {
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=short')).toBeNull();
    expect(tokenFromHash('#token=abcdefghijklmnop<script>')).toBeNull();
  });
});
