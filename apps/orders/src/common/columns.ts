import { ValueTransformer } from 'typeorm';

/** PostgreSQL bigint arrives as a string; money in fen stays far below 2^53, so it is read back as a number. */
export const BIGINT_AS_NUMBER: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/** numeric columns (temperatures) likewise. */
export const NUMERIC_AS_NUMBER = BIGINT_AS_NUMBER;
