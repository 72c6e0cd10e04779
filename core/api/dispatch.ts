// Validates one call from a shell (IPC or HTTP) and runs it against a KioskApi implementation.
// Both shells go through here, so a request is checked the same way whichever way it arrived.
import { isKioskMethod, methodInputs, type KioskApi, type KioskResult } from './contract.ts';
import { KioskError, toErrorData } from './errors.ts';

export async function dispatch(api: KioskApi, method: string, input: unknown): Promise<KioskResult<unknown>> {
  try {
    if (!isKioskMethod(method)) throw new KioskError('API_UNKNOWN_METHOD', `unknown method ${method.slice(0, 64)}`);
    const parsed = methodInputs[method].safeParse(input ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
      throw new KioskError('API_BAD_REQUEST', `${method}: ${detail.join('; ')}`);
    }
    // Each method's input type is the output of its own schema, which the cast reflects.
    const call = api[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await call.call(api, parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorData(error) };
  }
}
