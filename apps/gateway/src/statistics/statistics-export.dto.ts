import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class StatisticsExportQueryDto {
  /** The county; platform admins may leave it out for every county. */
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;

  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'from must be a real calendar date' })
  from: string;

  @Matches(DAY, { message: 'to must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'to must be a real calendar date' })
  to: string;

  @IsIn(['csv', 'xlsx'])
  format: 'csv' | 'xlsx';
}
