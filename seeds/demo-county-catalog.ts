import { OrganisationKind, TemperatureClass } from '@countyflow/contracts';
import type { Certification as CertificationEnum } from '../apps/catalog/src/listing/listing.entity';
import type { LotUnit as LotUnitEnum } from '../apps/catalog/src/lot/lot.dto';
import { ean13For } from './demo-codes';
import { townOf, villageOf } from './demo-county-network';

/**
 * What the demo county's sellers offer: cooperatives and family farms list produce (sold by weight, with harvest
 * lots), county merchants list goods for the villages. Prices are integer fen, weights grams, volumes millilitres,
 * as the catalog keeps them. Everything here is plain data; seeds/demo-catalog.ts puts it in through the API.
 */
// The catalog's enums as literal types: the seed's quick check reads this module and must not load the services.
export type Certification = `${CertificationEnum}`;
export type LotUnit = `${LotUnitEnum}`;

export interface TemperaturePlan {
  class: TemperatureClass;
  minC?: number;
  maxC?: number;
}

export interface SkuPlan {
  spec: string;
  priceFen: number;
  weightGrams: number;
  volumeMl: number;
  barcode: string | null;
  initialStock: number;
}

export interface TestResultPlan {
  item: string;
  result: string;
  passed: boolean;
  method: string;
  laboratory: string;
}

export interface LotPlan {
  /** Harvest season: it starts on [month, day] and lasts `days`; lots are dated in the latest season before today. */
  season: [month: number, day: number, days: number];
  /** 0 = the latest harvest, 1 = the one before it … */
  batch: number;
  quantity: number;
  unit: LotUnit;
  grade: string;
  testResults: TestResultPlan[];
}

export interface ListingPlan {
  title: string;
  categoryId: string;
  description: string;
  originVillageCode: string | null;
  certifications: Certification[];
  shelfLifeDays: number | null;
  temperature: TemperaturePlan;
  weightToleranceGrams: number | null;
  skus: SkuPlan[];
  lots: LotPlan[];
}

export interface SellerPlan {
  /** Stable key, used to derive the organisation's fixed id, credit code and owner. */
  key: string;
  kind: OrganisationKind;
  name: string;
  villageCode: string | null;
  listings: ListingPlan[];
}

// ---------------------------------------------------------------------------------------------------------------
// Produce

const LAB = '信丰县农产品质量安全检测站';
const test = (item: string, result: string, method: string): TestResultPlan => ({
  item,
  result,
  passed: true,
  method,
  laboratory: LAB,
});
const PESTICIDE = test('农药残留（酶抑制率法速测）', '抑制率 <50%，合格', 'GB/T 5009.199-2003');
const CLENBUTEROL = test('瘦肉精（盐酸克伦特罗）', '未检出，合格', 'NY/T 468-2006');
const HONEY_SUGAR = test('果糖和葡萄糖含量', '≥60 g/100g，合格', 'GB 14963-2011');
const OIL_ACID = test('酸价（KOH）', '≤3 mg/g，合格', 'GB 5009.229-2016');
const MALACHITE = test('孔雀石绿', '未检出，合格', 'GB/T 19857-2005');
const NITRITE = test('亚硝酸盐（以 NaNO₂ 计）', '≤20 mg/kg，合格', 'GB 5009.33-2016');
const CADMIUM = test('镉（以 Cd 计）', '≤0.2 mg/kg，合格', 'GB 5009.15-2014');
const AFLATOXIN = test('黄曲霉毒素 B₁', '≤5 μg/kg，合格', 'GB 5009.22-2016');

interface ProduceKind {
  category: string;
  blurb: string;
  temperature?: TemperaturePlan;
  shelfLifeDays: number;
  season: [number, number, number];
  unit: LotUnit;
  lotQuantity: number;
  tolerance: number | null;
  certifications?: Certification[];
  test: TestResultPlan;
}

const AMBIENT: TemperaturePlan = { class: TemperatureClass.Ambient };
const CHILLED: TemperaturePlan = { class: TemperatureClass.Chilled };
const FROZEN: TemperaturePlan = { class: TemperatureClass.Frozen };
const GI: Certification = 'geographical_indication';
const GREEN: Certification = 'green_food';
const ORGANIC: Certification = 'organic';

const kind = (spec: ProduceKind): ProduceKind => spec;

