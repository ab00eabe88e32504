import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ArrivalCreateDto } from '../point/point.dto';
import { ShipmentStatus } from '../shipment/shipment.entities';
import { RunStatus } from './run.entities';

export class PlanCreateDto {
  @ApiProperty({ example: '360722' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode: string;

  @ApiProperty({ example: '2026-05-20', description: 'the day to plan (China Standard Time)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  date: string;
}

export class RunSearchDto extends PlanCreateDto {}

export class RunItemCreateDto {
  @ApiProperty({ description: 'a parcel waiting at the hub (dropped by the run) or at a village point (collected)' })
  @IsUUID()
  shipmentId: string;
}

export class RunStopsUpdateDto {
  @ApiProperty({ description: "the run's stops in the new order" })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  nodeIds: string[];
}

export class RunScanDto {
  @ApiPropertyOptional({
    example: 2.8,
    description: 'the vehicle or store temperature, required when cold goods change hands',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-60)
  @Max(60)
  temperatureC?: number;
}

export class LoadDto {
  @ApiProperty() kg: number;
  @ApiProperty() litres: number;
}

export const PARCEL_STATES = ['waiting', 'on_board', 'done'] as const;
export type ParcelState = (typeof PARCEL_STATES)[number];

export class ManifestParcelDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty() parcelCode: string;
  @ApiProperty() weightGrams: number;
  @ApiProperty() volumeMl: number;
  @ApiProperty() cold: boolean;
  @ApiProperty({
    enum: PARCEL_STATES,
    description: 'waiting: not on the van yet; on_board: on this run’s van; done: dropped here or unloaded at the hub',
  })
  state: ParcelState;
}

export class RunStopDto {
  @ApiProperty() seq: number;
  @ApiProperty() nodeId: string;
  @ApiProperty() nodeCode: string;
  @ApiProperty() nodeName: string;
  @ApiProperty({ type: [ManifestParcelDto], description: 'unload here' }) drop: ManifestParcelDto[];
  @ApiProperty({ type: [ManifestParcelDto], description: 'load here' }) collect: ManifestParcelDto[];
  @ApiProperty({ type: LoadDto, description: 'on board when leaving this stop' }) loadAfter: LoadDto;
}

export class RunResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() countyCode: string;
  @ApiProperty() runDate: string;
  @ApiProperty() vehicleId: string;
  @ApiProperty() vehiclePlate: string;
  @ApiProperty() refrigerated: boolean;
  @ApiProperty({ type: LoadDto }) capacity: LoadDto;
  @ApiProperty() trip: number;
  @ApiProperty({ enum: RunStatus }) status: RunStatus;
  @ApiProperty({ description: 'carries cold-chain goods' }) cold: boolean;
  @ApiProperty() distanceKm: number;
  @ApiProperty({ type: LoadDto, description: 'on board leaving the hub' }) startLoad: LoadDto;
  @ApiProperty({ type: LoadDto, description: 'the most on board at any point' }) peakLoad: LoadDto;
  @ApiProperty({ type: [RunStopDto] }) stops: RunStopDto[];
  @ApiProperty({ nullable: true, type: String, description: "the vehicle's driver" }) driverUserId: string | null;
  @ApiProperty({ nullable: true, type: String }) dispatchedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
}

export class UnassignedDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty() reason: string;
}

export class PlanResponseDto {
  @ApiProperty() countyCode: string;
  @ApiProperty() date: string;
  @ApiProperty() planner: string;
  @ApiProperty() planningMs: number;
  @ApiProperty() totalDistanceKm: number;
  @ApiProperty({ type: [RunResponseDto] }) runs: RunResponseDto[];
  @ApiProperty({ type: [UnassignedDto], description: 'parcels left for another day, and why' })
  unassigned: UnassignedDto[];
}

export class RunScanResponseDto {
  @ApiProperty({ type: [String], description: 'parcel codes scanned' }) scanned: string[];
  @ApiProperty({ type: [String], description: 'parcel codes already done or not there' }) skipped: string[];
  @ApiProperty({ type: RunResponseDto }) run: RunResponseDto;
}

/** One parcel scanned onto or off a run: loaded at the hub, dropped or collected at a stop, unloaded at the hub. */
export class RunParcelScanDto extends ArrivalCreateDto {}

export const RUN_PARCEL_ACTIONS = ['load', 'drop', 'collect', 'unload'] as const;

export class RunParcelScanResponseDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty() parcelCode: string;
  @ApiProperty({ enum: RUN_PARCEL_ACTIONS }) action: (typeof RUN_PARCEL_ACTIONS)[number];
  @ApiProperty({ enum: ShipmentStatus }) status: ShipmentStatus;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'at its own village point: the pickup code to write on it',
  })
  pickupCode: string | null;
  @ApiProperty({ type: RunResponseDto }) run: RunResponseDto;
}

export class RunTemperatureCreateDto {
  @ApiProperty({ example: 3.2, description: 'the cold compartment, °C' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-60)
  @Max(60)
  readingC: number;
}

export class RunTemperatureResponseDto {
  @ApiProperty({ description: 'cold parcels on board the reading was recorded for' }) recorded: number;
  @ApiProperty({ description: 'of them outside their range (shipment.excursion published)' }) excursions: number;
}
