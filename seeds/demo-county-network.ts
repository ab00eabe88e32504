import type { HostType, RouteKind, VehicleKind } from '../apps/logistics/src/network/network.entities';
import { hashInt, pick } from './demo-codes';

// The logistics enums' values as literal types: this module is read by the seed's quick check, which must not load
// the services (TypeORM, Nest) just to compare a few codes.
export type Host = `${HostType}`;
type Vehicle = `${VehicleKind}`;
type Kind = `${RouteKind}`;

/**
 * The geography of the demo county 信丰县 (360722, 赣州市, 江西省): one hub in the county seat, the 13 towns and 3
 * townships with their national division codes (360722100 …), four villages each. Village names and the last three
 * digits of their codes are illustrative (villages use 2xx, as in the national codes); 大塘埠村 (360722101203),
 * 安西村 (360722105201) and 赵家庄村 (360722102210) are the villages the original demo organisations already named.
 */
export interface DemoTown {
  code: string;
  name: string;
  latitude: number;
  longitude: number;
  villages: DemoVillage[];
}

export interface DemoVillage {
  code: string;
  name: string;
  townCode: string;
  latitude: number;
  longitude: number;
  hostType: Host;
}

export const COUNTY_HUB = {
  code: '360722',
  name: '信丰县电商物流配送中心',
  latitude: 25.3795,
  longitude: 114.9472,
};

const TOWN_ROWS: [code: string, name: string, lat: number, lon: number, villages: [string, string][]][] = [
  [
    '100',
    '嘉定镇',
    25.3957,
    114.9253,
    [
      ['201', '游州村'],
      ['202', '水东村'],
      ['203', '龙舌村'],
      ['204', '谷山村'],
    ],
  ],
  [
    '101',
    '大塘埠镇',
    25.4683,
    114.8731,
    [
      ['201', '胡田村'],
      ['202', '石坑村'],
      ['203', '大塘埠村'],
      ['204', '坳头村'],
    ],
  ],
  [
    '102',
    '古陂镇',
    25.3182,
    115.0824,
    [
      ['201', '古陂村'],
      ['202', '蓝田村'],
      ['203', '太平村'],
      ['210', '赵家庄村'],
    ],
  ],
  [
    '103',
    '大桥镇',
    25.2471,
    114.9852,
    [
      ['201', '大桥村'],
      ['202', '塘坑村'],
      ['203', '新圩村'],
      ['204', '杉树村'],
    ],
  ],
  [
    '104',
    '新田镇',
    25.5548,
    114.9301,
    [
      ['201', '新田村'],
      ['202', '金鸡村'],
      ['203', '百石村'],
      ['204', '合村村'],
    ],
  ],
  [
    '105',
    '安西镇',
    25.2153,
    114.8352,
    [
      ['201', '安西村'],
      ['202', '大坝村'],
      ['203', '新塘村'],
      ['204', '长岭村'],
    ],
  ],
  [
    '106',
    '小江镇',
    25.1634,
    114.9523,
    [
      ['201', '小江村'],
      ['202', '山香村'],
      ['203', '水口村'],
      ['204', '东坑村'],
    ],
  ],
  [
    '107',
    '铁石口镇',
    25.3384,
    114.9951,
    [
      ['201', '铁石口村'],
      ['202', '石门村'],
      ['203', '芫菜村'],
      ['204', '樟树村'],
    ],
  ],
  [
    '108',
    '大阿镇',
    25.3372,
    114.7753,
    [
      ['201', '大阿村'],
      ['202', '乌石村'],
      ['203', '高桥村'],
      ['204', '阳光村'],
    ],
  ],
  [
    '109',
    '油山镇',
    25.2871,
    114.6254,
    [
      ['201', '油山村'],
      ['202', '上乐村'],
      ['203', '长安村'],
      ['204', '坪田村'],
    ],
  ],
  [
    '110',
    '小河镇',
    25.1452,
    115.0351,
    [
      ['201', '小河村'],
      ['202', '中和村'],
      ['203', '岭背村'],
      ['204', '黄泥村'],
    ],
  ],
  [
    '111',
    '西牛镇',
    25.4751,
    114.7352,
    [
      ['201', '西牛村'],
      ['202', '曾屋村'],
      ['203', '竹山村'],
      ['204', '下湾村'],
    ],
  ],
  [
    '112',
    '正平镇',
    25.5453,
    115.0351,
    [
      ['201', '正平村'],
      ['202', '龙头村'],
      ['203', '圳下村'],
      ['204', '河背村'],
    ],
  ],
  [
    '200',
    '虎山乡',
    25.0452,
    115.0653,
    [
      ['201', '虎山村'],
      ['202', '隘高村'],
      ['203', '中坝村'],
      ['204', '上坪村'],
    ],
  ],
  [
    '201',
    '崇仙乡',
    25.0753,
    114.8802,
    [
      ['201', '崇仙村'],
      ['202', '竹园村'],
      ['203', '龙井村'],
      ['204', '石陂村'],
    ],
  ],
  [
    '202',
    '万隆乡',
    25.4052,
    115.1253,
    [
      ['201', '万隆村'],
      ['202', '塘背村'],
      ['203', '樟坑村'],
      ['204', '西坑村'],
    ],
  ],
];

