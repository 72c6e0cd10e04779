// The search screen's pure parts: the on-screen keyboard's edits, and searching as one types (a pause before
// asking, and no older answer ever replacing a newer one).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchHit } from '../../core/api/contract.ts';
import { ApiError } from '../../renderer/src/api/client.ts';
import { applyKey, MAX_QUERY_LENGTH, normaliseQuery } from '../../renderer/src/search/keyboard.ts';
import { createSearchRunner, type SearchState } from '../../renderer/src/search/search-runner.ts';

function hit(title: string): SearchHit {
  return {
    service: { id: title, categoryId: 'c', title, summary: '', kioskSupported: false, onlineAvailable: false },
    matchedOn: 'title',
  };
}

describe('on-screen pinyin keyboard', () => {
  it('appends letters, one space at most, and deletes whole characters', () => {
    let query = '';
    for (const letter of 'fl') query = applyKey(query, { kind: 'letter', letter });
    expect(query).toBe('fl');
    expect(applyKey('', { kind: 'space' })).toBe('');
    expect(applyKey('fa', { kind: 'space' })).toBe('fa ');
    expect(applyKey('fa ', { kind: 'space' })).toBe('fa ');
    expect(applyKey('flyz', { kind: 'backspace' })).toBe('fly');
    expect(applyKey('讨薪', { kind: 'backspace' })).toBe('讨');
    expect(applyKey('', { kind: 'backspace' })).toBe('');
    expect(applyKey('flyz', { kind: 'clear' })).toBe('');
    expect(applyKey('A', { kind: 'letter', letter: 'B' })).toBe('Ab');
  });

  it('stops at the longest query the back end takes', () => {
    const full = 'a'.repeat(MAX_QUERY_LENGTH);
    expect(applyKey(full, { kind: 'letter', letter: 'b' })).toBe(full);
    expect(normaliseQuery(`  fa   lv ${full}`)).toHaveLength(MAX_QUERY_LENGTH);
    expect(normaliseQuery('  fa   lv ')).toBe('fa lv');
  });
});

describe('searching as one types', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup() {
    const asked: { query: string; resolve: (hits: SearchHit[]) => void; reject: (error: unknown) => void }[] = [];
    const states: SearchState[] = [];
    const runner = createSearchRunner({
      delayMs: 150,
      search: (query) =>
        new Promise<SearchHit[]>((resolve, reject) => {
          asked.push({ query, resolve, reject });
        }),
      onChange: (state) => states.push(state),
    });
    return { runner, asked, states, last: () => states[states.length - 1] };
  }

  it('asks once after a pause in typing', async () => {
    const { runner, asked, last } = setup();
    runner.setQuery('f');
    runner.setQuery('fl');
    await vi.advanceTimersByTimeAsync(100);
    runner.setQuery('fly');
    await vi.advanceTimersByTimeAsync(149);
    expect(asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked.map((a) => a.query)).toEqual(['fly']);
    asked[0]?.resolve([hit('法律援助申请')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(last()).toEqual({ status: 'ready', query: 'fly', hits: [hit('法律援助申请')] });
  });

  it('never lets an older answer replace a newer one', async () => {
    const { runner, asked, last } = setup();
    runner.setQuery('fl');
    await vi.advanceTimersByTimeAsync(150);
    runner.setQuery('flyz');
    await vi.advanceTimersByTimeAsync(150);
    expect(asked.map((a) => a.query)).toEqual(['fl', 'flyz']);
    asked[1]?.resolve([hit('new')]);
    await vi.advanceTimersByTimeAsync(0);
    asked[0]?.resolve([hit('old')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(last()).toEqual({ status: 'ready', query: 'flyz', hits: [hit('new')] });
  });

  it('keeps the last answer on screen while the next one is on its way', async () => {
    const { runner, asked, last } = setup();
    runner.setQuery('fl');
    await vi.advanceTimersByTimeAsync(150);
    asked[0]?.resolve([hit('a')]);
    await vi.advanceTimersByTimeAsync(0);
    runner.setQuery('fly');
    expect(last()).toEqual({ status: 'searching', query: 'fly', previous: { query: 'fl', hits: [hit('a')] } });
  });

  it('goes idle on an empty query and ignores answers still on their way', async () => {
    const { runner, asked, last } = setup();
    runner.setQuery('fl');
    await vi.advanceTimersByTimeAsync(150);
    runner.setQuery('   ');
    asked[0]?.resolve([hit('a')]);
    await vi.advanceTimersByTimeAsync(200);
    expect(last()).toEqual({ status: 'idle' });
    expect(asked).toHaveLength(1);
  });

  it('reports an error for the current query, and tries again on retry', async () => {
    const { runner, asked, last } = setup();
    runner.setQuery('fl');
    await vi.advanceTimersByTimeAsync(150);
    asked[0]?.reject(new ApiError('API_UNAVAILABLE', 'down'));
    await vi.advanceTimersByTimeAsync(0);
    expect(last()).toMatchObject({ status: 'error', query: 'fl', error: { code: 'API_UNAVAILABLE' } });
    runner.retry();
    expect(asked.map((a) => a.query)).toEqual(['fl', 'fl']);
    asked[1]?.resolve([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(last()).toEqual({ status: 'ready', query: 'fl', hits: [] });
  });

  it('drops answers after dispose', async () => {
    const { runner, asked, states } = setup();
    runner.setQuery('fl');
    await vi.advanceTimersByTimeAsync(150);
    runner.dispose();
    asked[0]?.resolve([hit('a')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(states.map((s) => s.status)).toEqual(['searching']);
  });
});
