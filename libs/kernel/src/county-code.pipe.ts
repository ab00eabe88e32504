import { PipeTransform } from '@nestjs/common';
import { Problem } from './problem';

const COUNTY_CODE = /^\d{6}$/;

/** A 6-digit county code in the path, or a 400 `invalid-county-code` naming it: `@Param('countyCode', CountyCodePipe)`. */
export class CountyCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!COUNTY_CODE.test(value)) {
      throw new Problem(400, 'invalid-county-code', `a county code has 6 digits, got '${value}'`);
    }
    return value;
  }
}