const K = {
  orange: kind({
    category: 'citrus',
    blurb: '信丰是“中国脐橙之乡”，果园现摘现发，果肉细嫩化渣、酸甜适口。',
    shelfLifeDays: 30,
    season: [11, 5, 12],
    unit: 'kg',
    lotQuantity: 6000,
    tolerance: 200,
    certifications: [GI],
    test: PESTICIDE,
  }),
  citrus: kind({
    category: 'citrus',
    blurb: '赣南丘陵果园种植，自然成熟后采摘。',
    shelfLifeDays: 20,
    season: [10, 20, 15],
    unit: 'kg',
    lotQuantity: 2000,
    tolerance: 200,
    test: PESTICIDE,
  }),
  melonSeed: kind({
    category: 'nuts-dried-fruit',
    blurb: '信丰红瓜子，国家地理标志产品：板正、籽粒饱满、壳薄仁厚，传统工艺炒制。',
    shelfLifeDays: 180,
    season: [8, 10, 20],
    unit: 'kg',
    lotQuantity: 1500,
    tolerance: 20,
    certifications: [GI],
    test: AFLATOXIN,
  }),
  nuts: kind({
    category: 'nuts-dried-fruit',
    blurb: '本地农户种植，晒干后精选。',
    shelfLifeDays: 180,
    season: [8, 20, 20],
    unit: 'kg',
    lotQuantity: 800,
    tolerance: 30,
    test: AFLATOXIN,
  }),
  pickle: kind({
    category: 'cured-meat',
    blurb: '客家传统腌制，选用本地白萝卜、芥菜，日晒盐腌，不添加防腐剂。',
    shelfLifeDays: 240,
    season: [12, 1, 30],
    unit: 'kg',
    lotQuantity: 1200,
    tolerance: 30,
    test: NITRITE,
  }),
  curedMeat: kind({
    category: 'cured-meat',
    blurb: '冬至前后腌制风干，客家传统做法，肉香浓郁。',
    shelfLifeDays: 120,
    season: [11, 1, 15],
    unit: 'kg',
    lotQuantity: 800,
    tolerance: 50,
    test: CLENBUTEROL,
  }),
  teaOil: kind({
    category: 'edible-oil',
    blurb: '新田镇高山油茶林，霜降采摘茶果，物理压榨，不勾兑。',
    shelfLifeDays: 540,
    season: [10, 23, 20],
    unit: 'kg',
    lotQuantity: 3000,
    tolerance: null,
    certifications: [GREEN],
    test: OIL_ACID,
  }),
  sweetCorn: kind({
    category: 'fruiting-vegetables',
    blurb: '小江镇沙壤土种植的甜玉米，清晨采收，当天预冷发货，生吃也甜。',
    temperature: CHILLED,
    shelfLifeDays: 5,
    season: [10, 25, 20],
    unit: 'kg',
    lotQuantity: 4000,
    tolerance: 200,
    test: PESTICIDE,
  }),
  grain: kind({
    category: 'coarse-grains',
    blurb: '本地种植，晾晒后石磨加工。',
    shelfLifeDays: 180,
    season: [8, 1, 30],
    unit: 'kg',
    lotQuantity: 2000,
    tolerance: 100,
    test: CADMIUM,
  }),
  honey: kind({
    category: 'honey',
    blurb: '油山深山中蜂养殖，一年一取的成熟蜜，自然结晶属正常现象。',
    shelfLifeDays: 720,
    season: [5, 10, 30],
    unit: 'kg',
    lotQuantity: 600,
    tolerance: null,
    test: HONEY_SUGAR,
  }),
  driedFungi: kind({
    category: 'dried-fungi',
    blurb: '段木栽培，低温烘干，香味浓郁、泡发率高。',
    shelfLifeDays: 365,
    season: [3, 1, 40],
    unit: 'kg',
    lotQuantity: 500,
    tolerance: 20,
    test: PESTICIDE,
  }),
  freshMushroom: kind({
    category: 'fresh-mushrooms',
    blurb: '大棚菌棒栽培，当天采摘，冷链发货。',
    temperature: CHILLED,
    shelfLifeDays: 5,
    season: [10, 15, 30],
    unit: 'kg',
    lotQuantity: 1500,
    tolerance: 200,
    test: PESTICIDE,
  }),
  winterShoot: kind({
    category: 'bamboo-shoots',
    blurb: '崇仙乡毛竹林现挖冬笋，壳黄肉白、鲜嫩无渣。',
    temperature: CHILLED,
    shelfLifeDays: 7,
    season: [11, 10, 10],
    unit: 'kg',
    lotQuantity: 1200,
    tolerance: 200,
    test: PESTICIDE,
  }),
  springShoot: kind({
    category: 'bamboo-shoots',
    blurb: '清明前后的毛竹春笋，清甜脆嫩。',
    temperature: CHILLED,
    shelfLifeDays: 5,
    season: [3, 20, 25],
    unit: 'kg',
    lotQuantity: 1500,
    tolerance: 200,
    test: PESTICIDE,
  }),
  driedShoot: kind({
    category: 'bamboo-shoots',
    blurb: '鲜笋蒸煮后日晒成干，客家人过年的必备菜。',
    shelfLifeDays: 365,
    season: [4, 1, 30],
    unit: 'kg',
    lotQuantity: 600,
    tolerance: 30,
    test: PESTICIDE,
  }),
  rice: kind({
    category: 'rice',
    blurb: '正平镇富硒土壤种植的一季晚稻，现碾现发，米香浓郁。',
    shelfLifeDays: 365,
    season: [10, 10, 20],
    unit: 'kg',
    lotQuantity: 20000,
    tolerance: 100,
    certifications: [GREEN],
    test: CADMIUM,
  }),
  vegetable: kind({
    category: 'fruiting-vegetables',
    blurb: '西牛镇蔬菜基地露天种植，早上采摘、下午发货。',
    shelfLifeDays: 5,
    season: [11, 1, 20],
    unit: 'kg',
    lotQuantity: 2500,
    tolerance: 200,
    test: PESTICIDE,
  }),
  leafy: kind({
    category: 'leafy-greens',
    blurb: '蔬菜基地当天采收，预冷后冷链发货。',
    temperature: CHILLED,
    shelfLifeDays: 3,
    season: [11, 5, 15],
    unit: 'kg',
    lotQuantity: 1500,
    tolerance: 200,
    test: PESTICIDE,
  }),
  rootVeg: kind({
    category: 'root-vegetables',
    blurb: '山地沙壤种植，挖出后晾干表皮发货，耐储存。',
    shelfLifeDays: 30,
    season: [10, 1, 30],
    unit: 'kg',
    lotQuantity: 5000,
    tolerance: 300,
    test: PESTICIDE,
  }),
  poultry: kind({
    category: 'poultry',
    blurb: '林下散养 180 天以上，吃虫草和稻谷长大，现宰排酸后冷链发货。',
    temperature: CHILLED,
    shelfLifeDays: 5,
    season: [11, 10, 7],
    unit: 'piece',
    lotQuantity: 300,
    tolerance: 100,
    test: CLENBUTEROL,
  }),
  frozenPoultry: kind({
    category: 'poultry',
    blurb: '林下散养，现宰速冻，全程冷冻运输。',
    temperature: FROZEN,
    shelfLifeDays: 180,
    season: [11, 1, 10],
    unit: 'piece',
    lotQuantity: 200,
    tolerance: 100,
    test: CLENBUTEROL,
  }),
  eggs: kind({
    category: 'eggs',
    blurb: '山林散养禽蛋，每天捡拾，蛋黄颜色自然。',
    shelfLifeDays: 30,
    season: [11, 10, 7],
    unit: 'box',
    lotQuantity: 400,
    tolerance: null,
    test: test('沙门氏菌', '未检出，合格', 'GB 4789.4-2016'),
  }),
  tea: kind({
    category: 'green-tea',
    blurb: '万隆乡海拔六百米的高山茶园，手工采摘一芽一叶。',
    shelfLifeDays: 540,
    season: [3, 20, 20],
    unit: 'kg',
    lotQuantity: 300,
    tolerance: null,
    certifications: [GREEN],
    test: PESTICIDE,
  }),
  kiwi: kind({
    category: 'kiwi',
    blurb: '小河镇山地果园，自然成熟后采摘，到货后常温放软即可食用。',
    shelfLifeDays: 20,
    season: [9, 15, 20],
    unit: 'kg',
    lotQuantity: 3000,
    tolerance: 200,
    test: PESTICIDE,
  }),
  berries: kind({
    category: 'berries',
    blurb: '大棚种植，熟一批摘一批，冷链次日达。',
    temperature: CHILLED,
    shelfLifeDays: 4,
    season: [12, 10, 20],
    unit: 'kg',
    lotQuantity: 800,
    tolerance: 100,
    test: PESTICIDE,
  }),
  grape: kind({
    category: 'berries',
    blurb: '避雨棚种植的夏黑葡萄，无籽脆甜。',
    temperature: CHILLED,
    shelfLifeDays: 7,
    season: [7, 5, 25],
    unit: 'kg',
    lotQuantity: 1500,
    tolerance: 200,
    test: PESTICIDE,
  }),
  passionFruit: kind({
    category: 'tropical-fruit',
    blurb: '紫香百香果，皮皱后最香。',
    temperature: { class: TemperatureClass.Range, minC: 6, maxC: 10 },
    shelfLifeDays: 15,
    season: [9, 1, 30],
    unit: 'kg',
    lotQuantity: 1000,
    tolerance: 200,
    test: PESTICIDE,
  }),
  mutton: kind({
    category: 'beef-mutton',
    blurb: '新田镇山地放养黑山羊，肉质紧实无膻味，屠宰后速冻。',
    temperature: FROZEN,
    shelfLifeDays: 180,
    season: [11, 1, 10],
    unit: 'kg',
    lotQuantity: 800,
    tolerance: 100,
    test: CLENBUTEROL,
  }),
  fish: kind({
    category: 'freshwater-fish',
    blurb: '山塘活水养殖，投喂青草和玉米，现捞现宰，冰鲜发货。',
    temperature: CHILLED,
    shelfLifeDays: 3,
    season: [11, 10, 7],
    unit: 'kg',
    lotQuantity: 1000,
    tolerance: 200,
    test: MALACHITE,
  }),
  shrimp: kind({
    category: 'shrimp-crab',
    blurb: '稻田套养的小河虾，捕捞后速冻锁鲜。',
    temperature: FROZEN,
    shelfLifeDays: 180,
    season: [9, 20, 30],
    unit: 'kg',
    lotQuantity: 300,
    tolerance: 50,
    test: MALACHITE,
  }),
};

