import { BIGINT_AS_NUMBER } from '@countyflow/kernel';
import { ValueTransformer } from 'typeorm';

export { BIGINT_AS_NUMBER };

/** numeric columns (temperatures): a JS number, exact at their scale. */
export const NUMERIC_AS_NUMBER: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};
