import { getMetadataStorage } from 'class-validator';
import { mergeOpenApi } from '../docs/openapi-merge';
import { StatisticsExportQueryDto } from './statistics-export.dto';
import { GATEWAY_SCHEMAS, STATISTICS_EXPORT_PATHS } from './statistics-export.openapi';

describe('the statistics export in the OpenAPI document', () => {
  const document = mergeOpenApi([], [], { paths: STATISTICS_EXPORT_PATHS, schemas: GATEWAY_SCHEMAS });
  const operation = document.paths['/api/statistics/export'].get!;

  it('is in the merged document with a description and its file responses', () => {
    expect(operation.description).toContain('CSV');
    expect(Object.keys((operation.responses['200'] as { content: object }).content)).toEqual([
      'text/csv',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(document.tags).toEqual(expect.arrayContaining([{ name: 'statistics' }]));
    expect(document.components!.schemas!.GatewayProblem).toBeDefined();
  });

  it('names exactly the query fields the route validates, required as the DTO requires them', () => {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(StatisticsExportQueryDto, '', true, false);
    const fields = [...new Set(metadata.map((item) => item.propertyName))].sort();
    const optional = new Set(
      metadata.filter((item) => item.type === 'conditionalValidation').map((item) => item.propertyName),
    );
    const parameters = (operation.parameters as { name: string; required: boolean }[]).map((p) => [p.name, p.required]);
    expect(parameters.map(([name]) => name).sort()).toEqual(fields);
    expect(Object.fromEntries(parameters)).toEqual(Object.fromEntries(fields.map((f) => [f, !optional.has(f)])));
  });
});