interface ListingDraft {
  title: string;
  categoryId: string;
  blurb: string;
  certifications: Certification[];
  shelfLifeDays: number | null;
  temperature: TemperaturePlan;
  weightToleranceGrams: number | null;
  skus: [spec: string, priceFen: number, grams: number, stock: number, ml?: number][];
  lots: Omit<LotPlan, 'batch'> & { count: number };
  produce: boolean;
}

interface ProduceOptions {
  grade?: string;
  lots?: number;
  certifications?: Certification[];
  category?: string;
  temperature?: TemperaturePlan;
  shelfLifeDays?: number;
  tolerance?: number | null;
  blurb?: string;
  season?: [number, number, number];
}

/** A produce listing of `of`'s kind; SKUs are [spec, price in fen, shipping grams, starting stock]. */
function produce(
  of: ProduceKind,
  title: string,
  skus: ListingDraft['skus'],
  options: ProduceOptions = {},
): ListingDraft {
  return {
    title,
    categoryId: options.category ?? of.category,
    blurb: options.blurb ?? of.blurb,
    certifications: options.certifications ?? of.certifications ?? [],
    shelfLifeDays: options.shelfLifeDays ?? of.shelfLifeDays,
    temperature: options.temperature ?? of.temperature ?? AMBIENT,
    weightToleranceGrams: options.tolerance !== undefined ? options.tolerance : of.tolerance,
    skus,
    lots: {
      season: options.season ?? of.season,
      quantity: of.lotQuantity,
      unit: of.unit,
      grade: options.grade ?? '一级',
      testResults: [of.test],
      count: options.lots ?? 1,
    },
    produce: true,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Goods

/** A goods listing; SKUs are [spec, price in fen, shipping grams, starting stock, packed millilitres?]. */
function goods(categoryId: string, title: string, blurb: string, skus: ListingDraft['skus']): ListingDraft {
  return {
    title,
    categoryId,
    blurb,
    certifications: [],
    shelfLifeDays: null,
    temperature: AMBIENT,
    weightToleranceGrams: null,
    skus,
    lots: { season: [1, 1, 1], quantity: 0, unit: 'piece', grade: '', testResults: [], count: 0 },
    produce: false,
  };
}

interface SellerDraft {
  key: string;
  kind: OrganisationKind;
  name: string;
  villageCode: string | null;
  listings: ListingDraft[];
}

const coop = (key: string, name: string, villageCode: string, listings: ListingDraft[]): SellerDraft => ({
  key,
  kind: OrganisationKind.Cooperative,
  name,
  villageCode,
  listings,
});
const farm = (key: string, name: string, villageCode: string, listings: ListingDraft[]): SellerDraft => ({
  key,
  kind: OrganisationKind.FamilyFarm,
  name,
  villageCode,
  listings,
});
const merchant = (key: string, name: string, listings: ListingDraft[]): SellerDraft => ({
  key,
  kind: OrganisationKind.Merchant,
  name,
  villageCode: null,
  listings,
});

const PRODUCERS: SellerDraft[] = [
  coop('coop-anxi-orange', '信丰县安西镇脐橙专业合作社', '360722105201', [
    produce(
      K.orange,
      '信丰脐橙 现摘现发 5斤装',
      [
        ['5斤装 中果 70-75mm', 3990, 2700, 400],
        ['5斤装 大果 75-80mm', 4990, 2700, 300],
        ['10斤装 大果 75-80mm', 8990, 5300, 200],
      ],
      { lots: 2 },
    ),
    produce(
      K.orange,
      '信丰脐橙 特级果 礼盒装',
      [
        ['12枚 礼盒', 8800, 3300, 150],
        ['18枚 礼盒', 12800, 4900, 100],
      ],
      { grade: '特级' },
    ),
    produce(K.orange, '赣南脐橙 10斤家庭装', [
      ['10斤 中果', 6990, 5300, 300],
      ['10斤 大果', 7990, 5300, 200],
    ]),
    produce(K.orange, '信丰脐橙 小果尝鲜装 3斤', [['3斤 小果 65-70mm', 2590, 1700, 300]], { grade: '二级' }),
    produce(K.orange, '脐橙 产地直供 20斤整箱', [['20斤 混果', 13800, 10500, 80]], { tolerance: 500 }),
    produce(
      K.orange,
      '纽荷尔脐橙 精品果',
      [
        ['5斤装', 4590, 2700, 200],
        ['10斤装', 8290, 5300, 120],
      ],
      { grade: '特级' },
    ),
    produce(K.orange, '信丰脐橙 电商专供 9斤装', [['9斤装 75mm+', 7490, 4800, 250]]),
  ]),
  coop('coop-jiading-orange', '信丰县嘉定镇游州脐橙产销专业合作社', '360722100201', [
    produce(
      K.orange,
      '赣南脐橙 游州果园 5斤装',
      [
        ['5斤装', 4290, 2700, 300],
        ['8斤装', 6490, 4300, 200],
      ],
      { lots: 2 },
    ),
    produce(K.orange, '赣南脐橙 大果 15斤装', [['15斤 80mm+', 12900, 7900, 100]], { grade: '特级' }),
    produce(K.orange, '信丰脐橙 有机种植 5斤装', [['5斤装', 6990, 2700, 120]], { certifications: [GI, ORGANIC] }),
    produce(K.orange, '赣南脐橙 企业团购 50斤', [['50斤 5箱', 29900, 26000, 40]], { tolerance: 1000 }),
    produce(
      K.orange,
      '手工脐橙果干 250g',
      [
        ['250g 袋装', 2990, 300, 300],
        ['250g×4 袋', 9990, 1150, 100],
      ],
      { category: 'nuts-dried-fruit', shelfLifeDays: 180, tolerance: null, blurb: '脐橙切片低温烘干，不加糖。' },
    ),
    produce(K.citrus, '信丰塔罗科血橙 5斤装', [['5斤装', 5990, 2700, 100]], { season: [1, 10, 20] }),
    produce(K.citrus, '信丰沙田柚 2个装', [['2个 约2.5kg', 3590, 2700, 150]]),
  ]),
  coop('coop-datangbu-melonseed', '信丰县大塘埠镇红瓜子专业合作社', '360722101201', [
    produce(
      K.melonSeed,
      '信丰红瓜子 原味 500g',
      [
        ['500g 袋装', 3980, 550, 500],
        ['500g×2 袋', 7580, 1100, 200],
      ],
      { lots: 2 },
    ),
    produce(K.melonSeed, '信丰红瓜子 五香味 500g', [['500g 袋装', 3980, 550, 400]]),
    produce(K.melonSeed, '信丰红瓜子 礼盒 1kg', [['1kg 礼盒', 8980, 1300, 150]], { grade: '特级' }),
    produce(K.melonSeed, '信丰红瓜子 生瓜子 散装 5斤', [['5斤 编织袋', 16500, 2600, 60]]),
    produce(K.melonSeed, '信丰红瓜子仁 250g', [['250g 罐装', 4580, 350, 200]]),
    produce(K.nuts, '大塘埠 农家花生 带壳 1kg', [
      ['1kg', 1980, 1050, 300],
      ['2.5kg', 4580, 2600, 100],
    ]),
    produce(K.melonSeed, '红瓜子 独立小包 30包', [['30包×15g', 3280, 550, 300]]),
  ]),
  coop('coop-gubei-radish', '信丰县古陂镇萝卜干专业合作社', '360722102202', [
    produce(
      K.pickle,
      '信丰萝卜干 香辣味 500g',
      [
        ['500g 袋装', 1990, 550, 500],
        ['500g×3 袋', 5490, 1650, 200],
      ],
      { lots: 2 },
    ),
    produce(K.pickle, '信丰萝卜干 原味 1kg', [['1kg 袋装', 3290, 1050, 300]]),
    produce(K.pickle, '农家萝卜干 坛装 2.5kg', [['2.5kg 陶坛', 8800, 4200, 60]], { grade: '特级' }),
    produce(K.pickle, '客家梅干菜 500g', [['500g', 2590, 550, 200]]),
    produce(K.pickle, '古陂 朝天椒干 250g', [['250g', 1890, 300, 200]], {
      category: 'specialties',
      season: [8, 15, 30],
    }),
    produce(K.pickle, '客家酸菜 1kg', [['1kg 真空袋', 1690, 1100, 200]], { shelfLifeDays: 90 }),
    produce(K.pickle, '客家霉豆腐 2瓶装', [['280g×2 瓶', 2280, 800, 150]], { shelfLifeDays: 180 }),
  ]),
  coop('coop-daqiao-duck', '信丰县大桥镇板鸭专业合作社', '360722103201', [
    produce(K.curedMeat, '信丰板鸭 整只 约750g', [['整只 约750g', 5980, 800, 300]], { lots: 2 }),
    produce(K.curedMeat, '信丰板鸭 两只礼盒装', [['2只 约1.5kg 礼盒', 12800, 1800, 120]], { grade: '特级' }),
    produce(K.curedMeat, '客家腊肉 五花 500g', [
      ['500g', 4590, 550, 200],
      ['1kg', 8790, 1050, 120],
    ]),
    produce(K.curedMeat, '客家腊肠 500g', [['500g', 4290, 550, 200]]),
    produce(K.curedMeat, '腊鸭腿 4只装', [['4只 约600g', 3990, 650, 150]]),
    produce(K.curedMeat, '风干土鸡 整只 约1kg', [['整只 约1kg', 8990, 1100, 80]]),
    produce(K.curedMeat, '客家腊味 组合礼盒 2kg', [['板鸭+腊肉+腊肠 2kg', 19800, 2400, 80]], { grade: '特级' }),
  ]),
  coop('coop-xintian-teaoil', '信丰县新田镇油茶专业合作社', '360722104203', [
    produce(K.teaOil, '信丰山茶油 压榨一级 2.5L', [['2.5L 桶装', 29800, 2450, 150]], { lots: 2 }),
    produce(K.teaOil, '信丰山茶油 5L 桶装', [['5L 桶装', 56800, 4800, 80]]),
    produce(K.teaOil, '野生山茶油 500ml 礼盒', [['500ml×2 礼盒', 19800, 1400, 120]], { grade: '特级' }),
    produce(K.teaOil, '冷榨山茶油 1L', [['1L 玻璃瓶', 13800, 1500, 150]]),
    produce(K.teaOil, '油茶籽 晒干 5斤', [['5斤', 4500, 2600, 80]], {
      category: 'coarse-grains',
      tolerance: 200,
      certifications: [],
    }),
    produce(K.teaOil, '山茶油 农家自榨 10斤', [['10斤 塑料桶', 59800, 5300, 40]], { certifications: [] }),
  ]),
  coop('coop-xiaojiang-corn', '信丰县小江镇甜玉米专业合作社', '360722106201', [
    produce(K.sweetCorn, '信丰甜玉米 鲜穗 10根装', [['10根 约3kg', 3990, 3200, 300]], { lots: 2 }),
    produce(K.sweetCorn, '水果玉米 5斤装', [['5斤', 3590, 2700, 200]], { grade: '特级' }),
    produce(K.sweetCorn, '花糯玉米 8根装', [['8根 约2.5kg', 3290, 2700, 200]]),
    produce(K.sweetCorn, '真空甜玉米棒 10根', [['10根 约2.2kg', 4990, 2400, 300]], {
      temperature: AMBIENT,
      shelfLifeDays: 270,
      tolerance: null,
    }),
    produce(
      K.sweetCorn,
      '速冻甜玉米粒 1kg',
      [
        ['1kg', 1990, 1050, 200],
        ['1kg×3', 5490, 3150, 80],
      ],
      { temperature: FROZEN, shelfLifeDays: 365, tolerance: null },
    ),
    produce(K.grain, '农家玉米糁 5斤', [['5斤', 2290, 2600, 150]]),
  ]),
  coop('coop-youshan-honey', '信丰县油山镇蜂业专业合作社', '360722109202', [
    produce(K.honey, '油山土蜂蜜 百花蜜 500g', [['500g 玻璃瓶', 6800, 800, 300]], { lots: 2 }),
    produce(K.honey, '油山土蜂蜜 1kg 瓶装', [['1kg 玻璃瓶', 12800, 1500, 200]]),
    produce(K.honey, '鸭脚木冬蜜 500g', [['500g', 8800, 800, 120]], { season: [11, 15, 30] }),
    produce(K.honey, '紫云英蜂蜜 500g', [['500g', 5800, 800, 200]], { season: [3, 15, 25] }),
    produce(K.honey, '原生蜂巢蜜 500g', [['500g 盒装', 9800, 700, 100]], { grade: '特级' }),
    produce(K.honey, '土蜂蜜 双瓶礼盒', [['500g×2 礼盒', 15800, 1800, 100]]),
    produce(K.honey, '油茶花粉 250g', [['250g', 4800, 350, 120]]),
  ]),
  coop('coop-tieshikou-fungi', '信丰县铁石口镇食用菌专业合作社', '360722107202', [
    produce(
      K.driedFungi,
      '信丰香菇 干货 250g',
      [
        ['250g', 3890, 350, 300],
        ['500g', 7290, 650, 150],
      ],
      { lots: 2 },
    ),
    produce(K.driedFungi, '精选花菇 500g', [['500g 礼盒', 12800, 800, 100]], { grade: '特级' }),
    produce(K.freshMushroom, '鲜香菇 5斤装', [['5斤', 4590, 2800, 120]]),
    produce(K.driedFungi, '秋木耳 250g', [['250g', 3590, 350, 200]], { season: [9, 1, 40] }),
    produce(K.freshMushroom, '鲜平菇 5斤装', [['5斤', 2990, 2800, 120]]),
    produce(K.driedFungi, '茶树菇 干 250g', [['250g', 3290, 350, 150]]),
    produce(K.driedFungi, '竹荪 50g', [['50g 罐装', 4990, 200, 100]]),
  ]),
  coop('coop-chongxian-bamboo', '信丰县崇仙乡竹笋专业合作社', '360722201202', [
    produce(
      K.winterShoot,
      '崇仙鲜冬笋 5斤装',
      [
        ['5斤', 5990, 2800, 150],
        ['10斤', 10990, 5500, 60],
      ],
      { lots: 2 },
    ),
    produce(K.driedShoot, '农家笋干 500g', [['500g', 4590, 550, 200]]),
    produce(K.driedShoot, '手剥笋 即食 袋装', [['200g×5 袋', 2990, 1100, 200]], { shelfLifeDays: 180 }),
    produce(K.driedShoot, '玉兰片 250g', [['250g', 3990, 300, 150]], { grade: '特级' }),
    produce(K.springShoot, '毛竹春笋 5斤装', [['5斤', 3990, 2800, 100]]),
    produce(K.driedShoot, '水煮笋 真空 1kg', [['1kg', 2590, 1100, 150]], { shelfLifeDays: 270 }),
  ]),
  coop('coop-zhengping-rice', '信丰县正平镇富硒稻米专业合作社', '360722112201', [
    produce(K.rice, '信丰富硒大米 5kg', [['5kg', 4990, 5100, 300]], { lots: 2 }),
    produce(K.rice, '信丰富硒大米 10kg', [['10kg', 8990, 10200, 200]]),
    produce(K.rice, '正平 农家晚稻米 25kg', [['25kg 编织袋', 17500, 25300, 60]], {
      certifications: [],
      tolerance: 300,
    }),
    produce(K.rice, '赣南丝苗米 5kg', [['5kg', 4590, 5100, 200]]),
    produce(K.rice, '富硒糙米 2.5kg', [['2.5kg', 3290, 2600, 120]]),
    produce(K.grain, '农家红米 1kg', [['1kg', 1890, 1050, 150]], { season: [10, 1, 20] }),
    produce(K.rice, '客家糯米 2.5kg', [['2.5kg', 3590, 2600, 150]], { certifications: [] }),
  ]),
  coop('coop-xiniu-veg', '信丰县西牛镇蔬菜专业合作社', '360722111203', [
    produce(K.vegetable, '螺丝椒 5斤装', [['5斤', 2590, 2700, 200]], { lots: 2 }),
    produce(K.vegetable, '长豆角 3斤装', [['3斤', 1990, 1700, 150]]),
    produce(K.vegetable, '本地黄瓜 5斤装', [['5斤', 2290, 2700, 150]], {
      temperature: { class: TemperatureClass.Range, minC: 10, maxC: 13 },
    }),
    produce(K.vegetable, '本地苦瓜 3斤装', [['3斤', 1890, 1700, 120]]),
    produce(K.leafy, '上海青 3斤装', [['3斤', 1690, 1700, 150]]),
    produce(K.rootVeg, '西牛红薯 10斤装', [['10斤', 3290, 5300, 200]]),
    produce(K.rootVeg, '槟榔芋 5斤装', [['5斤', 3590, 2700, 120]]),
    produce(K.rootVeg, '小黄姜 3斤装', [['3斤', 2990, 1700, 120]]),
  ]),
  coop('coop-hushan-poultry', '信丰县虎山乡生态养殖专业合作社', '360722200201', [
    produce(K.poultry, '散养土鸡 整只 约1.5kg', [['整只 约1.5kg', 11800, 1700, 100]], { lots: 2 }),
    produce(K.eggs, '散养土鸡蛋 30枚', [['30枚 防震箱', 4590, 2000, 200]]),
    produce(K.eggs, '散养土鸡蛋 60枚 礼盒', [['60枚 礼盒', 8590, 3900, 100]], { grade: '特级' }),
    produce(K.eggs, '红心咸鸭蛋 20枚', [['20枚', 4290, 1600, 150]], { shelfLifeDays: 60 }),
    produce(K.poultry, '散养土鸭 整只 约2kg', [['整只 约2kg', 9800, 2200, 80]]),
    produce(K.frozenPoultry, '泰和乌鸡 整只 约1kg', [['整只 约1kg', 8800, 1200, 80]]),
    produce(K.eggs, '松花皮蛋 20枚', [['20枚', 3590, 1500, 150]], { shelfLifeDays: 90 }),
  ]),
  coop('coop-wanlong-tea', '信丰县万隆乡茶叶专业合作社', '360722202201', [
    produce(K.tea, '万隆高山绿茶 明前 250g', [['250g 罐装', 16800, 400, 100]], { grade: '特级', lots: 2 }),
    produce(K.tea, '万隆云雾茶 500g', [['500g 袋装', 19800, 600, 100]]),
    produce(K.tea, '客家工夫红茶 250g', [['250g 罐装', 12800, 400, 100]], {
      category: 'black-tea',
      season: [4, 20, 30],
    }),
    produce(K.tea, '高山绿茶 双罐礼盒', [['250g×2 礼盒', 29800, 1000, 60]], { grade: '特级' }),
    produce(K.tea, '客家擂茶粉 500g', [['500g', 3990, 600, 150]], { category: 'specialties', certifications: [] }),
  ]),
  farm('farm-xiaohe-kiwi', '信丰县小河镇绿源家庭农场', '360722110202', [
    produce(K.kiwi, '徐香猕猴桃 5斤装', [['5斤 约30个', 4990, 2800, 150]], { lots: 2 }),
    produce(K.kiwi, '红心猕猴桃 3斤装', [['3斤', 4590, 1700, 100]], { grade: '特级', season: [9, 1, 20] }),
    produce(K.grape, '夏黑葡萄 4斤装', [['4斤', 4990, 2300, 80]]),
    produce(K.passionFruit, '紫香百香果 5斤装', [['5斤', 3990, 2700, 120]]),
  ]),
  farm('farm-daa-riceduck', '信丰县大阿镇稻香家庭农场', '360722108203', [
    produce(K.rice, '稻鸭共作 生态米 5kg', [['5kg', 6990, 5100, 150]], {
      certifications: [ORGANIC],
      lots: 2,
      blurb: '稻田里放养鸭子除草捉虫，不打除草剂。',
    }),
    produce(K.rice, '稻鸭共作 生态米 10kg', [['10kg', 12900, 10200, 80]], {
      certifications: [ORGANIC],
      blurb: '稻田里放养鸭子除草捉虫，不打除草剂。',
    }),
    produce(K.poultry, '稻田麻鸭 整只 约1.8kg', [['整只 约1.8kg', 8800, 2000, 60]]),
  ]),
  farm('farm-anxi-orchard', '信丰县安西镇果香家庭农场', '360722105204', [
    produce(K.orange, '果香农场 信丰脐橙 5斤', [['5斤装', 3890, 2700, 200]], { lots: 2 }),
    produce(K.orange, '果香农场 信丰脐橙 10斤', [['10斤装', 6990, 5300, 150]]),
    produce(K.citrus, '农家蜜桔 5斤装', [['5斤', 2590, 2700, 150]]),
    produce(K.citrus, '红肉蜜柚 2个装', [['2个 约3kg', 3990, 3200, 100]]),
  ]),
  farm('farm-xintian-goat', '信丰县新田镇山羊家庭农场', '360722104204', [
    produce(K.mutton, '黑山羊肉 带皮 2斤', [['2斤', 12800, 1200, 100]], { lots: 2 }),
    produce(K.mutton, '黑山羊排 2斤', [['2斤', 13800, 1200, 80]]),
    produce(K.mutton, '黑山羊腿 整只 约2.5kg', [['整只 约2.5kg', 29800, 2800, 40]], { tolerance: 200 }),
  ]),
  farm('farm-daqiao-strawberry', '信丰县大桥镇草莓家庭农场', '360722103203', [
    produce(K.berries, '红颜草莓 3斤装', [['3斤 约45颗', 8800, 1900, 80]], { lots: 2 }),
    produce(K.berries, '红颜草莓 礼盒 2斤', [['2斤 精品礼盒', 9800, 1400, 60]], { grade: '特级' }),
    produce(K.vegetable, '千禧圣女果 3斤装', [['3斤', 3590, 1700, 100]], {
      category: 'fruiting-vegetables',
      temperature: { class: TemperatureClass.Range, minC: 13, maxC: 21 },
    }),
  ]),
  farm('farm-xiniu-fish', '信丰县西牛镇鱼塘家庭农场', '360722111204', [
    produce(K.fish, '山塘草鱼 现宰 约2kg', [['整条 约2kg', 5990, 2300, 60]], { lots: 2 }),
    produce(K.fish, '山塘鲫鱼 3条装', [['3条 约1.2kg', 4590, 1400, 60]]),
    produce(K.curedMeat, '客家腊鱼 500g', [['500g', 4290, 550, 100]], {
      category: 'cured-meat',
      blurb: '山塘草鱼腌制风干，蒸着吃最香。',
    }),
    produce(K.shrimp, '冻小河虾 500g', [['500g', 5990, 600, 80]]),
  ]),
];

const MERCHANTS: SellerDraft[] = [
  merchant('merchant-huinong', '信丰县惠农农资超市', [
    goods('fertiliser', '尿素 总氮≥46% 50kg', '颗粒尿素，水稻、脐橙追肥常用。县城仓库现货，送到村级服务站。', [
      ['50kg/袋', 15500, 50000, 400, 45000],
    ]),
    goods('fertiliser', '复合肥 15-15-15 40kg', '硫酸钾型三元复合肥，适用于水稻、蔬菜、果树。', [
      ['40kg/袋', 16800, 40000, 300, 36000],
    ]),
    goods('fertiliser', '高钾复合肥 17-17-17 40kg', '脐橙膨果期用，含中微量元素。', [
      ['40kg/袋', 19800, 40000, 200, 36000],
    ]),
    goods('fertiliser', '生物有机肥 颗粒 40kg', '发酵腐熟的畜禽粪便有机肥，改良果园土壤。', [
      ['40kg/袋', 5800, 40000, 300, 50000],
    ]),
    goods('fertiliser', '氯化钾 60% 50kg', '粉状钾肥，水稻分蘖肥。', [['50kg/袋', 18500, 50000, 150, 45000]]),
    goods('fertiliser', '过磷酸钙 40kg', '含磷 12%，底肥。', [['40kg/袋', 4800, 40000, 200, 36000]]),
    goods('fertiliser', '脐橙专用肥 40kg', '按赣南脐橙需肥规律配方，春梢肥、壮果肥通用。', [
      ['40kg/袋', 17800, 40000, 250, 36000],
    ]),
    goods('fertiliser', '大量元素水溶肥 高钾型 10kg', '滴灌、冲施两用。', [['10kg/桶', 12800, 10500, 100]]),
    goods('fertiliser', '磷酸二氢钾 叶面肥 1kg', '叶面喷施，保花保果。', [
      ['1kg/袋', 1800, 1050, 300],
      ['1kg×10袋', 16500, 10500, 50],
    ]),
  ]),
  merchant('merchant-fengshou-seed', '信丰县丰收种业经营部', [
    goods('seed', '杂交水稻种子 野香优莉丝 1kg', '优质籼稻，米质好，抗倒伏，适合赣南一季晚稻。', [
      ['1kg/包', 9800, 1050, 300],
    ]),
    goods('seed', '杂交水稻种子 Y两优900 1kg', '超级稻品种，高产稳产。', [['1kg/包', 8800, 1050, 300]]),
    goods('seed', '常规稻种子 黄华占 5kg', '常规优质稻，可自留种。', [['5kg/袋', 7500, 5100, 150]]),
    goods('seed', '甜玉米种子 粤甜16号 500g', '小江镇合作社主栽品种，甜度高、皮薄。', [['500g/包', 6800, 550, 200]]),
    goods('seed', '糯玉米种子 京科糯2000 200g', '花糯，口感软糯。', [['200g/包', 2800, 250, 200]]),
    goods('seed', '辣椒种子 螺丝椒 10g', '早熟、耐热、坐果多。', [['10g/包', 1500, 50, 300]]),
    goods('seed', '白萝卜种子 100g', '适合做萝卜干的本地长白萝卜。', [['100g/包', 800, 120, 300]]),
    goods('seed', '四季豆种子 250g', '无筋、耐热。', [['250g/包', 1200, 300, 200]]),
    goods('seed', '纽荷尔脐橙 嫁接苗', '枳壳砧木两年生营养袋苗，无黄龙病检疫证明。', [
      ['1株', 1500, 1500, 1000, 6000],
      ['100株', 135000, 150000, 20, 600000],
    ]),
    goods('seed', '西瓜种子 麒麟瓜 10g', '早熟，皮薄瓤红。', [['10g/包', 1800, 50, 200]]),
  ]),
  merchant('merchant-lvye-plant', '信丰县绿野植保农资店', [
    goods('pesticide', '阿维菌素 1.8% 乳油 500ml', '防治红蜘蛛、潜叶蛾。请按标签用量使用，遵守安全间隔期。', [
      ['500ml/瓶', 2800, 600, 200],
    ]),
    goods('pesticide', '吡虫啉 10% 可湿性粉剂 100g', '防治蚜虫、飞虱。', [
      ['100g/袋', 600, 120, 400],
      ['100g×20袋', 10800, 2500, 40],
    ]),
    goods('pesticide', '多菌灵 50% 可湿性粉剂 500g', '广谱杀菌剂，防治炭疽病。', [['500g/袋', 1500, 550, 200]]),
    goods('pesticide', '代森锰锌 80% 可湿性粉剂 500g', '保护性杀菌剂，脐橙疮痂病预防。', [['500g/袋', 1800, 550, 200]]),
    goods('pesticide', '草铵膦 200g/L 水剂 1L', '灭生性除草剂，果园行间除草，勿喷到果树。', [
      ['1L/瓶', 3500, 1100, 150],
    ]),
    goods('pesticide', '噻虫嗪 25% 水分散粒剂 10g×10', '防治木虱（黄龙病传播媒介）。', [['10g×10包', 2500, 150, 200]]),
    goods('pesticide', '石硫合剂 45% 结晶 1kg', '冬季清园用。', [['1kg/袋', 1200, 1050, 200]]),
    goods('pesticide', '苏云金杆菌 32000IU/mg 500g', '生物农药，防治菜青虫、小菜蛾。', [['500g/袋', 2600, 550, 150]]),
    goods('pesticide', '春雷霉素 2% 水剂 500ml', '防治水稻稻瘟病。', [['500ml/瓶', 2200, 600, 150]]),
  ]),
  merchant('merchant-zhengnong-feed', '信丰县正农饲料经销部', [
    goods('feed', '育肥猪全价配合饲料 40kg', '60kg 至出栏阶段。', [['40kg/袋', 15600, 40000, 200, 60000]]),
    goods('feed', '乳猪教槽料 20kg', '断奶前后仔猪开食。', [['20kg/袋', 16800, 20000, 100, 30000]]),
    goods('feed', '蛋鸡配合饲料 40kg', '产蛋高峰期。', [['40kg/袋', 13200, 40000, 200, 60000]]),
    goods('feed', '肉鸭配合饲料 40kg', '颗粒料，板鸭原料鸭育肥。', [['40kg/袋', 12800, 40000, 150, 60000]]),
    goods('feed', '草鱼膨化浮性饲料 40kg', '蛋白 28%，山塘养殖。', [['40kg/袋', 16500, 40000, 150, 70000]]),
    goods('feed', '雏鸡开口料 20kg', '0–3 周龄。', [['20kg/袋', 9800, 20000, 100, 30000]]),
    goods('feed', '饲用玉米粉 50kg', '本地玉米粉碎。', [['50kg/袋', 14500, 50000, 150, 70000]]),
    goods('feed', '牛羊精补料 40kg', '山羊、黄牛育肥补饲。', [['40kg/袋', 14200, 40000, 100, 60000]]),
  ]),
  merchant('merchant-nongji-tools', '信丰县农机具销售中心', [
    goods('farm-tools', '锂电电动喷雾器 16L', '背负式，一次充电喷 20 桶水。', [
      ['16L 12Ah', 26800, 6500, 80, 40000],
      ['16L 20Ah', 32800, 7000, 50, 40000],
    ]),
    goods('farm-tools', '背负式汽油喷雾机 25L', '果园高杆喷雾，射程 8 米。', [['25L', 89800, 12000, 30, 90000]]),
    goods('farm-tools', '柴油微耕机 旋耕机', '6 马力，水田旱地两用，配旋耕刀。', [
      ['6马力', 258000, 110000, 10, 800000],
    ]),
    goods('farm-tools', '背负式割草机 四冲程', '果园、田埂除草。', [['1.3马力', 68000, 11000, 30, 120000]]),
    goods('farm-tools', 'SK5 果树修枝剪', '脐橙修剪专用。', [['21cm', 3800, 300, 300]]),
    goods('farm-tools', '锰钢锄头 带木柄', '开沟、除草。', [['宽口 带柄', 4500, 1800, 200, 8000]]),
    goods('farm-tools', '铝合金采果梯 2米', '人字梯，脐橙采摘季热销。', [['2米', 16800, 6500, 60, 60000]]),
    goods('farm-tools', '家用抽水泵 750W', '自吸泵，抽山塘水灌溉。', [['750W', 29800, 12000, 40, 30000]]),
    goods('farm-tools', '加厚手推斗车', '工地、果园两用。', [['0.1方', 26800, 22000, 30, 200000]]),
  ]),
  merchant('merchant-meijia-appliance', '信丰县美家电器商行', [
    goods('kitchen-appliances', '智能电饭煲 4L', '预约、煲汤、煮粥，一家四口适用。', [
      ['4L', 29900, 3800, 100, 20000],
      ['5L', 35900, 4300, 60, 24000],
    ]),
    goods('kitchen-appliances', '机械式电饭煲 3L', '一键煮饭，老人好用。', [['3L', 13900, 2800, 100, 15000]]),
    goods('kitchen-appliances', '电磁炉 2200W', '触控，爆炒火力。', [['2200W 送汤锅', 19900, 3200, 100, 15000]]),
    goods('kitchen-appliances', '不锈钢电热水壶 1.7L', '304 不锈钢内胆，防干烧。', [['1.7L', 7900, 1300, 200, 5000]]),
    goods('home-appliances', '落地电风扇 遥控款', '七叶大风量，定时。', [['16寸', 18900, 6500, 60, 60000]]),
    goods('home-appliances', '小太阳取暖器', '冬天烤火，倾倒断电。', [['1200W', 9900, 2500, 100, 20000]]),
    goods('kitchen-appliances', '电压力锅 5L', '炖鸡、煲汤 20 分钟。', [['5L', 32900, 5200, 60, 30000]]),
    goods('kitchen-appliances', '家用豆浆机 1.2L', '免滤，破壁。', [['1.2L', 25900, 3200, 50, 15000]]),
    goods('home-appliances', '双人电热毯', '双控双温。', [['1.8×1.5米', 12900, 1800, 120, 8000]]),
  ]),
  merchant('merchant-jiading-appliance', '信丰县嘉定镇家电城', [
    goods('home-appliances', '全自动波轮洗衣机 8公斤', '一键洗，桶自洁。送货到村级服务站，师傅上门安装另约。', [
      ['8公斤', 99900, 32000, 30, 350000],
    ]),
    goods('home-appliances', '滚筒洗衣机 10公斤 变频', '洗烘一体可选。', [
      ['10公斤 洗', 169900, 68000, 20, 500000],
      ['10公斤 洗烘一体', 229900, 72000, 10, 500000],
    ]),
    goods('home-appliances', '双缸半自动洗衣机 9公斤', '农村井水也好用，甩干快。', [
      ['9公斤', 69900, 27000, 30, 350000],
    ]),
    goods('home-appliances', '双门冰箱 180升', '直冷，一级能效。', [['180升', 129900, 45000, 20, 600000]]),
    goods('home-appliances', '卧式冷柜 200升', '冷藏冷冻转换，存腊肉、冻肉。', [['200升', 119900, 42000, 20, 650000]]),
    goods('home-appliances', '43英寸 智能电视', '4K，投屏，带老人模式。', [['43英寸', 139900, 9500, 30, 120000]]),
    goods('home-appliances', '储水式电热水器 60升', '一级能效，送安装辅材。', [['60升', 89900, 22000, 30, 150000]]),
    goods('home-appliances', '燃气热水器 12升', '恒温，天然气/液化气可选。', [
      ['12升 液化气', 109900, 15000, 20, 80000],
    ]),
    goods('home-appliances', '变频空调 1.5匹 挂机', '冷暖，一级能效，含基础安装。', [
      ['1.5匹', 259900, 42000, 20, 300000],
    ]),
  ]),
  merchant('merchant-wanjiafu-market', '信丰县万家福购物广场', [
    goods('cleaning', '洗衣粉 5kg 家庭装', '无磷，手洗机洗都可以。', [['5kg', 3990, 5200, 200]]),
    goods('cleaning', '薰衣草洗衣液 3kg', '低泡易漂。', [['3kg', 3590, 3200, 200]]),
    goods('cleaning', '洗洁精 1.5kg', '去油，食品级。', [['1.5kg', 1290, 1600, 300]]),
    goods('personal-care', '去屑洗发水 750ml', '大瓶装。', [['750ml', 4990, 850, 200]]),
    goods('personal-care', '防蛀牙膏 三支装', '含氟，180g×3。', [['180g×3', 2590, 600, 300]]),
    goods('daily-goods', '卷纸 4层 27卷', '原生木浆。', [['27卷', 4990, 3500, 200, 30000]]),
    goods('personal-care', '香皂 4块装', '硫磺皂，祛痱止痒。', [['4块', 1590, 500, 300]]),
    goods('personal-care', '驱蚊花露水 195ml', '夏天下田必备。', [
      ['195ml', 1290, 250, 300],
      ['195ml×3', 3290, 750, 100],
    ]),
    goods('daily-goods', '抽纸 10包 整提', '三层加厚。', [['10包', 2490, 1800, 200, 20000]]),
  ]),
  merchant('merchant-lvxing-ebike', '信丰县绿行电动车商行', [
    goods('small-appliances', '新国标电动自行车 48V', '带脚踏，可上牌，续航 60 公里。', [
      ['48V 12Ah 铅酸', 219900, 50000, 20, 600000],
      ['48V 24Ah 锂电', 299900, 45000, 10, 600000],
    ]),
    goods('small-appliances', '载货电动三轮车 60V', '1.5 米车斗，拉肥料、运脐橙。', [
      ['60V 45Ah', 399900, 150000, 10, 2500000],
    ]),
    goods('small-appliances', '电动摩托车 72V', '长续航，适合山区坡路。', [['72V 32Ah', 459900, 95000, 10, 1200000]]),
    goods('small-appliances', '铅酸电动车电池 48V20Ah', '以旧换新另议，四只一组。', [
      ['48V20Ah 一组', 58000, 24000, 40, 15000],
    ]),
    goods('small-appliances', '电动车锂电池 48V24Ah', '轻，充电快。', [['48V24Ah', 128000, 7500, 20, 10000]]),
    goods('small-appliances', '3C 认证电动车头盔', '四季通用。', [['均码', 6900, 800, 200, 12000]]),
    goods('small-appliances', '电动车智能充电器 48V', '充满自停。', [['48V 3A', 8800, 900, 100]]),
    goods('small-appliances', '老年代步电动三轮车', '带棚，三人座。', [['48V', 329900, 120000, 10, 2000000]]),
  ]),
  merchant('merchant-xinda-phone', '信丰县信达通讯器材店', [
    goods('small-appliances', '5G 智能手机 8+256G', '6.7 英寸大屏，5000mAh，送钢化膜。', [
      ['8+256G 曜石黑', 159900, 500, 60],
      ['8+256G 星河银', 159900, 500, 40],
    ]),
    goods('small-appliances', '4G 智能手机 大屏 6+128G', '微信、抖音流畅。', [['6+128G', 79900, 450, 80]]),
    goods('small-appliances', '老人手机 大字大声 4G', '一键呼叫子女，收音机，手电筒。', [
      ['红色', 19900, 300, 100],
      ['黑色', 19900, 300, 100],
    ]),
    goods('small-appliances', '充电宝 20000mAh', '22.5W 快充。', [['20000mAh', 9900, 450, 150]]),
    goods('small-appliances', '蓝牙耳机 真无线', '续航 30 小时。', [['白色', 12900, 150, 100]]),
    goods('small-appliances', '快充数据线 Type-C 2条装', '1 米 + 2 米。', [['2条装', 2990, 120, 300]]),
    goods('small-appliances', '插卡收音机 老人款', '听戏、听新闻，带手电。', [['充电款', 5900, 350, 100]]),
    goods('small-appliances', '10英寸 学习平板', '网课、看剧，4+64G。', [['4+64G', 89900, 900, 40]]),
  ]),
  merchant('merchant-haochufang-kitchen', '信丰县好厨坊厨具店', [
    goods('kitchenware', '手工锻打铁锅 32cm', '无涂层，客家炒菜锅。', [
      ['32cm', 12800, 2500, 100, 15000],
      ['36cm', 14800, 3000, 60, 18000],
    ]),
    goods('kitchenware', '304 不锈钢汤锅 24cm', '复合底，电磁炉通用。', [['24cm', 9800, 2200, 100, 12000]]),
    goods('kitchenware', '切片菜刀 不锈钢', '锋利耐用。', [['切片刀', 4800, 400, 200]]),
    goods('kitchenware', '釉下彩陶瓷碗 10只装', '4.5 英寸饭碗。', [['10只', 3990, 2200, 150, 8000]]),
    goods('kitchenware', '合金筷子 10双装', '防滑防霉。', [['10双', 2590, 400, 200]]),
    goods('kitchenware', '实木砧板 乌金木', '整木，不开裂。', [['40×28cm', 8800, 2200, 80]]),
    goods('kitchenware', '竹制蒸笼 三层', '蒸米粿、包子。', [['28cm 三层', 6800, 1500, 80, 25000]]),
    goods('kitchenware', '不锈钢保温饭盒', '三层，带提袋。', [['1.6L', 5900, 900, 150]]),
    goods('kitchenware', '家用高压锅 4L', '燃气电磁通用。', [['4L', 16800, 3200, 60, 15000]]),
  ]),
  merchant('merchant-kejia-food', '信丰县客家副食品批发部', [
    goods('packaged-food', '特级酿造生抽 1.9L', '黄豆酿造 180 天。', [['1.9L', 2590, 2200, 200]]),
    goods('packaged-food', '加碘精制食用盐 400g×10袋', '', [['400g×10', 2000, 4100, 200]]),
    goods('packaged-food', '红烧牛肉面 24袋 整箱', '', [['24袋', 4990, 2800, 150, 20000]]),
    goods('packaged-food', '饮用天然水 550ml×24瓶', '', [['24瓶', 2990, 13600, 150, 16000]]),
    goods('packaged-food', '压榨花生油 5L', '一级压榨。', [['5L', 9990, 4800, 150]]),
    goods('packaged-food', '客家糯米酒 2.5L', '甜米酒，坐月子、煮鸡汤。', [['2.5L 桶装', 3990, 2800, 100]]),
    goods('packaged-food', '白砂糖 1kg', '', [['1kg', 890, 1050, 300]]),
    goods('packaged-food', '蚝油 700g', '', [['700g', 1690, 900, 200]]),
    goods('packaged-food', '鸡蛋挂面 1kg', '', [['1kg', 990, 1050, 300]]),
    goods('packaged-food', '啤酒 500ml×12罐', '', [['12罐', 4590, 6500, 150]]),
  ]),
];

/** Volume of a packed SKU when the data gives none: about 2.5 ml per gram (boxes and air around the goods). */
const packedVolume = (grams: number): number => Math.round(grams * 2.5);

function sellerPlan(draft: SellerDraft): SellerPlan {
  const origin = draft.villageCode ? villageOf(draft.villageCode) : null;
  const where = origin ? `产地：信丰县${townOf(origin.code).name}${origin.name}。` : '';
  const titles = new Set<string>();
  return {
    key: draft.key,
    kind: draft.kind,
    name: draft.name,
    villageCode: draft.villageCode,
    listings: draft.listings.map((listing) => {
      if (titles.has(listing.title) || [...listing.title].length > 60) {
        throw new Error(`${draft.name}: listing title ${listing.title} is repeated or too long`);
      }
      titles.add(listing.title);
      return {
        title: listing.title,
        categoryId: listing.categoryId,
        description: listing.produce
          ? `${listing.blurb}${where}由${draft.name}组织生产、统一分拣包装，经村级服务站交寄。`
          : `${listing.blurb}${draft.name}县城仓库现货，经县乡村三级物流送到您选择的村级服务站自提。`,
        originVillageCode: draft.villageCode,
        certifications: listing.certifications,
        shelfLifeDays: listing.shelfLifeDays,
        temperature: listing.temperature,
        weightToleranceGrams: listing.weightToleranceGrams,
        skus: listing.skus.map(([spec, priceFen, weightGrams, initialStock, volumeMl]) => ({
          spec,
          priceFen,
          weightGrams,
          volumeMl: volumeMl ?? packedVolume(weightGrams),
          barcode: listing.produce ? null : ean13For(`${draft.key}:${listing.title}:${spec}`),
          initialStock,
        })),
        lots: Array.from({ length: listing.lots.count }, (_, batch) => ({
          season: listing.lots.season,
          batch,
          quantity: listing.lots.quantity,
          unit: listing.lots.unit,
          grade: listing.lots.grade,
          testResults: listing.lots.testResults,
        })),
      };
    }),
  };
}

export const PRODUCE_SELLERS: SellerPlan[] = PRODUCERS.map(sellerPlan);
export const GOODS_SELLERS: SellerPlan[] = MERCHANTS.map(sellerPlan);
export const SELLERS: SellerPlan[] = [...PRODUCE_SELLERS, ...GOODS_SELLERS];

/** The county storefront the county office runs. */
export const STOREFRONT = {
  countyCode: '360722',
  name: '信丰县农特产品馆',
  introduction:
    '信丰县地处赣州市中南部，是“中国脐橙之乡”、赣南脐橙的发源地。这里有国家地理标志产品信丰脐橙、信丰红瓜子，' +
    '还有大桥板鸭、古陂萝卜干、新田山茶油、油山土蜂蜜。县乡村三级物流每天把农产品从村里送进城，也把农资家电送到村口。',
  featuredCategoryIds: [
    'citrus',
    'nuts-dried-fruit',
    'cured-meat',
    'edible-oil',
    'honey',
    'rice',
    'fertiliser',
    'home-appliances',
  ],
};
