import { TemperatureClass } from '@countyflow/contracts';
import { canonicalJson, requestHash, strictestTemperature } from './checkout.rules';

describe('strictestTemperature', () => {
  const ambient = { class: TemperatureClass.Ambient, minC: null, maxC: null };
  const chilled = { class: TemperatureClass.Chilled, minC: 0, maxC: 4 };
  const frozen = { class: TemperatureClass.Frozen, minC: null, maxC: -18 };

  it('keeps ambient when every line is ambient, and nothing at all is ambient', () => {
    expect(strictestTemperature([ambient, ambient])).toEqual(ambient);
    expect(strictestTemperature([])).toEqual(ambient);
  });

  it('takes the strictest class', () => {
    expect(strictestTemperature([ambient, chilled, frozen, chilled])).toEqual(frozen);
  });

  it('narrows explicit ranges to what satisfies them all', () => {
    const banana = { class: TemperatureClass.Range, minC: 13, maxC: 20 };
    const tomato = { class: TemperatureClass.Range, minC: 13, maxC: 21 };
    const cucumber = { class: TemperatureClass.Range, minC: 10, maxC: 13 };

    expect(strictestTemperature([banana, tomato, cucumber])).toEqual({
      class: TemperatureClass.Range,
      minC: 13,
      maxC: 13,
    });
  });
});

describe('requestHash', () => {
  it('ignores key order but not values', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe('{"a":[{"x":1,"y":2}],"b":1}');
    expect(requestHash('checkout', { a: 1, b: 2 })).toBe(requestHash('checkout', { b: 2, a: 1 }));
    expect(requestHash('checkout', { a: 1 })).not.toBe(requestHash('checkout', { a: 2 }));
    expect(requestHash('checkout', { a: 1 })).not.toBe(requestHash('assisted', { a: 1 }));
  });
});
