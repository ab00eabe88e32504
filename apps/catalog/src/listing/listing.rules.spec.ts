import { TemperatureClass } from '@countyflow/contracts';
import { Problem } from '@countyflow/kernel';
import { ListingStatus } from './listing.entity';
import { nextListingStatus, resolveTemperature } from './listing.rules';

describe('nextListingStatus', () => {
  it.each([
    [ListingStatus.Draft, 'publish', ListingStatus.Published],
    [ListingStatus.Published, 'pause', ListingStatus.Paused],
    [ListingStatus.Paused, 'publish', ListingStatus.Published],
    [ListingStatus.Draft, 'remove', ListingStatus.Removed],
    [ListingStatus.Paused, 'take-down', ListingStatus.Removed],
  ] as const)('%s --%s--> %s', (from, action, to) => {
    expect(nextListingStatus(from, action)).toBe(to);
  });

  it.each([
    [ListingStatus.Published, 'publish'],
    [ListingStatus.Draft, 'pause'],
    [ListingStatus.Removed, 'publish'],
    [ListingStatus.Removed, 'remove'],
    [ListingStatus.Removed, 'take-down'],
  ] as const)('refuses %s --%s--> with a 409', (from, action) => {
    expect(() => nextListingStatus(from, action)).toThrow(Problem);
    try {
      nextListingStatus(from, action);
    } catch (error) {
      expect((error as Problem).getStatus()).toBe(409);
      expect((error as Problem).code).toBe('illegal-transition');
    }
  });
});

describe('resolveTemperature', () => {
  it('gives chilled and frozen their fixed bounds', () => {
    expect(resolveTemperature({ class: TemperatureClass.Chilled })).toEqual({ class: 'chilled', minC: 0, maxC: 4 });
    expect(resolveTemperature({ class: TemperatureClass.Frozen })).toEqual({ class: 'frozen', minC: null, maxC: -18 });
  });

  it('keeps an explicit range for chilling-sensitive produce', () => {
    expect(resolveTemperature({ class: TemperatureClass.Range, minC: 12, maxC: 14 })).toEqual({
      class: 'range',
      minC: 12,
      maxC: 14,
    });
  });

  it.each([
    [{ class: TemperatureClass.Range, minC: 14, maxC: 12 }, 'temperature-range-invalid'],
    [{ class: TemperatureClass.Range, minC: 13 }, 'temperature-bounds-required'],
    [{ class: TemperatureClass.Ambient, maxC: 25 }, 'temperature-bounds-not-allowed'],
  ])('refuses %o (%s)', (input, code) => {
    expect(() => resolveTemperature(input)).toThrow(expect.objectContaining({ code }));
  });
});
