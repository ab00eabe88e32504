import { MembershipRole, OrganisationKind } from '@countyflow/contracts';
import { uniqueCreditCode, uniquePhone } from '@countyflow/testing';
import { Client } from 'pg';
import { expectAnswer, http, sleep } from './chaos-http';
import { CLUSTER_PLATFORM_ADMIN } from './cluster';

/*
 * The chaos run's county, set up through the gateway as its people would: a platform admin (made the way the seed
 * makes the first one, straight in the database — nobody can appoint them), county staff appointed by the admin,
 * sellers who register their organisations and are verified by county staff, listings with limited stock, a village
 * service point with the county's network (hub, town station, point, van), and buyers.
 */

export const CHAOS_COUNTY = '360722';
/** The village of the service point; the produce sellers farm there too, so their parcels have a first kilometre. */
const POINT_VILLAGE = `${CHAOS_COUNTY}100204`;
const PASSWORD = 'chaos-run-2026';

export interface Person {
  userId: string;
  phone: string;
  name: string;
  token: string;
  orgId?: string;
}

export interface ChaosSku {
  skuId: string;
  listingId: string;
  sellerOrgId: string;
  title: string;
  priceFen: number;
  initialStock: number;
}

export interface ChaosCounty {
  admin: Person;
  staff: Person;
  sellers: Person[];
  servicePoint: Person;
  skus: ChaosSku[];
  buyers: Person[];
}

interface ProductSpec {
  categoryId: string;
  title: string;
  spec: string;
  priceFen: number;
  weightGrams: number;
  volumeMl: number;
  initialStock: number;
}

interface SellerSpec {
  kind: OrganisationKind;
  name: string;
  ownerName: string;
  villageCode: string;
  products: ProductSpec[];
}

/** Two produce sellers and a goods merchant; stock is scarce enough that overselling would show within a run. */
function sellerSpecs(stockScale: number): SellerSpec[] {
  const stock = (n: number) => Math.max(3, Math.round(n * stockScale));
  return [
    {
      kind: OrganisationKind.Cooperative,
      name: '信丰县安西镇脐橙专业合作社',
      ownerName: '刘德明',
      villageCode: POINT_VILLAGE,
      products: [
        {
          categoryId: 'citrus',
          title: '赣南脐橙 5kg 礼盒 产地直发',
          spec: '5kg 礼盒',
          priceFen: 6_800,
          weightGrams: 5_200,
          volumeMl: 12_000,
          initialStock: stock(40),
        },
        {
          categoryId: 'citrus',
          title: '赣南脐橙 10kg 家庭装',
          spec: '10kg 箱',
          priceFen: 11_800,
          weightGrams: 10_300,
          volumeMl: 22_000,
          initialStock: stock(15),
        },
      ],
    },
    {
      kind: OrganisationKind.FamilyFarm,
      name: '信丰县古陂镇赵家庄家庭农场',
      ownerName: '赵春生',
      villageCode: POINT_VILLAGE,
      products: [
        {
          categoryId: 'rice',
          title: '古陂富硒大米 10kg 当季新米',
          spec: '10kg 袋',
          priceFen: 8_900,
          weightGrams: 10_100,
          volumeMl: 14_000,
          initialStock: stock(60),
        },
      ],
    },
    {
      kind: OrganisationKind.Merchant,
      name: '信丰县惠农农资超市',
      ownerName: '陈丽萍',
      villageCode: `${CHAOS_COUNTY}100203`,
      products: [
        {
          categoryId: 'fertiliser',
          title: '心连心 尿素 含氮46% 40kg',
          spec: '40kg 袋',
          priceFen: 12_800,
          weightGrams: 40_000,
          volumeMl: 45_000,
          initialStock: stock(25),
        },
        {
          categoryId: 'seed',
          title: '隆两优 杂交水稻种子 1kg',
          spec: '1kg 袋',
          priceFen: 4_500,
          weightGrams: 1_000,
          volumeMl: 1_500,
          initialStock: stock(80),
        },
      ],
    },
  ];
}

export class CountyBuilder {
  constructor(
    private readonly api: string,
    private readonly databaseUrl: string,
    private readonly log: (line: string) => void,
  ) {}

