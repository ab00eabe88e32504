export { CountyFiguresParamDto, FiguresQueryDto } from '@countyflow/kernel';
import { ApiProperty } from '@nestjs/swagger';
import { NodeLevel } from '../network/network.entities';

export class NodeFiguresDto {
  @ApiProperty() nodeId: string;
  @ApiProperty({ example: '360722101203' }) code: string;
  @ApiProperty({ example: '大塘埠村益农信息社' }) name: string;
  @ApiProperty({ enum: [NodeLevel.TownStation, NodeLevel.VillagePoint] }) level: NodeLevel;
  @ApiProperty({ description: 'parcels scanned in at the node (at a village point: shelved)' }) arrived: number;
  @ApiProperty({ description: 'parcels shelved with a pickup code (village points)' }) shelved: number;
  @ApiProperty({ description: 'parcels collected by the recipient or their agent (village points)' })
  collected: number;
  @ApiProperty({ description: 'parcels taken off the shelf uncollected to go back to the sender (village points)' })
  returned: number;
  @ApiProperty({ description: 'produce handed in for the first kilometre (village points)' }) handedIn: number;
}

export class FirstKilometreDayDto {
  @ApiProperty({ example: '2026-11-01' }) date: string;
  @ApiProperty({ example: 42, description: 'produce parcels handed in at the county’s village points' })
  handIns: number;
  @ApiProperty({ example: 210_400, description: 'their weight on the point’s scale, in grams' })
  weighedGrams: number;
}

export class ExcursionDayDto {
  @ApiProperty({ example: '2026-11-01' }) date: string;
  @ApiProperty({ example: 2, description: 'temperature readings outside the parcel’s range' }) excursions: number;
  @ApiProperty({ example: 1, description: 'distinct parcels with an excursion that day' }) shipments: number;
}

export class LogisticsTotalsDto {
  @ApiProperty() arrived: number;
  @ApiProperty() shelved: number;
  @ApiProperty() collected: number;
  @ApiProperty() returned: number;
  @ApiProperty() handIns: number;
  @ApiProperty() weighedGrams: number;
  @ApiProperty() excursions: number;
}

export class CurrentParcelsDto {
  @ApiProperty({ example: '2026-11-22T08:00:00.000Z' }) asOf: string;
  @ApiProperty({ description: 'waiting on a shelf of the county’s village points now' }) awaitingPickup: number;
  @ApiProperty({ description: 'of those, past their collect-by deadline (the sweep has not yet returned them)' })
  overdue: number;
}

export class LogisticsFiguresResponseDto {
  @ApiProperty({ example: '360722' }) countyCode: string;
  @ApiProperty({ example: '2026-11-01' }) from: string;
  @ApiProperty({ example: '2026-11-30' }) to: string;
  @ApiProperty({ example: 'Asia/Shanghai' }) timeZone: string;
  @ApiProperty({ type: [NodeFiguresDto], description: 'every town station and village point of the county, by code' })
  nodes: NodeFiguresDto[];
  @ApiProperty({ type: [FirstKilometreDayDto], description: 'every day of the period, oldest first' })
  firstKilometre: FirstKilometreDayDto[];
  @ApiProperty({ type: [ExcursionDayDto], description: 'every day of the period, oldest first' })
  excursions: ExcursionDayDto[];
  @ApiProperty({ type: LogisticsTotalsDto }) totals: LogisticsTotalsDto;
  @ApiProperty({ type: CurrentParcelsDto }) current: CurrentParcelsDto;
}
