import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  CountySettings,
  HostType,
  NetworkNode,
  NodeLevel,
  Route,
  RouteKind,
  TimetableEntry,
  Vehicle,
  VehicleKind,
} from './network.entities';

const COUNTY = /^\d{6}$/;

export class NodeCreateDto {
  @ApiProperty({
    example: '360722100201',
    description: '6 digits for the county hub, 9 a town station, 12 a village point',
  })
  @Matches(/^(\d{6}|\d{9}|\d{12})$/, { message: 'code must be 6, 9 or 12 digits' })
  code: string;

  @ApiProperty({ example: '安西镇大塘村服务站' })
  @IsString()
  @Length(2, 100)
  name: string;

  @ApiPropertyOptional({ description: 'the parent node (none for the county hub)' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiProperty({ example: 24.92 })
  @IsLatitude()
  latitude: number;

  @ApiProperty({ example: 114.93 })
  @IsLongitude()
  longitude: number;

  @ApiProperty({ enum: HostType })
  @IsEnum(HostType)
  hostType: HostType;

  @ApiProperty({ example: '08:00-20:00' })
  @IsString()
  @Length(1, 100)
  openingHours: string;

  @ApiPropertyOptional({ description: 'the identity organisation whose members operate the node' })
  @IsOptional()
  @IsUUID()
  operatorOrgId?: string;

  @ApiPropertyOptional({ default: 0, description: 'shelves; a village point needs at least one' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(99)
  shelves?: number;

  @ApiPropertyOptional({ default: 0, description: 'layers per shelf' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  layers?: number;

  @ApiPropertyOptional({ default: 20, description: 'parcels one layer holds' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  slotCapacity?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  coldStorage?: boolean;

  @ApiPropertyOptional({ description: 'litres of cold storage; unlimited when omitted' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  coldCapacityLitres?: number;
}

export class NodeUpdateDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(2, 100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsLatitude() latitude?: number;
  @ApiPropertyOptional() @IsOptional() @IsLongitude() longitude?: number;
  @ApiPropertyOptional({ enum: HostType }) @IsOptional() @IsEnum(HostType) hostType?: HostType;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) openingHours?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() operatorOrgId?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(99) shelves?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(20) layers?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(500) slotCapacity?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() coldStorage?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) coldCapacityLitres?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class NodeSearchDto {
  @ApiProperty({ example: '360722' })
  @Matches(COUNTY, { message: 'countyCode must be 6 digits' })
  countyCode: string;

  @ApiPropertyOptional({ enum: NodeLevel })
  @IsOptional()
  @IsEnum(NodeLevel)
  level?: NodeLevel;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  operatorOrgId?: string;
}

export class NodeResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() countyCode: string;
  @ApiProperty({ enum: NodeLevel }) level: NodeLevel;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) parentId: string | null;
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
  @ApiProperty({ enum: HostType }) hostType: HostType;
  @ApiProperty() openingHours: string;
  @ApiProperty({ nullable: true, type: String }) operatorOrgId: string | null;
  @ApiProperty() shelves: number;
  @ApiProperty() layers: number;
  @ApiProperty() slotCapacity: number;
  @ApiProperty() coldStorage: boolean;
  @ApiProperty({ nullable: true, type: Number }) coldCapacityLitres: number | null;
  @ApiProperty() active: boolean;
}

export const mapNode = (node: NetworkNode): NodeResponseDto => ({
  id: node.id,
  code: node.code,
  countyCode: node.countyCode,
  level: node.level,
  name: node.name,
  parentId: node.parentId,
  latitude: node.latitude,
  longitude: node.longitude,
  hostType: node.hostType,
  openingHours: node.openingHours,
  operatorOrgId: node.operatorOrgId,
  shelves: node.shelves,
  layers: node.layers,
  slotCapacity: node.slotCapacity,
  coldStorage: node.coldStorage,
  coldCapacityLitres: node.coldCapacityLitres,
  active: node.active,
});

export class VehicleCreateDto {
  @ApiProperty({ example: '360722' })
  @Matches(COUNTY, { message: 'countyCode must be 6 digits' })
  countyCode: string;

  @ApiProperty({ example: '赣B·D1234' })
  @IsString()
  @Length(2, 20)
  plate: string;

  @ApiProperty({ example: '冷链厢式货车 1 号' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: VehicleKind })
  @IsEnum(VehicleKind)
  kind: VehicleKind;

  @ApiProperty({ example: 1500 })
  @IsInt()
  @Min(1)
  @Max(50_000)
  capacityKg: number;

  @ApiProperty({ example: 8000 })
  @IsInt()
  @Min(1)
  @Max(200_000)
  capacityLitres: number;

  @ApiProperty()
  @IsBoolean()
  refrigerated: boolean;
}

export class VehicleUpdateDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(50_000) capacityKg?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(200_000) capacityLitres?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() refrigerated?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
}

export class CountyQueryDto {
  @ApiProperty({ example: '360722' })
  @Matches(COUNTY, { message: 'countyCode must be 6 digits' })
  countyCode: string;
}

export class CountyParamDto {
  @ApiProperty({ example: '360722' })
  @Matches(COUNTY, { message: 'countyCode must be 6 digits' })
  countyCode: string;
}

export class VehicleResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() countyCode: string;
  @ApiProperty() plate: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: VehicleKind }) kind: VehicleKind;
  @ApiProperty() capacityKg: number;
  @ApiProperty() capacityLitres: number;
  @ApiProperty() refrigerated: boolean;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'the user who drives it (role driver at the hub)' })
  driverUserId: string | null;
}

export class VehicleDriverUpdateDto {
  @ApiProperty({ nullable: true, type: String, description: "the driver's user id, or null for none" })
  @ValidateIf((dto: VehicleDriverUpdateDto) => dto.driverUserId !== null)
  @IsUUID()
  driverUserId: string | null;
}

export const mapVehicle = (vehicle: Vehicle): VehicleResponseDto => ({
  id: vehicle.id,
  countyCode: vehicle.countyCode,
  plate: vehicle.plate,
  name: vehicle.name,
  kind: vehicle.kind,
  capacityKg: vehicle.capacityKg,
  capacityLitres: vehicle.capacityLitres,
  refrigerated: vehicle.refrigerated,
  active: vehicle.active,
  driverUserId: vehicle.driverUserId ?? null,
});

export class TimetableEntryDto implements TimetableEntry {
  @ApiProperty()
  @IsUUID()
  nodeId: string;

