// What the kiosk serves when its configuration does not validate: no devices, no catalogue, no half-working
// villager screens; every KioskApi call answers CONFIG_INVALID with the precise problem (file, field, allowed
// values), which the renderer shows on its "needs configuration" screen for the technician.
import { KIOSK_METHODS, type KioskApi } from '../api/contract.ts';
import { KioskError } from '../api/errors.ts';
import type { HostedApi } from './server.ts';

export function needsConfigurationApi(problem: string): HostedApi {
  const refuse = async () => {
    throw new KioskError('CONFIG_INVALID', problem);
  };
  const api = Object.fromEntries(KIOSK_METHODS.map((method) => [method, refuse])) as unknown as KioskApi;
  // The page still subscribes; there is nothing to tell it.
  return { ...api, subscribe: () => () => undefined };
}
