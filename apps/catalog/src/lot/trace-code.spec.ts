import { certificateNumber, newTraceCode, normalizeTraceCode } from './trace-code';

describe('trace codes', () => {
  it('are 16 unambiguous characters and never repeat in practice', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newTraceCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    }
  });

  it('reads a code as people type it', () => {
    const code = newTraceCode();
    const typed = `${code.slice(0, 4)}-${code.slice(4, 8)} ${code.slice(8)}`.toLowerCase();
    expect(normalizeTraceCode(typed)).toBe(code);
    expect(normalizeTraceCode('not a code')).toBeNull();
  });

  it('numbers certificates by county, date and sequence', () => {
    expect(certificateNumber('360722', '2026-01-15', 42)).toBe('HGZ-360722-20260115-000042');
  });
});
