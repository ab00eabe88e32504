import { creditCodeProblem, isValidCreditCode } from './credit-code';

describe('creditCodeProblem', () => {
  it.each(['91350100M000100Y43', '91110000802100433B'])('accepts the valid code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
  });

  it('names the expected check character when it is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe("check character should be '3', got '4'");
  });

  it('refuses letters outside the alphabet', () => {
    expect(creditCodeProblem('91350100I000100Y43')).toMatch(/'I' is not allowed/);
  });

  it('refuses the wrong length', () => {
    expect(isValidCreditCode('9135010')).toBe(false);
    expect(creditCodeProblem('9135010')).toMatch(/18 characters, got 7/);
  });
});
