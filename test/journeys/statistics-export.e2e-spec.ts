import ExcelJS from 'exceljs';
import request from 'supertest';
import { HISTORY_MONTHS, seedHistory } from '../../seeds/demo-history';
import { countyStaff } from '../support/actors';
import {
  chinaToday,
  COUNTY,
  createNode,
  expectStatus,
  get,
  identityUrl,
  person,
  post,
  startWorld,
  World,
} from './support';

const DAY_MS = 24 * 3600 * 1000;
const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const yuan = (fen: number): number => Math.round(fen) / 100;

/** A problem's code, whether supertest parsed the body or the test kept its bytes. */
const codeOf = (body: unknown): unknown =>
  Buffer.isBuffer(body)
    ? (JSON.parse(body.toString('utf8')) as { code: unknown }).code
    : (body as { code: unknown }).code;

/** The rows of one sheet as plain values, header first. */
function sheetRows(workbook: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) {
    throw new Error(`no sheet ${name}; sheets: ${workbook.worksheets.map((each) => each.name).join(', ')}`);
  }
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

/*
 * The statistics export through the gateway with every service real: a year of paid orders imported through orders'
 * history API, the county's network through logistics' API; county staff download CSV and Excel, and the file's
 * figures agree with the dashboards' (GET /counties/{code}/figures of orders and of logistics).
 */
