import { describe, expect, it } from 'vitest';
import type { KioskApi } from '../../core/api/contract.ts';
import { dispatch } from '../../core/api/dispatch.ts';
import { KioskError } from '../../core/api/errors.ts';
import { stubKioskApi } from '../helpers/stub-kiosk-api.ts';

// A hand-written KioskApi that records what reaches it.
function fakeApi(calls: unknown[]): KioskApi {
  return stubKioskApi({
    getKioskInfo: async () => {
      throw new Error('disk on fire at /home/x');
    },
    listCategories: async () => [],
    listServices: async (input) => {
      calls.push(input);
      return [];
    },
    getService: async ({ id }) => {
      throw new KioskError('CATALOGUE_NOT_FOUND', `no service ${id}`);
    },
    search: async (input) => {
      calls.push(input);
      return [];
    },
  });
}

describe('dispatch', () => {
  it('passes validated input to the method', async () => {
    const calls: unknown[] = [];
    await expect(dispatch(fakeApi(calls), 'search', { query: '讨薪', limit: 5 })).resolves.toEqual({
      ok: true,
      value: [],
    });
    await dispatch(fakeApi(calls), 'listServices', undefined);
    expect(calls).toEqual([{ query: '讨薪', limit: 5 }, {}]);
  });

  it('refuses unknown methods, including names inherited from Object', async () => {
    for (const method of ['deleteEverything', 'constructor', '__proto__', 'toString']) {
      const result = await dispatch(fakeApi([]), method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'API_UNKNOWN_METHOD' } });
    }
  });

  it('refuses input that does not match the schema, and extra fields', async () => {
    const calls: unknown[] = [];
    const api = fakeApi(calls);
    for (const input of [
      { query: 1 },
      { query: 'x'.repeat(51) },
      { query: 'a', limit: 0 },
      { query: 'a', extra: true },
      'text',
    ]) {
      const result = await dispatch(api, 'search', input);
      expect(result).toMatchObject({ ok: false, error: { code: 'API_BAD_REQUEST' } });
    }
    expect(calls).toEqual([]);
  });

  it('carries a KioskError code and turns other errors into INTERNAL without a stack', async () => {
    const api = fakeApi([]);
    expect(await dispatch(api, 'getService', { id: 'x' })).toEqual({
      ok: false,
      error: { code: 'CATALOGUE_NOT_FOUND', message: 'no service x' },
    });
    const internal = await dispatch(api, 'getKioskInfo', {});
    expect(internal).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'disk on fire at /home/x' } });
  });
});
