import { TemperatureClass } from '@countyflow/contracts';
import { FreightTemplate } from './freight.entity';
import { freightFen, pricePerJinFen } from './freight.rules';

const template: FreightTemplate = {
  sellerOrgId: 'seller',
  firstKgFen: 800,
  additionalKgFen: 300,
  regions: [{ provinces: ['广东省', '广西壮族自治区'], firstKgFen: 1200, additionalKgFen: 600 }],
  freeAboveFen: 19_900,
  coldChainSurchargeFen: 1000,
  pickupFeeFen: 0,
  updatedBy: 'owner',
  updatedAt: new Date(),
};
const toShenzhen = { kind: 'address' as const, province: '广东省' };

describe('freight', () => {
  it('charges a 21 kg parcel to Shenzhen the first and 20 additional kilograms at Guangdong’s rates', () => {
    expect(
      freightFen(template, {
        goodsFen: 13_600,
        weightGrams: 21_000,
        temperatureClass: TemperatureClass.Ambient,
        destination: toShenzhen,
      }),
    ).toBe(1200 + 20 * 600);
  });

  it('counts a started kilogram, uses the template’s own rates elsewhere and adds the cold-chain surcharge', () => {
    expect(
      freightFen(template, {
        goodsFen: 6_800,
        weightGrams: 5_001,
        temperatureClass: TemperatureClass.Chilled,
        destination: { kind: 'address', province: '江西省' },
      }),
    ).toBe(800 + 5 * 300 + 1000);
  });

  it('is free above the amount, costs the pickup fee at a service point, and nothing without a template', () => {
    const question = { weightGrams: 21_000, temperatureClass: TemperatureClass.Frozen, destination: toShenzhen };
    expect(freightFen(template, { ...question, goodsFen: 19_900 })).toBe(0);
    expect(
      freightFen(
        { ...template, pickupFeeFen: 200 },
        { ...question, goodsFen: 100, destination: { kind: 'service_point' } },
      ),
    ).toBe(200);
    expect(freightFen(null, { ...question, goodsFen: 100 })).toBe(0);
  });

  it('gives the price per 斤 (500 g) of produce sold by weight', () => {
    expect(pricePerJinFen(6_800, 5_000)).toBe(680);
    expect(pricePerJinFen(6_800, 0)).toBeNull();
  });
});
