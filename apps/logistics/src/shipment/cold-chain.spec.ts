import { TemperatureClass } from '@countyflow/contracts';
import { describeRange, isExcursion, needsColdChain, rangeFor } from './cold-chain';

describe('cold chain ranges', () => {
  it('uses the class defaults: chilled 0–4 °C, frozen ≤ −18 °C', () => {
    expect(rangeFor({ class: TemperatureClass.Chilled, minC: null, maxC: null })).toEqual({ minC: 0, maxC: 4 });
    expect(rangeFor({ class: TemperatureClass.Frozen, minC: null, maxC: null })).toEqual({ minC: null, maxC: -18 });
    expect(rangeFor({ class: TemperatureClass.Ambient, minC: null, maxC: null })).toBeNull();
  });

  it('keeps chilling-sensitive produce above its floor', () => {
    const banana = rangeFor({ class: TemperatureClass.Range, minC: 13, maxC: null })!;
    expect(isExcursion(banana, 12.5)).toBe(true);
    expect(isExcursion(banana, 15)).toBe(false);
    expect(describeRange(banana)).toBe('≥ 13 °C');
  });

  it('flags readings outside the range only', () => {
    const chilled = rangeFor({ class: TemperatureClass.Chilled, minC: null, maxC: null })!;
    expect([-0.5, 0, 4, 4.1].map((reading) => isExcursion(chilled, reading))).toEqual([true, false, false, true]);
    expect(isExcursion(rangeFor({ class: TemperatureClass.Frozen, minC: null, maxC: null })!, -12)).toBe(true);
  });

  it('needs the cold chain for every class but ambient', () => {
    expect(Object.values(TemperatureClass).filter(needsColdChain)).toEqual(['chilled', 'frozen', 'range']);
  });
});
