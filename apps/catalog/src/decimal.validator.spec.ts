import { validateSync } from 'class-validator';
import { decimalPlaces, IsDecimal } from './decimal.validator';

class Sample {
  @IsDecimal(3)
  quantity: unknown;
}

const errorsFor = (quantity: unknown) => validateSync(Object.assign(new Sample(), { quantity })).length;

describe('IsDecimal', () => {
  it('counts decimals in plain and exponent form', () => {
    expect([12, 12.5, 0.125, 1e-7, 5e-324, 1.5e21, 1.25e-5].map(decimalPlaces)).toEqual([0, 1, 3, 7, 324, 0, 7]);
  });

  it('accepts finite numbers with few enough decimals and refuses the rest without throwing', () => {
    expect([12, 0.001, 1.5e21].map(errorsFor)).toEqual([0, 0, 0]);
    expect([0.0001, 1e-7, 5e-324, Number.NaN, Infinity, '1', null].map(errorsFor)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});
