/**
 * The transformer of every PostgreSQL bigint column that holds an amount or a counter (money in fen, stock units,
 * grams, millilitres). The driver hands bigint over as text; it becomes a JS number only while that is exact, so a
 * figure past 2^53 fails loudly instead of being rounded. (Structurally a TypeORM `ValueTransformer`.)
 */
export const BIGINT_AS_NUMBER = {
  to: (value: number | null | undefined): number | null | undefined => value,
  from: (value: string | number | null | undefined): number | null | undefined => {
    if (value === null || value === undefined) {
      return value;
    }
    const number = Number(value);
    if (!Number.isSafeInteger(number)) {
      throw new RangeError(`the bigint ${String(value)} is past what a JS number holds exactly (2^53 - 1)`);
    }
    return number;
  },
};
