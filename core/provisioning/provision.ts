// Provisioning one kiosk: check the technician's input, make (or reuse) the device key, enrol with the hub
// and, only once the hub has said yes, write the provisioning record. Anything that fails before that leaves
// no record, so the kiosk stays blank and the technician can simply try again (the same key is reused, so a
// retry after a lost answer is recognised by the hub).
import { provisionInputSchema, type ProvisionInput, type ProvisioningStep } from '../api/contract.ts';
import { KioskError } from '../api/errors.ts';
import { loadDeviceKeys, FILE_ONLY, type SecretProtector } from '../outbox/device-keys.ts';
import { enrolWithHub } from './enrol-client.ts';
import { readProvisioningRecord, writeProvisioningRecord, type ProvisioningRecord } from './record.ts';

export interface ProvisionOptions {
  dataDir: string;
  keysDir: string;
  input: ProvisionInput;
  protector?: SecretProtector;
  onStep?: (step: ProvisioningStep) => void;
  timeoutMs?: number;
}

export async function provisionKiosk(options: ProvisionOptions): Promise<ProvisioningRecord> {
  const parsed = provisionInputSchema.safeParse(options.input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KioskError('API_BAD_REQUEST', `${issue?.path.join('.') || 'input'}: ${issue?.message}`);
  }
  const input = parsed.data;
  if (readProvisioningRecord(options.dataDir)) {
    throw new KioskError('ALREADY_PROVISIONED', 'this kiosk is provisioned; decommission it first');
  }
  options.onStep?.('keys');
  const keys = loadDeviceKeys(options.keysDir, options.protector ?? FILE_ONLY);
  options.onStep?.('enrol');
  const answer = await enrolWithHub(
    input.hubUrl,
    {
      token: input.token,
      kioskCode: input.kioskCode,
      regionCode: input.regionCode,
      siteName: input.siteName,
      siteAddress: input.siteAddress,
      publicKey: keys.publicKeyPem,
    },
    options.timeoutMs,
  );
  const record: ProvisioningRecord = {
    kioskCode: input.kioskCode,
    regionCode: input.regionCode,
    siteName: input.siteName,
    siteAddress: input.siteAddress,
    hubUrl: answer.config.hubUrl,
    trustedKeys: answer.trustedKeys,
    config: answer.config,
    enrolledAt: answer.enrolledAt,
  };
  writeProvisioningRecord(options.dataDir, record);
  return record;
}