  async build(options: { buyers: number; stockScale: number }): Promise<ChaosCounty> {
    const admin = await this.platformAdmin();
    const staff = await this.countyStaff(admin);
    const specs = sellerSpecs(options.stockScale);
    // people and organisations are independent of each other: register them side by side
    const [sellers, servicePoint, buyers] = await Promise.all([
      Promise.all(
        specs.map((spec) =>
          this.verifiedOrganisation(staff, {
            kind: spec.kind,
            name: spec.name,
            ownerName: spec.ownerName,
            villageCode: spec.villageCode,
          }),
        ),
      ),
      this.verifiedOrganisation(staff, {
        kind: OrganisationKind.ServicePoint,
        name: '大塘埠村益农信息社',
        ownerName: '黄小梅',
        villageCode: POINT_VILLAGE,
      }),
      Promise.all(Array.from({ length: options.buyers }, (_, i) => this.person(`买家${i + 1}`))),
    ]);
    const [, listed] = await Promise.all([
      this.network(staff, servicePoint),
      Promise.all(
        specs.map(async (spec, index) => {
          await this.untilCatalogKnows(sellers[index]);
          const skus: ChaosSku[] = [];
          for (const product of spec.products) skus.push(await this.listProduct(sellers[index], product));
          return skus;
        }),
      ),
    ]);
    const skus = listed.flat();
    await this.untilOrdersKnows(
      skus.map((sku) => sku.skuId),
      servicePoint.orgId!,
    );
    this.log(
      `county ${CHAOS_COUNTY}: ${sellers.length} sellers, ${skus.length} SKUs (stock ${skus
        .map((sku) => sku.initialStock)
        .join('/')}), 1 service point, ${buyers.length} buyers`,
    );
    return { admin, staff, sellers, servicePoint, skus, buyers };
  }

  private identity(path: string): string {
    return `/api/identity${path}`;
  }

  async person(name: string): Promise<Person> {
    const phone = uniquePhone();
    // the code goes to the development outbox (SMS_PROVIDER=dev), where a developer would read it
    await expectAnswer(`asking a code for ${name}`, 202, () =>
      http(this.api, this.identity('/auth/sms-codes'), { body: { phone, purpose: 'register' } }),
    );
    const [sms] = await expectAnswer<{ params: { code: string } }[]>(`reading ${name}'s code`, 200, () =>
      http(this.api, this.identity(`/dev/sms?phone=${phone}`)),
    );
    const registered = await expectAnswer(`registering ${name}`, 201, () =>
      http(this.api, this.identity('/auth/register'), {
        body: { phone, password: PASSWORD, name, code: sms.params.code },
      }),
    );
    return { userId: registered.id, phone, name, ...(await this.login(phone)) };
  }

  private async login(phone: string): Promise<{ token: string }> {
    const answer = await expectAnswer(`logging ${phone} in`, 200, () =>
      http(this.api, this.identity('/auth/login'), { body: { phone, password: PASSWORD } }),
    );
    return { token: answer.accessToken };
  }

  /** The admin identity appointed at boot (CLUSTER_PLATFORM_ADMIN), logged in. */
  private async platformAdmin(): Promise<Person> {
    const { phone, password, name } = CLUSTER_PLATFORM_ADMIN;
    const { accessToken: token } = await expectAnswer<{ accessToken: string }>(
      'logging the platform admin in',
      200,
      () => http(this.api, this.identity('/auth/login'), { body: { phone, password } }),
    );
    const me = await expectAnswer<{ id: string; memberships: { orgId: string; role: MembershipRole }[] }>(
      "reading the platform admin's memberships",
      200,
      () => http(this.api, this.identity('/me'), { token }),
    );
    const platform = me.memberships.find((membership) => membership.role === MembershipRole.PlatformAdmin);
    return { userId: me.id, phone, name, token, orgId: platform?.orgId };
  }

  private async countyStaff(admin: Person): Promise<Person> {
    const office = await expectAnswer('creating the county office', 201, () =>
      http(this.api, this.identity('/organisations'), {
        token: admin.token,
        body: { kind: OrganisationKind.CountyOffice, name: '信丰县商务局', countyCode: CHAOS_COUNTY },
      }),
    );
    const staff = await this.person('张建华');
    await expectAnswer('appointing county staff', 201, () =>
      http(this.api, this.identity(`/organisations/${office.id}/members`), {
        token: admin.token,
        body: { phone: staff.phone, role: MembershipRole.CountyStaff },
      }),
    );
    return { ...staff, ...(await this.login(staff.phone)), orgId: office.id };
  }

  private async verifiedOrganisation(
    staff: Person,
    spec: { kind: OrganisationKind; name: string; ownerName: string; villageCode: string },
  ): Promise<Person> {
    const owner = await this.person(spec.ownerName);
    const seller = spec.kind !== OrganisationKind.ServicePoint;
    const created = await expectAnswer(`registering ${spec.name}`, 201, () =>
      http(this.api, this.identity('/organisations'), {
        token: owner.token,
        body: {
          kind: spec.kind,
          name: spec.name,
          countyCode: CHAOS_COUNTY,
          villageCode: spec.villageCode,
          ...(seller && { creditCode: uniqueCreditCode() }),
        },
      }),
    );
    await expectAnswer(`verifying ${spec.name}`, 200, () =>
      http(this.api, this.identity(`/organisations/${created.id}/verify`), { token: staff.token, body: {} }),
    );
    return { ...owner, ...(await this.login(owner.phone)), orgId: created.id };
  }

