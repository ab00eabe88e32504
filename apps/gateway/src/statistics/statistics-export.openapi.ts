import type { OpenAPIObject } from '@nestjs/swagger';

type Paths = OpenAPIObject['paths'];

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/GatewayProblem' } } },
});

/**
 * The gateway's own route in the merged OpenAPI document (docs/web.md "Statistics export"). It answers a file, not
 * JSON, and the gateway builds no Swagger document of its own, so the operation is written here;
 * statistics-export.openapi.spec.ts keeps its query parameters equal to `StatisticsExportQueryDto`'s.
 */
export const STATISTICS_EXPORT_PATHS: Paths = {
  '/api/statistics/export': {
    get: {
      operationId: 'GatewayStatisticsExportController_export',
      tags: ['statistics'],
      summary: "Download a county's figures for a period as CSV or Excel, in the shape counties report them upward",
      description:
        'County staff of the county; platform admins, also without `countyCode` for every county. Tables (an Excel ' +
        'sheet each, Chinese headers, money in yuan): 汇总, 按日交易额, 上行下行, 按县区 (every county), 按品类, ' +
        '按乡镇, 按卖家, 站点包裹, 首公里, 冷链异常, 售后. The CSV holds the same tables one after another, each under a ' +
        "【title】 row, UTF-8 with a byte order mark. The gateway composes orders' `GET /statistics` and logistics' " +
        "county figures with the caller's own token, so their refusals come back unchanged (`not-county-staff`, " +
        '`missing-role`, `county-required`).',
      security: [{ bearer: [] }],
      parameters: [
        {
          name: 'countyCode',
          in: 'query',
          required: false,
          description: 'the county (6 digits); platform admins may leave it out for every county',
          schema: { type: 'string', pattern: '^[0-9]{6}$' },
        },
        {
          name: 'from',
          in: 'query',
          required: true,
          description: 'first day of the period (YYYY-MM-DD, China time)',
          schema: { type: 'string', format: 'date' },
        },
        {
          name: 'to',
          in: 'query',
          required: true,
          description: 'last day of the period (YYYY-MM-DD)',
          schema: { type: 'string', format: 'date' },
        },
        {
          name: 'format',
          in: 'query',
          required: true,
          description: 'csv or xlsx',
          schema: { type: 'string', enum: ['csv', 'xlsx'] },
        },
      ],
      responses: {
        '200': {
          description: 'the file, as an attachment named county-statistics-<county|all>-<from>-<to>.<format>',
          content: {
            'text/csv': { schema: { type: 'string', format: 'binary' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string', format: 'binary' },
            },
          },
        },
        '400': problem('a malformed period, county code or format'),
        '401': problem('not signed in'),
        '403': problem('not staff of that county, or not a platform admin for every county'),
        '502': problem('a service behind the gateway failed'),
      },
    },
  },
};

/** The RFC 9457 problem the gateway answers with (the services' problems have the same shape). */
export const GATEWAY_SCHEMAS = {
  GatewayProblem: {
    type: 'object',
    required: ['type', 'title', 'status', 'code'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      code: { type: 'string', description: 'stable; the web app translates it (apps/web/src/i18n/problems.ts)' },
      params: { type: 'object', additionalProperties: true },
    },
  },
};
