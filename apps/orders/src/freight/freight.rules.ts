import { TemperatureClass } from '@countyflow/contracts';
import { FreightTemplate } from './freight.entity';

export interface FreightQuestion {
  goodsFen: number;
  weightGrams: number;
  temperatureClass: TemperatureClass;
  /** An address in this province, or pickup at a service point. */
  destination: { kind: 'address'; province: string } | { kind: 'service_point' };
}

/** 1 斤 = 500 g: produce sold by weight also shows its price per 斤. */
export const GRAMS_PER_JIN = 500;

export const pricePerJinFen = (priceFen: number, weightGrams: number): number | null =>
  weightGrams > 0 ? Math.round((priceFen * GRAMS_PER_JIN) / weightGrams) : null;

/**
 * The freight of one seller's order. No template: the seller ships free. Free above the seller's amount; pickup
 * at a service point costs the pickup fee; an address pays the first kilogram and each further started kilogram
 * at its province's rates (or the template's own), plus the cold-chain surcharge for chilled, frozen and
 * temperature-range goods.
 */
export function freightFen(template: FreightTemplate | null | undefined, question: FreightQuestion): number {
  if (!template) {
    return 0;
  }
  if (template.freeAboveFen !== null && question.goodsFen >= template.freeAboveFen) {
    return 0;
  }
  const { destination } = question;
  if (destination.kind === 'service_point') {
    return template.pickupFeeFen;
  }
  const region = template.regions.find((candidate) => candidate.provinces.includes(destination.province));
  const first = region?.firstKgFen ?? template.firstKgFen;
  const additional = region?.additionalKgFen ?? template.additionalKgFen;
  const kilograms = Math.max(1, Math.ceil(question.weightGrams / 1000));
  const coldChain = question.temperatureClass !== TemperatureClass.Ambient ? template.coldChainSurchargeFen : 0;
  return first + (kilograms - 1) * additional + coldChain;
}
