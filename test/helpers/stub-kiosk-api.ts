// A KioskApi for unit tests of the layers around it (dispatch, IPC): only the methods a test gives exist; any
// other call fails loudly, so a test never passes by reaching a method it did not mean to.
import { KIOSK_METHODS, type KioskApi } from '../../core/api/contract.ts';

export function stubKioskApi(methods: Partial<KioskApi>): KioskApi {
  const api: Record<string, unknown> = {};
  for (const method of KIOSK_METHODS) {
    api[method] =
      methods[method] ??
      (async () => {
        throw new Error(`${method} is not used in this test`);
      });
  }
  return api as unknown as KioskApi;
}
