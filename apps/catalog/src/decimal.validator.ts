import { ValidateBy, ValidationOptions } from 'class-validator';

/** Decimal places of a finite number, also when its string form is exponential (`1e-7` has 7, `1.5e+21` none). */
export function decimalPlaces(value: number): number {
  const [mantissa, exponent = '0'] = value.toString().split('e');
  return Math.max(0, (mantissa.split('.')[1]?.length ?? 0) - Number(exponent));
}

/**
 * A finite number with at most `places` decimals. Stands in for class-validator's `@IsNumber({ maxDecimalPlaces })`,
 * which throws a TypeError (a 500) on numbers written in exponent form without a dot, such as `1e-7`.
 */
export function IsDecimal(places: number, validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimal',
      constraints: [places],
      validator: {
        validate: (value: unknown) =>
          typeof value === 'number' && Number.isFinite(value) && decimalPlaces(value) <= places,
        defaultMessage: () => `$property must be a number with at most ${places} decimals`,
      },
    },
    validationOptions,
  );
}