const VILLAGE_HOSTS: Host[] = ['yinong_agency', 'village_shop', 'post_station', 'village_committee', 'supply_coop'];

/** An offset of up to ±0.03° (about 3 km) from the town centre, the same on every run. */
const jitter = (key: string): number => (hashInt(key, 6001) - 3000) / 100_000;

export const TOWNS: DemoTown[] = TOWN_ROWS.map(([suffix, name, latitude, longitude, villages]) => {
  const code = `360722${suffix}`;
  return {
    code,
    name,
    latitude,
    longitude,
    villages: villages.map(([villageSuffix, villageName]) => {
      const villageCode = `${code}${villageSuffix}`;
      return {
        code: villageCode,
        name: villageName,
        townCode: code,
        latitude: Number((latitude + jitter(`lat:${villageCode}`)).toFixed(4)),
        longitude: Number((longitude + jitter(`lon:${villageCode}`)).toFixed(4)),
        // 大塘埠村's point is the 益农信息社 the original demo named
        hostType: villageCode === '360722101203' ? 'yinong_agency' : pick(`host:${villageCode}`, VILLAGE_HOSTS),
      };
    }),
  };
});

export const VILLAGES: DemoVillage[] = TOWNS.flatMap((town) => town.villages);

export const townOf = (code: string): DemoTown => {
  const town = TOWNS.find((candidate) => code.startsWith(candidate.code));
  if (!town) {
    throw new Error(`no demo town for ${code}`);
  }
  return town;
};

export const villageOf = (code: string): DemoVillage => {
  const village = VILLAGES.find((candidate) => candidate.code === code);
  if (!village) {
    throw new Error(`no demo village ${code}`);
  }
  return village;
};

const POINT_SUFFIX: Partial<Record<Host, string>> = {
  yinong_agency: '益农信息社',
  village_shop: '便民超市服务点',
  post_station: '邮政村邮站',
  village_committee: '村级电商服务站',
  supply_coop: '供销综合服务社',
};

/** The service point's name, which its organisation and its node share: e.g. 大塘埠村益农信息社. */
export const pointName = (village: DemoVillage): string =>
  `${village.name}${POINT_SUFFIX[village.hostType] ?? '服务站'}`;

export const townStationName = (town: DemoTown): string => `${town.name}电商物流服务站`;

export interface DemoVehicle {
  plate: string;
  name: string;
  kind: Vehicle;
  capacityKg: number;
  capacityLitres: number;
  refrigerated: boolean;
}

/** The vehicle the demo's driver drives (refrigerated van 1). */
export const DRIVER_PLATE = '赣B·D07221';

export const VEHICLES: DemoVehicle[] = [
  {
    plate: '赣B·D07221',
    name: '冷链厢式货车 1 号',
    kind: 'van',
    capacityKg: 1500,
    capacityLitres: 8000,
    refrigerated: true,
  },
  {
    plate: '赣B·D07222',
    name: '冷链厢式货车 2 号',
    kind: 'van',
    capacityKg: 1500,
    capacityLitres: 8000,
    refrigerated: true,
  },
  {
    plate: '赣B·K3501',
    name: '4.2 米厢式货车 1 号',
    kind: 'truck',
    capacityKg: 4000,
    capacityLitres: 20000,
    refrigerated: false,
  },
  {
    plate: '赣B·K3502',
    name: '4.2 米厢式货车 2 号',
    kind: 'truck',
    capacityKg: 4000,
    capacityLitres: 20000,
    refrigerated: false,
  },
  {
    plate: '赣B·A6631',
    name: '面包车 1 号',
    kind: 'van',
    capacityKg: 800,
    capacityLitres: 4000,
    refrigerated: false,
  },
  {
    plate: '赣B·A6632',
    name: '面包车 2 号',
    kind: 'van',
    capacityKg: 800,
    capacityLitres: 4000,
    refrigerated: false,
  },
  {
    plate: '赣B·A6633',
    name: '面包车 3 号',
    kind: 'van',
    capacityKg: 800,
    capacityLitres: 4000,
    refrigerated: false,
  },
  {
    plate: '赣B·F2108',
    name: '城乡公交 108 路',
    kind: 'bus',
    capacityKg: 300,
    capacityLitres: 2000,
    refrigerated: false,
  },
  {
    plate: '赣B·F2115',
    name: '城乡公交 115 路',
    kind: 'bus',
    capacityKg: 300,
    capacityLitres: 2000,
    refrigerated: false,
  },
  {
    plate: '赣B·F2120',
    name: '城乡公交 120 路',
    kind: 'bus',
    capacityKg: 300,
    capacityLitres: 2000,
    refrigerated: false,
  },
];

