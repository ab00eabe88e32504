import { ServiceName } from '@countyflow/contracts';
import { PlaceNames, Problem } from '@countyflow/kernel';
import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { GatewayConfig, upstreamUrl } from '../gateway.config';
import { upstreamProblem } from '../proxy/upstream-problem';
import { StatisticsExportQueryDto } from './statistics-export.dto';
import { ExportTable, tablesCsv, tablesXlsx } from './statistics-tables';

/** One breakdown row of orders' `GET /statistics` (StatisticsGroupDto). */
interface Group {
  key: string | null;
  name: string | null;
  countyCode: string | null;
  upOrders: number;
  upGmvFen: number;
  downOrders: number;
  downGmvFen: number;
}

interface OrderStatistics {
  byDay: Group[];
  byCounty: Group[];
  bySeller: Group[];
  byTown: Group[];
  byCategory: Group[];
  claims: { status: string; resolution: string | null; claims: number; amountFen: number }[];
}

/** Logistics' `GET /counties/{code}/figures` (the dashboard's network figures). */
interface NetworkFigures {
  countyCode: string;
  nodes: {
    code: string;
    name: string;
    level: string;
    arrived: number;
    shelved: number;
    collected: number;
    returned: number;
    handedIn: number;
  }[];
  firstKilometre: { date: string; handIns: number; weighedGrams: number }[];
  excursions: { date: string; excursions: number; shipments: number }[];
}

interface CategoryNode {
  id: string;
  name: string;
  children: CategoryNode[];
}

export interface StatisticsFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

const yuan = (fen: number): number => Math.round(fen) / 100;
const FLOW_HEADERS = ['上行订单数', '上行交易额(元)', '下行订单数', '下行交易额(元)', '合计订单数', '合计交易额(元)'];
const flow = (group: Group): number[] => [
  group.upOrders,
  yuan(group.upGmvFen),
  group.downOrders,
  yuan(group.downGmvFen),
  group.upOrders + group.downOrders,
  yuan(group.upGmvFen + group.downGmvFen),
];
const LEVEL_NAMES: Record<string, string> = { town_station: '乡镇站', village_point: '村服务点' };
const CLAIM_STATUS: Record<string, string> = {
  awaiting_seller: '待卖家处理',
  countered: '卖家已提出方案',
  escalated: '已提交县级仲裁',
  resolved: '已处理',
};
const RESOLUTION: Record<string, string> = {
  partial_refund: '部分退款',
  resend: '补发',
  full_refund: '全额退款',
  rejected: '驳回',
};

/**
 * The statistics export (issue 20): the county's figures for a period as CSV or Excel, in the shape a county reports
 * upward. The gateway owns no data, so it composes what the services answer to the caller's own token — orders'
 * `GET /statistics` (GMV by day, county, seller, town and category; claims) and logistics' dashboard figures per
 * county (parcels by node, first kilometre, cold-chain excursions); each service decides who may see its part, and
 * neither reads the other's schema. Category and place names come from catalog's public tree and the division codes.
 */
@Injectable()
export class StatisticsExportService {
  constructor(
    private readonly config: GatewayConfig,
    private readonly places: PlaceNames,
  ) {}

  async export(headers: IncomingHttpHeaders, query: StatisticsExportQueryDto): Promise<StatisticsFile> {
    const period = `from=${query.from}&to=${query.to}`;
    const county = query.countyCode ? `&countyCode=${query.countyCode}` : '';
    const orders = await this.upstream<OrderStatistics>(
      ServiceName.Orders,
      headers,
      `${upstreamUrl(this.config, ServiceName.Orders)}/statistics?${period}${county}`,
    );
    const counties = query.countyCode
      ? [query.countyCode]
      : orders.byCounty.map((group) => group.key).filter((code): code is string => code !== null);
    const [networks, categories] = await Promise.all([
      Promise.all(
        counties.map((code) =>
          this.upstream<NetworkFigures>(
            ServiceName.Logistics,
            headers,
            `${upstreamUrl(this.config, ServiceName.Logistics)}/counties/${code}/figures?${period}`,
          ),
        ),
      ),
      this.upstream<CategoryNode[]>(
        ServiceName.Catalog,
        {},
        `${upstreamUrl(this.config, ServiceName.Catalog)}/categories`,
      ),
    ]);
    const tables = await this.tables(query, orders, networks, categoryNames(categories));
    const scope = query.countyCode ?? 'all';
    const fileName = `county-statistics-${scope}-${query.from}-${query.to}.${query.format}`;
    return query.format === 'csv'
      ? { fileName, contentType: 'text/csv; charset=utf-8', body: tablesCsv(tables) }
      : {
          fileName,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          body: await tablesXlsx(tables),
        };
  }