describe('statistics export: the county figures as CSV and Excel, agreeing with the dashboards', () => {
  let world: World;
  const today = chinaToday();
  // the history the test imports begins on the first of the month HISTORY_MONTHS before this one (its first 400
  // orders span about a fortnight); the period starts two days into it — so some orders fall outside it whatever
  // the day of the month — and is at most 400 days long, ending today at the latest
  const [year, month] = today.split('-').map(Number);
  const historyStart = new Date(Date.UTC(year, month - 1 - HISTORY_MONTHS, 1)).toISOString().slice(0, 10);
  const from = addDays(historyStart, 2);
  const to = addDays(from, 399) < today ? addDays(from, 399) : today;
  const period = `from=${from}&to=${to}`;
  /** Paid orders in the period, as the orders dashboard counts them (the history's first two days are before it). */
  let paid: number;

  beforeAll(async () => {
    world = await startWorld();
    const orders = async (batch: object[]): Promise<number> =>
      expectStatus(await post(world, '/api/orders/history/orders', { orders: batch }, world.admin), 200, 'history').body
        .imported as number;
    expect((await seedHistory({ orders }, { limit: 400 })).orders).toBe(400);
    const { totals } = expectStatus(
      await get(world, `/api/orders/counties/${COUNTY}/figures?${period}`, world.staff),
      200,
      'the orders dashboard',
    ).body as { totals: { up: { orders: number }; down: { orders: number } } };
    paid = totals.up.orders + totals.down.orders;
    // 283–373 of the 400, depending on the season of the history's first days (checked for every other day of a year)
    expect(paid).toBeGreaterThan(250);
    expect(paid).toBeLessThan(400); // the first two days' orders are outside the period
    const hub = await createNode(world, {
      code: COUNTY,
      name: '信丰县电商物流配送中心',
      hostType: 'county_warehouse',
      latitude: 25.386,
      longitude: 114.922,
      operatorOrgId: world.staff.orgId,
    });
    await createNode(world, {
      code: `${COUNTY}100`,
      name: '安西镇快递物流站',
      parentId: hub.id,
      latitude: 25.25,
      longitude: 114.95,
    });
  }, 300_000);

  afterAll(() => world?.stop());

  const download = (format: string, query = `countyCode=${COUNTY}&${period}`, token = world.staff.token) =>
    request(world.api)
      .get(`/api/statistics/export?${query}&format=${format}`)
      .set('authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('gives county staff an Excel file, one sheet per table, whose figures are the dashboards’', async () => {
    const response = await download('xlsx');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toContain(`county-statistics-${COUNTY}-${from}-${to}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(response.body as Buffer).buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '汇总',
      '按日交易额',
      '上行下行',
      '按品类',
      '按乡镇',
      '按卖家',
      '站点包裹',
      '首公里',
      '冷链异常',
      '售后',
    ]);

    const dashboard = expectStatus(
      await get(world, `/api/orders/counties/${COUNTY}/figures?${period}`, world.staff),
      200,
      'the orders dashboard',
    ).body as {
      days: { date: string; up: { orders: number; gmvFen: number }; down: { orders: number; gmvFen: number } }[];
      totals: { up: { orders: number; gmvFen: number }; down: { orders: number; gmvFen: number } };
    };
    const [header, ...days] = sheetRows(workbook, '按日交易额');
    expect(header).toEqual([
      '日期',
      '上行订单数',
      '上行交易额(元)',
      '下行订单数',
      '下行交易额(元)',
      '合计订单数',
      '合计交易额(元)',
    ]);
    expect(days).toEqual(
      dashboard.days.map((day) => [
        day.date,
        day.up.orders,
        yuan(day.up.gmvFen),
        day.down.orders,
        yuan(day.down.gmvFen),
        day.up.orders + day.down.orders,
        yuan(day.up.gmvFen + day.down.gmvFen),
      ]),
    );
    const summary = new Map(sheetRows(workbook, '汇总').map(([item, value]) => [item, value]));
    expect(summary.get('统计区域')).toBe(`信丰县（${COUNTY}）`);
    expect(summary.get('网络零售订单数(单)')).toBe(paid);
    expect(summary.get('农产品上行交易额(元)')).toBe(yuan(dashboard.totals.up.gmvFen));
    expect(summary.get('工业品下行交易额(元)')).toBe(yuan(dashboard.totals.down.gmvFen));

    // by seller and by category add up to the same orders (a history order has one category)
    const sellers = sheetRows(workbook, '按卖家').slice(1);
    expect(sellers.reduce((total, row) => total + (row[5] as number), 0)).toBe(paid);
    expect(sellers.reduce((total, row) => total + Math.round((row[6] as number) * 100), 0)).toBe(
      dashboard.totals.up.gmvFen + dashboard.totals.down.gmvFen,
    );
    const categories = sheetRows(workbook, '按品类').slice(1);
    expect(categories.reduce((total, row) => total + (row[2] as number) + (row[4] as number), 0)).toBe(paid);

    // the network side: logistics' dashboard
    const network = expectStatus(
      await get(world, `/api/logistics/counties/${COUNTY}/figures?${period}`, world.staff),
      200,
      'the logistics dashboard',
    ).body as { nodes: { code: string; name: string; arrived: number }[]; firstKilometre: unknown[] };
    const nodes = sheetRows(workbook, '站点包裹').slice(1);
    expect(nodes.map((row) => [row[0], row[1], row[2], row[3]])).toEqual(
      network.nodes.map((node) => [node.code, node.name, '乡镇站', node.arrived]),
    );
    expect(sheetRows(workbook, '首公里')).toHaveLength(network.firstKilometre.length + 1);
  });

  it('gives the same figures as CSV: UTF-8 with a byte order mark, a titled section per table', async () => {
    const response = await download('csv');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text = (response.body as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF【汇总】\r\n项目,数值\r\n统计区域,信丰县（360722）\r\n')).toBe(true);
    expect(text).toContain(
      '\r\n【按日交易额】\r\n日期,上行订单数,上行交易额(元),下行订单数,下行交易额(元),合计订单数,合计交易额(元)\r\n',
    );
    expect(text).toContain(`网络零售订单数(单),${paid}\r\n`);
  });

  it('gives a platform admin every county, and nobody else another county or all of them', async () => {
    const all = await download('xlsx', period, world.admin.token);
    expect(all.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(all.body as Buffer).buffer);
    expect(
      sheetRows(workbook, '按县区')
        .slice(1)
        .map((row) => [row[0], row[1], row[6]]),
    ).toEqual([[COUNTY, '信丰县', paid]]);

    const neighbour = await countyStaff(identityUrl(world), world.admin, '360734');
    const buyer = await person(world, '城里的买家');
    const refusals = [
      [await download('csv', `countyCode=${COUNTY}&${period}`, neighbour.token), 403, 'not-county-staff'],
      [await download('csv', `countyCode=${COUNTY}&${period}`, buyer.token), 403, 'missing-role'],
      [await download('csv', period, world.staff.token), 400, 'county-required'],
      [await download('pdf'), 400, 'validation-failed'],
      [
        await request(world.api).get(`/api/statistics/export?countyCode=${COUNTY}&${period}&format=csv`),
        401,
        'unauthenticated',
      ],
    ] as const;
    for (const [response, status, code] of refusals) {
      expect([response.status, response.headers['content-type'], codeOf(response.body)]).toEqual([
        status,
        expect.stringMatching(/^application\/problem\+json/),
        code,
      ]);
    }
  });
});
