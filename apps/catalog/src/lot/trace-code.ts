import { normalizeTraceCode } from '@countyflow/contracts';
import { randomBytes } from 'node:crypto';

export { normalizeTraceCode };

/** Crockford's base32: no I, L, O or U, so a code read aloud or off a crumpled label is not misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 characters from 80 random bits: printed on the package, and far too many to guess one. */
export function newTraceCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let code = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      code += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return code;
}

/** The compliance certificate (合格证) number: county, issue date and a sequence, e.g. HGZ-360722-20260115-000042. */
export function certificateNumber(countyCode: string, issueDate: string, sequence: number): string {
  return `HGZ-${countyCode}-${issueDate.replace(/-/g, '')}-${String(sequence).padStart(6, '0')}`;
}