  @ApiProperty({ example: '07:30' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'departs must be HH:MM' })
  departs: string;
}

export class RouteCreateDto {
  @ApiProperty()
  @IsUUID()
  vehicleId: string;

  @ApiProperty({ example: '安西线（周一三五）' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: RouteKind })
  @IsEnum(RouteKind)
  kind: RouteKind;

  @ApiProperty({ example: [1, 3, 5], description: 'ISO weekdays: 1 = Monday … 7 = Sunday' })
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsIn([1, 2, 3, 4, 5, 6, 7], { each: true })
  weekdays: number[];

  @ApiProperty({ description: 'towns and villages served; a town covers its villages' })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  nodeIds: string[];

  @ApiPropertyOptional({ type: [TimetableEntryDto], description: 'for a scheduled bus: when it leaves each stop' })
  @IsOptional()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => TimetableEntryDto)
  timetable?: TimetableEntryDto[];
}

export class RouteResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() countyCode: string;
  @ApiProperty() vehicleId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: RouteKind }) kind: RouteKind;
  @ApiProperty({ type: [Number] }) weekdays: number[];
  @ApiProperty({ type: [String] }) nodeIds: string[];
  @ApiProperty({ type: [TimetableEntryDto], nullable: true }) timetable: TimetableEntry[] | null;
  @ApiProperty() active: boolean;
}

export const mapRoute = (route: Route): RouteResponseDto => ({
  id: route.id,
  countyCode: route.countyCode,
  vehicleId: route.vehicleId,
  name: route.name,
  kind: route.kind,
  weekdays: route.weekdays,
  nodeIds: route.nodeIds,
  timetable: route.timetable,
  active: route.active,
});

export class CountySettingsUpdateDto {
  @ApiPropertyOptional({ example: 5, description: 'days a parcel waits at a village point before it goes back' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  retentionDays?: number;

  @ApiPropertyOptional({ example: 24, description: 'hours before the deadline the recipient is reminded' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(240)
  reminderHoursBefore?: number;

  @ApiPropertyOptional({ example: 5, description: 'wrong pickup codes allowed at a point within the window' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  pickupMaxAttempts?: number;

  @ApiPropertyOptional({ example: 60 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  pickupWindowMinutes?: number;

  @ApiPropertyOptional({ example: 30, description: 'how long further tries at that point are locked' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  pickupLockMinutes?: number;
}

export class CountySettingsResponseDto {
  @ApiProperty() countyCode: string;
  @ApiProperty() retentionDays: number;
  @ApiProperty() reminderHoursBefore: number;
  @ApiProperty() pickupMaxAttempts: number;
  @ApiProperty() pickupWindowMinutes: number;
  @ApiProperty() pickupLockMinutes: number;
}

export const mapSettings = (settings: Omit<CountySettings, 'updatedBy' | 'updatedAt'>): CountySettingsResponseDto => ({
  countyCode: settings.countyCode,
  retentionDays: settings.retentionDays,
  reminderHoursBefore: settings.reminderHoursBefore,
  pickupMaxAttempts: settings.pickupMaxAttempts,
  pickupWindowMinutes: settings.pickupWindowMinutes,
  pickupLockMinutes: settings.pickupLockMinutes,
});