  private async network(staff: Person, servicePoint: Person): Promise<void> {
    const node = (body: object, what: string) =>
      expectAnswer(what, 201, () =>
        http(this.api, '/api/logistics/nodes', {
          token: staff.token,
          body: { hostType: 'post_station', openingHours: '08:00-20:00', ...body },
        }),
      );
    const hub = await node(
      {
        code: CHAOS_COUNTY,
        name: '信丰县电商物流配送中心',
        hostType: 'county_warehouse',
        latitude: 25.386,
        longitude: 114.922,
        operatorOrgId: staff.orgId,
      },
      'creating the hub',
    );
    const town = await node(
      { code: `${CHAOS_COUNTY}100`, name: '安西镇快递物流站', parentId: hub.id, latitude: 25.25, longitude: 114.95 },
      'creating the town station',
    );
    await node(
      {
        code: POINT_VILLAGE,
        name: '大塘埠村益农信息社',
        hostType: 'yinong_agency',
        parentId: town.id,
        latitude: 25.22,
        longitude: 114.97,
        operatorOrgId: servicePoint.orgId,
        shelves: 3,
        layers: 4,
      },
      'creating the village point',
    );
    await expectAnswer('registering the van', 201, () =>
      http(this.api, '/api/logistics/vehicles', {
        token: staff.token,
        body: {
          countyCode: CHAOS_COUNTY,
          name: '赣B·D1001',
          plate: '赣B·D1001',
          kind: 'van',
          capacityKg: 1000,
          capacityLitres: 6000,
          refrigerated: false,
        },
      }),
    );
  }

  private async untilCatalogKnows(seller: Person): Promise<void> {
    const deadline = Date.now() + 90_000;
    while ((await http(this.api, `/api/catalog/sellers/${seller.orgId}`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`catalog never learnt of seller ${seller.orgId} (org.verified)`);
      await sleep(200);
    }
  }

  private async listProduct(owner: Person, product: ProductSpec): Promise<ChaosSku> {
    const draft = await expectAnswer(`creating the listing ${product.title}`, 201, () =>
      http(this.api, '/api/catalog/listings', {
        token: owner.token,
        body: {
          sellerOrgId: owner.orgId,
          categoryId: product.categoryId,
          title: product.title,
          description: `${product.title}：县里直发，库存有限。`,
          images: ['https://img.example.cn/chaos.jpg'],
          shelfLifeDays: 60,
          temperature: { class: 'ambient' },
        },
      }),
    );
    const withSku = await expectAnswer(`adding the SKU of ${product.title}`, 201, () =>
      http(this.api, `/api/catalog/listings/${draft.id}/skus`, {
        token: owner.token,
        body: {
          spec: product.spec,
          priceFen: product.priceFen,
          weightGrams: product.weightGrams,
          volumeMl: product.volumeMl,
          initialStock: product.initialStock,
        },
      }),
    );
    const sku = (withSku.skus as { id: string; spec: string }[]).find((candidate) => candidate.spec === product.spec)!;
    await expectAnswer(`publishing ${product.title}`, 200, () =>
      http(this.api, `/api/catalog/listings/${draft.id}/publish`, { token: owner.token, body: {} }),
    );
    return {
      skuId: sku.id,
      listingId: draft.id,
      sellerOrgId: owner.orgId!,
      title: product.title,
      priceFen: product.priceFen,
      initialStock: product.initialStock,
    };
  }

  /** Orders learns listings and service points by event; checkout refuses what it does not know yet. */
  private async untilOrdersKnows(skuIds: string[], servicePointOrgId: string): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      const deadline = Date.now() + 90_000;
      for (;;) {
        const { rows } = await client.query<{ skus: number; points: number }>(
          `SELECT (SELECT count(*)::int FROM orders.sku_copy s JOIN orders.listing_copy l USING (listing_id)
                    WHERE s.sku_id = ANY($1::uuid[]) AND l.purchasable AND NOT s.removed) AS skus,
                  (SELECT count(*)::int FROM orders.org_copy WHERE org_id = $2 AND status = 'verified') AS points`,
          [skuIds, servicePointOrgId],
        );
        if (rows[0].skus === skuIds.length && rows[0].points === 1) return;
        if (Date.now() > deadline) throw new Error(`orders never learnt of every listing and the service point`);
        await sleep(200);
      }
    } finally {
      await client.end();
    }
  }
}
