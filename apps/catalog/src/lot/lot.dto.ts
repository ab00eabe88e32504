import { FlowDirection } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDecimal } from '../decimal.validator';
import { Certification } from '../listing/listing.entity';
import { ProduceLot, TestResult } from './lot.entity';

export enum LotUnit {
  Kilogram = 'kg',
  Jin = 'jin',
  Piece = 'piece',
  Box = 'box',
  Bag = 'bag',
  Crate = 'crate',
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export class PledgeDto {
  @ApiProperty({ description: 'no banned pesticides or veterinary drugs were used' })
  @IsBoolean()
  noBannedSubstances: boolean;

  @ApiProperty({ description: 'safety intervals before harvest were kept' })
  @IsBoolean()
  safetyIntervalsKept: boolean;

  @ApiProperty({ description: 'residues are within the national limits' })
  @IsBoolean()
  residuesWithinLimits: boolean;
}

export class TestResultDto {
  @ApiProperty({ example: '农药残留（速测）' })
  @IsString()
  @Length(1, 100)
  item: string;

  @ApiProperty({ example: '抑制率 12%，合格' })
  @IsString()
  @Length(1, 200)
  result: string;

  @ApiProperty()
  @IsBoolean()
  passed: boolean;

  @ApiPropertyOptional({ example: 'GB/T 5009.199' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  method?: string;

  @ApiPropertyOptional({ example: '信丰县农产品质量安全检测站' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  laboratory?: string;

  @ApiPropertyOptional({ example: '2026-01-10' })
  @IsOptional()
  @Matches(DATE, { message: 'testedOn must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'testedOn must be a real date' })
  testedOn?: string;
}

export class LotCreateDto {
  @ApiProperty({ example: '2026-01-08', description: 'harvest date, or the first day of a harvest range' })
  @Matches(DATE, { message: 'harvestFrom must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'harvestFrom must be a real date' })
  harvestFrom: string;

  @ApiPropertyOptional({ example: '2026-01-10', description: 'last day of the harvest range (default: harvestFrom)' })
  @IsOptional()
  @Matches(DATE, { message: 'harvestTo must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'harvestTo must be a real date' })
  harvestTo?: string;

  @ApiProperty({ example: 500 })
  @IsDecimal(3, { message: 'quantity must be a number with at most 3 decimals' })
  @Min(0.001, { message: 'quantity must be more than 0' })
  @Max(100_000_000)
  quantity: number;

  @ApiProperty({ enum: LotUnit, example: LotUnit.Kilogram })
  @IsEnum(LotUnit)
  unit: LotUnit;

  @ApiPropertyOptional({ example: '特级' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  grade?: string;

  @ApiPropertyOptional({
    example: '360722100201',
    description: "default: the listing's origin, else the seller's village",
  })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'originVillageCode must be a 12-digit village code' })
  originVillageCode?: string;

  @ApiPropertyOptional({ description: 'default: the seller’s name' })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  producerName?: string;

  @ApiProperty({ example: '13800138000' })
  @Matches(PHONE, { message: 'contactPhone must be a mainland mobile or landline number' })
  contactPhone: string;

  @ApiProperty({ type: PledgeDto })
  @ValidateNested()
  @Type(() => PledgeDto)
  pledge: PledgeDto;

  @ApiPropertyOptional({ type: [TestResultDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TestResultDto)
  testResults?: TestResultDto[];

  @ApiPropertyOptional({ example: '2026-01-12', description: 'default: today (China time)' })
  @IsOptional()
  @Matches(DATE, { message: 'issueDate must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'issueDate must be a real date' })
  issueDate?: string;

  @ApiPropertyOptional({
    example: '2026-02-10',
    description: 'not to be sent after this day (fresh produce); hand-ins of the lot are refused after it',
  })
  @IsOptional()
  @Matches(DATE, { message: 'bestBefore must be a date (YYYY-MM-DD)' })
  @IsISO8601({ strict: true }, { message: 'bestBefore must be a real date' })
  bestBefore?: string;
}

export class PledgeResponseDto extends PledgeDto {}

export class TestResultResponseDto {
  @ApiProperty() item: string;
  @ApiProperty() result: string;
  @ApiProperty() passed: boolean;
  @ApiProperty({ nullable: true, type: String }) method: string | null;
  @ApiProperty({ nullable: true, type: String }) laboratory: string | null;
  @ApiProperty({ nullable: true, type: String }) testedOn: string | null;
}

export class LotResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() listingId: string;
  @ApiProperty({ example: 'HGZ-360722-20260112-000042' }) certificateNo: string;
  @ApiProperty({ description: 'printed on the package; GET /trace/{traceCode} shows the lot' }) traceCode: string;
  @ApiProperty() productName: string;
  @ApiProperty() harvestFrom: string;
  @ApiProperty() harvestTo: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ enum: LotUnit }) unit: string;
  @ApiProperty({ nullable: true, type: String }) grade: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'not to be sent after this day' })
  bestBefore: string | null;
  @ApiProperty({ description: 'weighed off at first-kilometre hand-ins so far (grams)' }) takenGrams: number;
  @ApiProperty() originVillageCode: string;
  @ApiProperty() producerName: string;
  @ApiProperty() contactPhone: string;
  @ApiProperty({ type: PledgeResponseDto }) pledge: PledgeResponseDto;
  @ApiProperty({ type: [TestResultResponseDto] }) testResults: TestResultResponseDto[];
  @ApiProperty() issueDate: string;
  @ApiProperty({ type: [String], description: 'photos of the lot (public WebP URLs), oldest first' })
  photos: string[];
  @ApiProperty() createdAt: string;
}

/**
 * A lot as the buyer sees it on the listing page: what its compliance certificate shows, without the trace code
 * (printed on the package; it opens the parcels' path) or the producer's phone number.
 */
export class PublicLotResponseDto {
  @ApiProperty({ example: 'HGZ-360722-20260112-000042', description: 'the compliance certificate (合格证) number' })
  certificateNo: string;

  @ApiProperty({ example: '赣南脐橙 5斤装 产地直发' }) productName: string;
  @ApiProperty({ example: '2026-01-08', description: 'harvest date, or the first day of the harvest range' })
  harvestFrom: string;

  @ApiProperty({ example: '2026-01-10', description: 'last day of the harvest range (= harvestFrom for one day)' })
  harvestTo: string;

  @ApiProperty({ example: 500, description: 'the lot size on the certificate (what is left is not tracked per lot)' })
  quantity: number;

  @ApiProperty({ enum: LotUnit, example: LotUnit.Kilogram }) unit: string;
  @ApiProperty({ nullable: true, type: String, example: '特级' }) grade: string | null;
  @ApiProperty({ example: '360722100201', description: '12-digit origin village code' }) originVillageCode: string;
  @ApiProperty({ example: '安西镇脐橙专业合作社' }) producerName: string;
  @ApiProperty({ type: PledgeResponseDto, description: "the producer's pledge on the certificate" })
  pledge: PledgeResponseDto;

  @ApiProperty({ type: [TestResultResponseDto], description: 'optional test results on the certificate' })
  testResults: TestResultResponseDto[];

  @ApiProperty({ example: '2026-01-12', description: 'the certificate was issued on this day (China time)' })
  issueDate: string;

  @ApiProperty({ type: [String], description: 'photos of the lot (public WebP URLs), oldest first' })
  photos: string[];
}

export class TraceScanResponseDto {
  @ApiProperty() at: string;
  @ApiProperty() nodeCode: string;
  @ApiProperty() nodeName: string;
  @ApiProperty({ description: 'handed in, arrived, departed, handed to carrier, delivered…' }) kind: string;
  @ApiProperty({ nullable: true, type: Number }) temperatureC: number | null;
}

export class TraceJourneyResponseDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty({ type: [TraceScanResponseDto] }) scans: TraceScanResponseDto[];
}

export class TraceProducerResponseDto {
  @ApiProperty() orgId: string;
  @ApiProperty() name: string;
  @ApiProperty() countyCode: string;
  @ApiProperty({ nullable: true, type: String }) villageCode: string | null;
  @ApiProperty({ description: 'verified, or suspended since' }) status: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description:
      "the customer hotline the producer publishes (PUT /sellers/{orgId}/hotline); the page shows no other phone: the certificate's contact phone is often a personal mobile",
  })
  hotline: string | null;
}

export class TraceListingResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: FlowDirection }) direction: FlowDirection;
  @ApiProperty({ enum: Certification, isArray: true }) certifications: Certification[];
  @ApiProperty({ description: 'can be ordered now' }) purchasable: boolean;
}

export class TraceCountyResponseDto {
  @ApiProperty() code: string;
  @ApiProperty({ nullable: true, type: String, description: "the county storefront's name" })
  storefrontName: string | null;
}

export class TraceResponseDto {
  @ApiProperty() traceCode: string;
  @ApiProperty() certificateNo: string;
  @ApiProperty() productName: string;
  @ApiProperty() harvestFrom: string;
  @ApiProperty() harvestTo: string;
  @ApiProperty() quantity: number;
  @ApiProperty() unit: string;
  @ApiProperty({ nullable: true, type: String }) grade: string | null;
  @ApiProperty() originVillageCode: string;
  @ApiProperty() issueDate: string;
  @ApiProperty() producerName: string;
  @ApiProperty({ type: PledgeResponseDto }) pledge: PledgeResponseDto;
  @ApiProperty({ type: [TestResultResponseDto] }) testResults: TestResultResponseDto[];
  @ApiProperty({ type: [String], description: 'photos of the lot (public WebP URLs), oldest first' })
  photos: string[];
  @ApiProperty({ type: TraceProducerResponseDto }) producer: TraceProducerResponseDto;
  @ApiProperty({ type: TraceListingResponseDto }) listing: TraceListingResponseDto;
  @ApiProperty({ type: TraceCountyResponseDto }) county: TraceCountyResponseDto;
  @ApiProperty({ type: [TraceJourneyResponseDto], description: 'where parcels carrying this lot have been' })
  journeys: TraceJourneyResponseDto[];
}

export const mapTestResult = (result: TestResult): TestResultResponseDto => ({
  item: result.item,
  result: result.result,
  passed: result.passed,
  method: result.method,
  laboratory: result.laboratory,
  testedOn: result.testedOn,
});

export const mapLot = (lot: ProduceLot): LotResponseDto => ({
  id: lot.id,
  listingId: lot.listingId,
  certificateNo: lot.certificateNo,
  traceCode: lot.traceCode,
  productName: lot.productName,
  harvestFrom: lot.harvestFrom,
  harvestTo: lot.harvestTo,
  quantity: lot.quantity,
  unit: lot.unit,
  grade: lot.grade,
  bestBefore: lot.bestBefore,
  takenGrams: lot.takenGrams,
  originVillageCode: lot.originVillageCode,
  producerName: lot.producerName,
  contactPhone: lot.contactPhone,
  pledge: lot.pledge,
  testResults: lot.testResults.map(mapTestResult),
  issueDate: lot.issueDate,
  photos: lot.photos,
  createdAt: lot.createdAt.toISOString(),
});

/** Only what a printed certificate shows the public: never the trace code, the contact phone or internal ids. */
export const mapPublicLot = (lot: ProduceLot): PublicLotResponseDto => ({
  certificateNo: lot.certificateNo,
  productName: lot.productName,
  harvestFrom: lot.harvestFrom,
  harvestTo: lot.harvestTo,
  quantity: lot.quantity,
  unit: lot.unit,
  grade: lot.grade,
  originVillageCode: lot.originVillageCode,
  producerName: lot.producerName,
  pledge: {
    noBannedSubstances: lot.pledge.noBannedSubstances,
    safetyIntervalsKept: lot.pledge.safetyIntervalsKept,
    residuesWithinLimits: lot.pledge.residuesWithinLimits,
  },
  testResults: lot.testResults.map(mapTestResult),
  issueDate: lot.issueDate,
  photos: lot.photos,
});
