import { FlowDirection, TemperatureClass } from '@countyflow/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsNumber, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { NetworkNode } from '../network/network.entities';
import {
  ConsentRecord,
  CustodyKind,
  ReceiptRecord,
  Scan,
  ScanKind,
  Shipment,
  ShipmentLeg,
  ShipmentStatus,
  TemperatureReading,
} from './shipment.entities';

export class ScanCreateDto {
  @ApiProperty({ enum: [ScanKind.Arrived, ScanKind.Departed], description: 'arrived at or departed from the node' })
  @IsIn([ScanKind.Arrived, ScanKind.Departed])
  kind: ScanKind.Arrived | ScanKind.Departed;

  @ApiProperty({ description: 'the node where the scan happens' })
  @IsUUID()
  nodeId: string;

  @ApiPropertyOptional({ description: 'for a departure: the vehicle that takes the parcel' })
  @IsOptional()
  @IsUUID()
  vehicleId?: string;

  @ApiPropertyOptional({ description: 'for a departure: the run that takes the parcel (its vehicle is used)' })
  @IsOptional()
  @IsUUID()
  runId?: string;

  @ApiPropertyOptional({
    example: 3.2,
    description: 'required for chilled, frozen and range goods; refused for ambient goods',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-60)
  @Max(60)
  temperatureC?: number;
}

export class TemperatureReadingCreateDto {
  @ApiProperty({ example: 6.5 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-60)
  @Max(60)
  readingC: number;
}

export class ShipmentSearchDto {
  @ApiPropertyOptional({ example: '360722', description: 'county staff: their county' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode?: string;

  @ApiPropertyOptional({ description: 'operators: a node they run (parcels routed through, held at or bound for it)' })
  @IsOptional()
  @IsUUID()
  nodeId?: string;

  @ApiPropertyOptional({ enum: ShipmentStatus })
  @IsOptional()
  @IsEnum(ShipmentStatus)
  status?: ShipmentStatus;

  @ApiPropertyOptional({ enum: FlowDirection })
  @IsOptional()
  @IsEnum(FlowDirection)
  direction?: FlowDirection;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class ExcursionSearchDto {
  @ApiProperty({ example: '360722' })
  @Matches(/^\d{6}$/, { message: 'countyCode must be 6 digits' })
  countyCode: string;
}

export class NodeRefDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class LegResponseDto {
  @ApiProperty() seq: number;
  @ApiProperty({ type: NodeRefDto, nullable: true }) from: NodeRefDto | null;
  @ApiProperty({ type: NodeRefDto, nullable: true, description: 'null for the carrier leg and the pickup' })
  to: NodeRefDto | null;
  @ApiProperty({ enum: ['run', 'carrier', 'pickup'] }) mode: string;
  @ApiProperty({ enum: ['forward', 'return'] }) purpose: string;
  @ApiProperty({ enum: ['pending', 'done', 'cancelled'] }) status: string;
  @ApiProperty({ nullable: true, type: String }) completedAt: string | null;
}

export class ScanResponseDto {
  @ApiProperty() seq: number;
  @ApiProperty({ enum: ScanKind }) kind: ScanKind;
  @ApiProperty({ nullable: true, type: String }) nodeCode: string | null;
  @ApiProperty({ nullable: true, type: String }) nodeName: string | null;
  @ApiProperty({ enum: ['user', 'carrier', 'system'] }) actorKind: string;
  @ApiProperty() at: string;
  @ApiProperty({ nullable: true, type: Number }) temperatureC: number | null;
}

export class ReadingResponseDto {
  @ApiProperty() readingC: number;
  @ApiProperty({ nullable: true, type: Number }) minC: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxC: number | null;
  @ApiProperty({ description: 'outside the range: kept as evidence for a claim' }) excursion: boolean;
  @ApiProperty({ nullable: true, type: String }) nodeCode: string | null;
  @ApiProperty() at: string;
}

export class CustodyResponseDto {
  @ApiProperty({ enum: CustodyKind }) kind: CustodyKind;
  @ApiProperty({ type: NodeRefDto, nullable: true }) node: NodeRefDto | null;
  @ApiProperty({ nullable: true, type: String }) vehicleId: string | null;
  @ApiProperty({ nullable: true, type: String }) runId: string | null;
  @ApiProperty({ nullable: true, type: String }) carrier: string | null;
  @ApiProperty({ nullable: true, type: String }) waybillNo: string | null;
  @ApiProperty() since: string;
}

export class PickupResponseDto {
  @ApiProperty({ type: NodeRefDto }) point: NodeRefDto;
  @ApiProperty({ nullable: true, type: Number }) shelf: number | null;
  @ApiProperty({ nullable: true, type: Number }) layer: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'shown to the buyer only' }) code: string | null;
  @ApiProperty({ nullable: true, type: String }) collectBy: string | null;
}

export class ReceiptResponseDto {
  @ApiProperty({ enum: ['pickup_code', 'signature', 'carrier'] }) method: string;
  @ApiProperty({ enum: ['recipient', 'agent', 'carrier'] }) collectedBy: string;
  @ApiProperty({ nullable: true, type: String }) collectorName: string | null;
  @ApiProperty() at: string;
}

export class ConsentResponseDto {
  @ApiProperty({ enum: ['station_delivery', 'named_agent'] }) kind: string;
  @ApiProperty() subjectName: string;
  @ApiProperty() at: string;
}

export class ShipmentSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty() orderId: string;
  @ApiProperty() parcelCode: string;
  @ApiProperty({ enum: ShipmentStatus }) status: ShipmentStatus;
  @ApiProperty({ enum: FlowDirection }) direction: FlowDirection;
  @ApiProperty() countyCode: string;
  @ApiProperty() sellerOrgId: string;
  @ApiProperty() sellerName: string;
  @ApiProperty() weightGrams: number;
  @ApiProperty() volumeMl: number;
  @ApiProperty({ enum: TemperatureClass }) temperatureClass: TemperatureClass;
  @ApiProperty({ nullable: true, type: Number }) minC: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxC: number | null;
  @ApiProperty({ type: CustodyResponseDto }) custody: CustodyResponseDto;
  @ApiProperty({ nullable: true, type: String, description: 'why it could not be routed yet' })
  routingProblem: string | null;
  @ApiProperty({ type: [String] }) traceCodes: string[];
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() createdAt: string;
}

export class ShipmentTimelineDto extends ShipmentSummaryDto {
  @ApiProperty({ type: [NodeRefDto], description: 'the nodes the parcel passes, in order' }) path: NodeRefDto[];
  @ApiProperty({ type: [LegResponseDto] }) legs: LegResponseDto[];
  @ApiProperty({ type: [ScanResponseDto] }) scans: ScanResponseDto[];
  @ApiProperty({ type: [ReadingResponseDto] }) temperatures: ReadingResponseDto[];
  @ApiProperty({ type: [ReadingResponseDto], description: 'readings outside the range' })
  excursions: ReadingResponseDto[];
  @ApiProperty({ type: PickupResponseDto, nullable: true }) pickup: PickupResponseDto | null;
  @ApiProperty({ type: ReceiptResponseDto, nullable: true }) receipt: ReceiptResponseDto | null;
  @ApiProperty({ type: [ConsentResponseDto] }) consents: ConsentResponseDto[];
}

export class ExcursionResponseDto extends ReadingResponseDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty() orderId: string;
  @ApiProperty() parcelCode: string;
}

const ref = (node: NetworkNode | undefined | null): NodeRefDto | null =>
  node ? { id: node.id, code: node.code, name: node.name } : null;

export function mapShipmentSummary(shipment: Shipment, nodes: ReadonlyMap<string, NetworkNode>): ShipmentSummaryDto {
  return {
    id: shipment.id,
    orderId: shipment.orderId,
    parcelCode: shipment.parcelCode,
    status: shipment.status,
    direction: shipment.direction,
    countyCode: shipment.countyCode,
    sellerOrgId: shipment.sellerOrgId,
    sellerName: shipment.sellerName,
    weightGrams: shipment.weightGrams,
    volumeMl: shipment.volumeMl,
    temperatureClass: shipment.temperatureClass,
    minC: shipment.minC,
    maxC: shipment.maxC,
    custody: {
      kind: shipment.custodyKind,
      node: shipment.custodyNodeId
        ? (ref(nodes.get(shipment.custodyNodeId)) ?? { id: shipment.custodyNodeId, code: '', name: '' })
        : null,
      vehicleId: shipment.custodyVehicleId,
      runId: shipment.custodyRunId,
      carrier: shipment.carrier,
      waybillNo: shipment.waybillNo,
      since: shipment.custodySince.toISOString(),
    },
    routingProblem: shipment.routingProblem,
    traceCodes: shipment.traceCodes,
    note: shipment.note,
    createdAt: shipment.createdAt.toISOString(),
  };
}

export const mapScan = (scan: Scan): ScanResponseDto => ({
  seq: scan.seq,
  kind: scan.kind,
  nodeCode: scan.nodeCode,
  nodeName: scan.nodeName,
  actorKind: scan.actorKind,
  at: scan.at.toISOString(),
  temperatureC: scan.temperatureC,
});

export const mapReading = (reading: TemperatureReading): ReadingResponseDto => ({
  readingC: reading.readingC,
  minC: reading.minC,
  maxC: reading.maxC,
  excursion: reading.excursion,
  nodeCode: reading.nodeCode,
  at: reading.at.toISOString(),
});

export interface TimelineParts {
  shipment: Shipment;
  nodes: ReadonlyMap<string, NetworkNode>;
  legs: ShipmentLeg[];
  scans: Scan[];
  readings: TemperatureReading[];
  receipt: ReceiptRecord | null;
  consents: ConsentRecord[];
  /** Only the buyer sees the pickup code. */
  showPickupCode: boolean;
}

export function mapTimeline(parts: TimelineParts): ShipmentTimelineDto {
  const { shipment, nodes } = parts;
  const point = shipment.destinationNodeId ? nodes.get(shipment.destinationNodeId) : undefined;
  const readings = parts.readings.map(mapReading);
  return {
    ...mapShipmentSummary(shipment, nodes),
    path: shipment.path.map((id) => ref(nodes.get(id)) ?? { id, code: '', name: '' }),
    legs: parts.legs.map((leg) => ({
      seq: leg.seq,
      from: ref(leg.fromNodeId ? nodes.get(leg.fromNodeId) : null),
      to: ref(leg.toNodeId ? nodes.get(leg.toNodeId) : null),
      mode: leg.mode,
      purpose: leg.purpose,
      status: leg.status,
      completedAt: leg.completedAt?.toISOString() ?? null,
    })),
    scans: parts.scans.map(mapScan),
    temperatures: readings,
    excursions: readings.filter((reading) => reading.excursion),
    pickup: point
      ? {
          point: ref(point)!,
          shelf: shipment.shelf,
          layer: shipment.layer,
          code: parts.showPickupCode && shipment.status === ShipmentStatus.ReadyForPickup ? shipment.pickupCode : null,
          collectBy: shipment.collectBy?.toISOString() ?? null,
        }
      : null,
    receipt: parts.receipt && {
      method: parts.receipt.method,
      collectedBy: parts.receipt.collectedBy,
      collectorName: parts.receipt.collectorName,
      at: parts.receipt.at.toISOString(),
    },
    consents: parts.consents.map((consent) => ({
      kind: consent.kind,
      subjectName: consent.subjectName,
      at: consent.at.toISOString(),
    })),
  };
}

export class LabelNodeDto {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class LabelDestinationDto {
  @ApiProperty({ enum: ['point', 'address'] }) kind: 'point' | 'address';
  @ApiProperty({ nullable: true, type: String }) nodeName: string | null;
  @ApiProperty({ nullable: true, type: String }) nodeCode: string | null;
  @ApiProperty({ type: [LabelNodeDto], description: 'the nodes it passes, in order' }) path: LabelNodeDto[];
  @ApiProperty({ nullable: true, type: String, description: 'for a city address: province and city only' })
  city: string | null;
}

export class LabelRecipientDto {
  @ApiProperty({ example: '王**' }) name: string;
  @ApiProperty({ example: '139****8000' }) phone: string;
}

export class LabelRunDto {
  @ApiProperty() id: string;
  @ApiProperty() vehiclePlate: string;
  @ApiProperty() trip: number;
  @ApiProperty() runDate: string;
  @ApiProperty({ nullable: true, type: Number, description: 'the stop (1-based) where it is dropped or collected' })
  stopSeq: number | null;
}

/** What a parcel label shows (100×100 mm thermal or A6): never the pickup code, never the full phone. */
export class LabelResponseDto {
  @ApiProperty() shipmentId: string;
  @ApiProperty() parcelCode: string;
  @ApiProperty({ description: 'the text to encode as Code 128' }) barcode: string;
  @ApiProperty({ description: 'the text to encode as a QR code' }) qr: string;
  @ApiProperty({ enum: FlowDirection }) direction: FlowDirection;
  @ApiProperty({ enum: TemperatureClass }) temperatureClass: TemperatureClass;
  @ApiProperty() weightGrams: number;
  @ApiProperty() sellerName: string;
  @ApiProperty({ type: LabelDestinationDto }) destination: LabelDestinationDto;
  @ApiProperty({ type: LabelRecipientDto }) recipient: LabelRecipientDto;
  @ApiProperty({ type: LabelRunDto, nullable: true, description: 'the run that moves it next, if planned' })
  run: LabelRunDto | null;
}

export class ParcelCodeParamDto {
  @ApiProperty({ example: '360722-7KQ2M9XA' })
  @Matches(/^\d{6}-[0-9A-Z]{8}$/, { message: 'parcelCode must look like 360722-7KQ2M9XA' })
  parcelCode: string;
}
