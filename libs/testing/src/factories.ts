import { randomInt } from 'node:crypto';

let counter = 0;

/** A mainland mobile number unlikely to repeat across test files running at once. */
export function uniquePhone(): string {
  counter += 1;
  return `13${String(randomInt(0, 1_000_000)).padStart(6, '0')}${String(counter % 1000).padStart(3, '0')}`;
}

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A unified social credit code with a correct check character, different on every call. */
export function uniqueCreditCode(): string {
  const body = `9136${String(randomInt(0, 10_000_000)).padStart(7, '0')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
  const sum = [...body].reduce((total, char, index) => total + ALPHABET.indexOf(char) * WEIGHTS[index], 0);
  return body + ALPHABET[(31 - (sum % 31)) % 31];
}

export const uniqueQueuePrefix = (): string => `cf-test-${process.pid}-${randomInt(0, 1_000_000_000)}`;