/** Town names of the three delivery lines out of the hub. */
const NORTH_EAST = ['嘉定镇', '大塘埠镇', '新田镇', '正平镇', '万隆乡', '古陂镇'];
const SOUTH = ['大桥镇', '铁石口镇', '小江镇', '小河镇', '虎山乡', '崇仙乡'];
const WEST = ['安西镇', '大阿镇', '油山镇', '西牛镇'];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

export interface DemoRoute {
  name: string;
  plate: string;
  kind: Kind;
  weekdays: number[];
  /** Node codes served (a town covers its villages). */
  stops: string[];
  /** For a scheduled bus: departure from each stop, in the order of `stops`. */
  departs?: string[];
}

const townCodes = (names: string[]): string[] =>
  names.map((name) => {
    const town = TOWNS.find((candidate) => candidate.name === name);
    if (!town) {
      throw new Error(`no demo town ${name}`);
    }
    return town.code;
  });

export const ROUTES: DemoRoute[] = [
  {
    name: '冷链东北线（每日）',
    plate: '赣B·D07221',
    kind: 'run',
    weekdays: EVERY_DAY,
    stops: townCodes(NORTH_EAST),
  },
  {
    name: '冷链西南线（每日）',
    plate: '赣B·D07222',
    kind: 'run',
    weekdays: EVERY_DAY,
    stops: townCodes([...SOUTH, ...WEST]),
  },
  {
    name: '东北线干线（一三五）',
    plate: '赣B·K3501',
    kind: 'run',
    weekdays: [1, 3, 5],
    stops: townCodes(NORTH_EAST),
  },
  { name: '西线干线（二四六）', plate: '赣B·K3501', kind: 'run', weekdays: [2, 4, 6], stops: townCodes(WEST) },
  { name: '南线干线（一三五）', plate: '赣B·K3502', kind: 'run', weekdays: [1, 3, 5], stops: townCodes(SOUTH) },
  {
    name: '东北线干线（二四六）',
    plate: '赣B·K3502',
    kind: 'run',
    weekdays: [2, 4, 6],
    stops: townCodes(NORTH_EAST),
  },
  {
    name: '东北线村级配送（每日）',
    plate: '赣B·A6631',
    kind: 'run',
    weekdays: EVERY_DAY,
    stops: townCodes(NORTH_EAST),
  },
  {
    name: '南线村级配送（每日）',
    plate: '赣B·A6632',
    kind: 'run',
    weekdays: EVERY_DAY,
    stops: townCodes(SOUTH),
  },
  {
    name: '西线村级配送（每日）',
    plate: '赣B·A6633',
    kind: 'run',
    weekdays: EVERY_DAY,
    stops: townCodes(WEST),
  },
  {
    name: '108 路 信丰—大塘埠—新田 公交捎货',
    plate: '赣B·F2108',
    kind: 'scheduled_bus',
    weekdays: EVERY_DAY,
    stops: ['360722101', '360722101203', '360722104', '360722104201'],
    departs: ['07:30', '07:55', '08:25', '08:40'],
  },
  {
    name: '115 路 信丰—安西—小江 公交捎货',
    plate: '赣B·F2115',
    kind: 'scheduled_bus',
    weekdays: EVERY_DAY,
    stops: ['360722105', '360722105201', '360722106', '360722106201'],
    departs: ['07:00', '07:20', '07:50', '08:05'],
  },
  {
    name: '120 路 信丰—大阿—油山 公交捎货',
    plate: '赣B·F2120',
    kind: 'scheduled_bus',
    weekdays: [1, 2, 3, 4, 5, 6],
    stops: ['360722108', '360722108201', '360722109', '360722109202'],
    departs: ['06:50', '07:05', '07:40', '07:55'],
  },
];

/** What the county sets instead of the platform's defaults (parcels wait a week at a village point). */
export const COUNTY_SETTINGS = { retentionDays: 7 };
