// Enrolment tokens and the enrolment they allow, on the hub's database. Using a token and registering the kiosk's
// key happen in one transaction (SERIALIZABLE on PostgreSQL), so two kiosks racing with one token cannot both get in.
import type { SqlDatabase } from '../db/sql.ts';

export interface NewToken {
  tokenSha256: string;
  region: string;
  regionPrefix: string;
  rekeyKioskCode: string | null;
  issuedAt: string;
  expiresAt: string;
}

export interface Enrolment {
  tokenSha256: string;
  kioskCode: string;
  regionCode: string;
  siteName: string;
  siteAddress: string;
  publicKey: string;
  at: string;
}

/** What became of an enrolment; every refusal leaves the token as it was. */
export type EnrolResult =
  | { kind: 'enrolled'; enrolledAt: string }
  | { kind: 'token-unknown' }
  | { kind: 'token-expired' }
  | { kind: 'token-used' }
  | { kind: 'region-mismatch'; region: string }
  | { kind: 'kiosk-taken' }
  | { kind: 'kiosk-revoked' };

interface TokenRow {
  region: string;
  region_prefix: string;
  rekey_kiosk_code: string | null;
  expires_at: string;
  used_at: string | null;
  used_by_kiosk: string | null;
  used_with_key: string | null;
}

export class SqlEnrolmentStorage {
  constructor(private readonly db: SqlDatabase) {}

  async putToken(token: NewToken): Promise<void> {
    await this.db.run(
      `INSERT INTO enrolment_tokens (token_sha256, region, region_prefix, rekey_kiosk_code, issued_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
      [token.tokenSha256, token.region, token.regionPrefix, token.rekeyKioskCode, token.issuedAt, token.expiresAt],
    );
  }

  async enrol(enrolment: Enrolment): Promise<EnrolResult> {
    return this.db.transaction(async (tx): Promise<EnrolResult> => {
      const token = await tx.get<TokenRow>('SELECT * FROM enrolment_tokens WHERE token_sha256 = ?', [
        enrolment.tokenSha256,
      ]);
      if (!token) return { kind: 'token-unknown' };
      const kiosk = await tx.get<{ public_key: string; enrolled_at: string; revoked_at: string | null }>(
        'SELECT public_key, enrolled_at, revoked_at FROM kiosks WHERE code = ?',
        [enrolment.kioskCode],
      );
      if (token.used_at !== null) {
        // The same kiosk asking again with the same key (its first answer was lost on the way) gets it again.
        const sameAsking = token.used_by_kiosk === enrolment.kioskCode && token.used_with_key === enrolment.publicKey;
        return sameAsking && kiosk ? { kind: 'enrolled', enrolledAt: kiosk.enrolled_at } : { kind: 'token-used' };
      }
      if (token.expires_at <= enrolment.at) return { kind: 'token-expired' };
      if (!enrolment.regionCode.startsWith(token.region_prefix)) {
        return { kind: 'region-mismatch', region: token.region };
      }
      if (kiosk?.revoked_at) return { kind: 'kiosk-revoked' };
      if (kiosk && kiosk.public_key !== enrolment.publicKey && token.rekey_kiosk_code !== enrolment.kioskCode) {
        return { kind: 'kiosk-taken' };
      }
      if (kiosk) {
        await tx.run('UPDATE kiosks SET region = ?, public_key = ?, site_name = ?, site_address = ? WHERE code = ?', [
          enrolment.regionCode,
          enrolment.publicKey,
          enrolment.siteName,
          enrolment.siteAddress,
          enrolment.kioskCode,
        ]);
      } else {
        await tx.run(
          `INSERT INTO kiosks (code, region, public_key, enrolled_at, site_name, site_address)
           VALUES (?, ?, ?, ?, ?, ?)`,
          [
            enrolment.kioskCode,
            enrolment.regionCode,
            enrolment.publicKey,
            enrolment.at,
            enrolment.siteName,
            enrolment.siteAddress,
          ],
        );
      }
      await tx.run(
        'UPDATE enrolment_tokens SET used_at = ?, used_by_kiosk = ?, used_with_key = ? WHERE token_sha256 = ?',
        [enrolment.at, enrolment.kioskCode, enrolment.publicKey, enrolment.tokenSha256],
      );
      return { kind: 'enrolled', enrolledAt: kiosk?.enrolled_at ?? enrolment.at };
    });
  }
}
