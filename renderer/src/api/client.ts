// Typed calls to the KioskApi over whichever transport the page has.
import type { KioskEventListener, KioskInput, KioskMethod, KioskOutput } from '../../../core/api/contract.ts';
import { isErrorCode, type ErrorCode } from '../../../core/api/errors.ts';
import type { Transport } from './transport.ts';

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface KioskClient {
  call<M extends KioskMethod>(method: M, input: KioskInput<M>): Promise<KioskOutput<M>>;
  subscribe(listener: KioskEventListener): () => void;
}

export function createClient(transport: Transport): KioskClient {
  return {
    async call(method, input) {
      const result = await transport.call(method, input);
      if (!result.ok) {
        const code = isErrorCode(result.error?.code) ? result.error.code : 'INTERNAL';
        throw new ApiError(code, result.error?.message ?? 'no error message');
      }
      return result.value as KioskOutput<typeof method>;
    },
    subscribe: (listener) => transport.subscribe(listener),
  };
}
