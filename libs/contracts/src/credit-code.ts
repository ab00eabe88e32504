const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Validates a unified social credit code (GB 32100-2015): 18 characters from `0-9A-HJ-NPQRTUWXY`,
 * the last being the check character over the first 17.
 * @returns null when valid, otherwise a sentence saying what is wrong.
 */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) {
    return `a unified social credit code has 18 characters, got ${code.length}`;
  }
  const values: number[] = [];
  for (const char of code) {
    const value = ALPHABET.indexOf(char);
    if (value < 0) {
      return `'${char}' is not allowed in a unified social credit code (allowed: 0-9, A-H, J-N, P-R, T, U, W-Y)`;
    }
    values.push(value);
  }
  const sum = WEIGHTS.reduce((total, weight, index) => total + weight * values[index], 0);
  const check = (31 - (sum % 31)) % 31;
  const expected = ALPHABET[check];
  if (code[17] !== expected) {
    return `check character should be '${expected}', got '${code[17]}'`;
  }
  return null;
}

export const isValidCreditCode = (code: string): boolean => creditCodeProblem(code) === null;