  private async tables(
    query: StatisticsExportQueryDto,
    orders: OrderStatistics,
    networks: NetworkFigures[],
    categories: Map<string, string>,
  ): Promise<ExportTable[]> {
    const sum = <T>(items: T[], pick: (item: T) => number): number =>
      items.reduce((total, item) => total + pick(item), 0);
    const up = sum(orders.byDay, (day) => day.upGmvFen);
    const down = sum(orders.byDay, (day) => day.downGmvFen);
    const upOrders = sum(orders.byDay, (day) => day.upOrders);
    const downOrders = sum(orders.byDay, (day) => day.downOrders);
    const nodes = networks.flatMap((network) => network.nodes.map((node) => ({ ...node, county: network.countyCode })));
    const handIns = networks.flatMap((network) => network.firstKilometre);
    const excursions = networks.flatMap((network) => network.excursions);
    const area = query.countyCode ? `${await this.placeName(query.countyCode)}（${query.countyCode}）` : '全部县区';
    const many = !query.countyCode;
    const countyColumn = (code: string | null): string[] => (many ? [code ?? ''] : []);
    const countyHeader = many ? ['县区代码'] : [];
    const share = (part: number): string => (up + down > 0 ? `${((part / (up + down)) * 100).toFixed(2)}%` : '0.00%');

    const tables: ExportTable[] = [
      {
        title: '汇总',
        headers: ['项目', '数值'],
        rows: [
          ['统计区域', area],
          ['统计期间', `${query.from} 至 ${query.to}`],
          ['网络零售订单数(单)', upOrders + downOrders],
          ['网络零售交易额(元)', yuan(up + down)],
          ['农产品上行订单数(单)', upOrders],
          ['农产品上行交易额(元)', yuan(up)],
          ['工业品下行订单数(单)', downOrders],
          ['工业品下行交易额(元)', yuan(down)],
          ['站点到站包裹(件)', sum(nodes, (node) => node.arrived)],
          ['首公里交寄(件)', sum(handIns, (day) => day.handIns)],
          ['首公里交寄重量(公斤)', sum(handIns, (day) => day.weighedGrams) / 1000],
          ['冷链温度异常(次)', sum(excursions, (day) => day.excursions)],
          ['售后申请(件)', sum(orders.claims, (row) => row.claims)],
        ],
      },
      {
        title: '按日交易额',
        headers: ['日期', ...FLOW_HEADERS],
        rows: orders.byDay.map((day) => [day.key ?? '', ...flow(day)]),
      },
      {
        title: '上行下行',
        headers: ['方向', '订单数', '交易额(元)', '交易额占比'],
        rows: [
          ['农产品上行（农产品进城）', upOrders, yuan(up), share(up)],
          ['工业品下行（工业品下乡）', downOrders, yuan(down), share(down)],
        ],
      },
    ];
    if (many) {
      tables.push({
        title: '按县区',
        headers: ['县区代码', '县区', ...FLOW_HEADERS],
        rows: await Promise.all(
          orders.byCounty.map(async (group) => [group.key ?? '', await this.placeName(group.key), ...flow(group)]),
        ),
      });
    }
    tables.push(
      {
        title: '按品类',
        headers: ['品类代码', '品类', '上行订单数', '上行商品金额(元)', '下行订单数', '下行商品金额(元)'],
        rows: orders.byCategory.map((group) => [
          group.key ?? '',
          group.key ? (categories.get(group.key) ?? group.key) : '未分类',
          group.upOrders,
          yuan(group.upGmvFen),
          group.downOrders,
          yuan(group.downGmvFen),
        ]),
      },
      {
        title: '按乡镇',
        headers: ['乡镇代码', '乡镇', ...FLOW_HEADERS],
        rows: await Promise.all(
          orders.byTown.map(async (group) => [
            group.key ?? '',
            group.key ? await this.placeName(group.key) : '未登记乡镇',
            ...flow(group),
          ]),
        ),
      },
      {
        title: '按卖家',
        headers: [...countyHeader, '卖家', ...FLOW_HEADERS],
        rows: orders.bySeller.map((group) => [...countyColumn(group.countyCode), group.name ?? '', ...flow(group)]),
      },
      {
        title: '站点包裹',
        headers: [
          ...countyHeader,
          '站点代码',
          '站点',
          '层级',
          '到站(件)',
          '上架(件)',
          '取件(件)',
          '退回(件)',
          '交寄(件)',
        ],
        rows: nodes.map((node) => [
          ...countyColumn(node.county),
          node.code,
          node.name,
          LEVEL_NAMES[node.level] ?? node.level,
          node.arrived,
          node.shelved,
          node.collected,
          node.returned,
          node.handedIn,
        ]),
      },
      {
        title: '首公里',
        headers: [...countyHeader, '日期', '交寄(件)', '重量(公斤)'],
        rows: networks.flatMap((network) =>
          network.firstKilometre.map((day) => [
            ...countyColumn(network.countyCode),
            day.date,
            day.handIns,
            day.weighedGrams / 1000,
          ]),
        ),
      },
      {
        title: '冷链异常',
        headers: [...countyHeader, '日期', '温度异常(次)', '涉及包裹(件)'],
        rows: networks.flatMap((network) =>
          network.excursions.map((day) => [
            ...countyColumn(network.countyCode),
            day.date,
            day.excursions,
            day.shipments,
          ]),
        ),
      },
      {
        title: '售后',
        headers: ['状态', '处理结果', '件数', '金额(元)'],
        rows: orders.claims.map((row) => [
          CLAIM_STATUS[row.status] ?? row.status,
          row.resolution ? (RESOLUTION[row.resolution] ?? row.resolution) : '',
          row.claims,
          yuan(row.amountFen),
        ]),
      },
    );
    return tables;
  }

