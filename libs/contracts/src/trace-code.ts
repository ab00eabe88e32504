/** A lot's trace code: 16 characters of Crockford's base32 (no I, L, O or U), issued by catalog. */
export const TRACE_CODE = /^[0-9A-HJKMNP-TV-Z]{16}$/;

/** Accepts what a person types from a label: any case, with spaces or dashes, O for 0 and I/L for 1. */
export function normalizeTraceCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return TRACE_CODE.test(code) ? code : null;
}
