import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { NodeLevel } from '../network/network.entities';
import { ArrivalCreateDto, ParcelRefDto } from '../point/point.dto';
import { RunStatus } from '../run/run.entities';
import { ShipmentStatus } from '../shipment/shipment.entities';
import { ExceptionKind } from './node.entities';

export const ARRIVAL_SOURCES = ['run', 'point', 'carrier', 'seller'] as const;

export class NodeArrivalCreateDto extends ArrivalCreateDto {
  @ApiPropertyOptional({
    enum: ARRIVAL_SOURCES,
    description: 'where it came from: a run, a village point, the express carrier, a seller in town',
  })
  @IsOptional()
  @IsIn(ARRIVAL_SOURCES)
  source?: (typeof ARRIVAL_SOURCES)[number];
}

export class ExceptionCreateDto extends ParcelRefDto {
  @ApiProperty({ enum: ExceptionKind })
  @IsEnum(ExceptionKind)
  kind: ExceptionKind;

  @ApiPropertyOptional({ example: '外箱压损，内物完好' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;

  @ApiPropertyOptional({ example: 5600, description: 'for over_weight: what the scale says, in grams' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  weighedGrams?: number;
}

export class ExceptionResolveDto {
  @ApiPropertyOptional({ example: '已换箱重新封装' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  note?: string;
}

export class NodeRefDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: NodeLevel }) level: NodeLevel;
  @ApiProperty() countyCode: string;
}

export const NEXT_MOVES = ['run', 'carrier', 'pickup', 'none'] as const;

export class NodeParcelDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty() parcelCode: string;
  @ApiProperty({ enum: ShipmentStatus }) status: ShipmentStatus;
  @ApiProperty({ enum: FlowDirection }) direction: FlowDirection;
  @ApiProperty({ enum: TemperatureClass }) temperatureClass: TemperatureClass;
  @ApiProperty() weightGrams: number;
  @ApiProperty() volumeMl: number;
  @ApiProperty({ description: 'masked, e.g. 王*' }) recipientName: string;
  @ApiProperty() recipientPhoneTail: string;
  @ApiProperty({ description: 'the village point, or the city of the address' }) destinationName: string;
  @ApiProperty({ nullable: true, type: String }) destinationNodeId: string | null;
  @ApiProperty({
    enum: NEXT_MOVES,
    description: 'run: on (or waiting for) a run; carrier: to the express carrier at the hub; pickup: on the shelf',
  })
  nextMove: (typeof NEXT_MOVES)[number];
  @ApiProperty({ nullable: true, type: String }) runId: string | null;
  @ApiProperty({ nullable: true, type: String }) vehiclePlate: string | null;
  @ApiProperty() custodySince: string;
  @ApiProperty({ nullable: true, type: Number }) shelf: number | null;
  @ApiProperty({ nullable: true, type: Number }) layer: number | null;
  @ApiProperty({ nullable: true, type: String }) collectBy: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'cash to take at collection (fen), cash orders only' })
  cashFen: number | null;
}

export class NodeExceptionDto {
  @ApiProperty() id: string;
  @ApiProperty() nodeId: string;
  @ApiProperty() shipmentId: string;
  @ApiProperty() parcelCode: string;
  @ApiProperty({ enum: ExceptionKind }) kind: ExceptionKind;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ nullable: true, type: Number }) weighedGrams: number | null;
  @ApiProperty() at: string;
  @ApiProperty() recordedBy: string;
  @ApiProperty({ nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) resolution: string | null;
}

export class NodeRunDto {
  @ApiProperty() id: string;
  @ApiProperty() vehiclePlate: string;
  @ApiProperty() trip: number;
  @ApiProperty({ enum: RunStatus }) status: RunStatus;
  @ApiProperty() cold: boolean;
  @ApiProperty() stops: number;
  @ApiProperty() drops: number;
  @ApiProperty() collects: number;
  @ApiProperty({ description: 'parcels it drops at this node' }) dropsHere: number;
  @ApiProperty({ description: 'parcels it collects from this node' }) collectsHere: number;
}

export class NodeDayDto {
  @ApiProperty() arrived: number;
  @ApiProperty() departed: number;
  @ApiProperty() handedIn: number;
  @ApiProperty() shelved: number;
  @ApiProperty() collected: number;
  @ApiProperty() handedToCarrier: number;
  @ApiProperty() exceptions: number;
}

export class WorkspaceResponseDto {
  @ApiProperty({ type: NodeRefDto }) node: NodeRefDto;
  @ApiProperty({ description: 'the day shown (China Standard Time)' }) date: string;
  @ApiProperty({ type: [NodeParcelDto], description: 'in the custody of this node now' }) atNode: NodeParcelDto[];
  @ApiProperty({
    type: [NodeParcelDto],
    description:
      "coming here: the day's runs' drops (the hub: their collections), produce or goods to be handed in; a town " +
      'station: produce on a van that passes it on the way to the hub',
  })
  dueIn: NodeParcelDto[];
  @ApiProperty({ type: [NodeParcelDto], description: 'held here with a next move: a run or the carrier' })
  mustGoOut: NodeParcelDto[];
  @ApiProperty({ type: [NodeExceptionDto], description: "the day's exceptions and every one still open" })
  exceptions: NodeExceptionDto[];
  @ApiProperty({ type: [NodeRunDto], description: "the day's runs (the hub: all of the county's)" })
  runs: NodeRunDto[];
  @ApiProperty({ type: NodeDayDto, description: "the day's scans at the node" }) day: NodeDayDto;
}

export class WorkplaceVehicleDto {
  @ApiProperty() id: string;
  @ApiProperty() plate: string;
  @ApiProperty() name: string;
  @ApiProperty() refrigerated: boolean;
  @ApiProperty() countyCode: string;
}

export class WorkplacesResponseDto {
  @ApiProperty({ type: [NodeRefDto], description: 'active nodes run by one of your organisations, hub first' })
  nodes: NodeRefDto[];
  @ApiProperty({ type: [WorkplaceVehicleDto], description: 'vehicles you are assigned to drive' })
  vehicles: WorkplaceVehicleDto[];
}