  private async placeName(code: string | null): Promise<string> {
    if (!code) {
      return '';
    }
    try {
      const path = await this.places.path(code);
      return path[path.length - 1].name;
    } catch {
      return code;
    }
  }

  /** A service's JSON answer to the caller's own token; its refusal (401/403/400…) is passed on as it was. */
  private async upstream<T>(service: ServiceName, headers: IncomingHttpHeaders, url: string): Promise<T> {
    const forwarded: Record<string, string> = { accept: 'application/json' };
    for (const name of ['authorization', 'x-request-id'] as const) {
      const value = headers[name];
      if (typeof value === 'string') {
        forwarded[name] = value;
      }
    }
    let response: Response;
    try {
      response = await fetch(url, { headers: forwarded, signal: AbortSignal.timeout(this.config.upstreamTimeoutMs) });
    } catch (error) {
      throw upstreamProblem(service, error, this.config.upstreamTimeoutMs);
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      if (response.status >= 500 || typeof body.code !== 'string') {
        throw new Problem(502, 'bad-gateway', `the ${service} service answered ${response.status}`, { service });
      }
      const code = body.code;
      const detail = typeof body.detail === 'string' ? body.detail : `the service answered ${response.status}`;
      const params = (body.params as Record<string, unknown> | undefined) ?? {};
      throw new Problem(response.status, code, detail, params);
    }
    return body as T;
  }
}

function categoryNames(tree: CategoryNode[]): Map<string, string> {
  const names = new Map<string, string>();
  const walk = (nodes: CategoryNode[]): void => {
    for (const node of nodes) {
      names.set(node.id, node.name);
      walk(node.children ?? []);
    }
  };
  walk(tree);
  return names;
}
