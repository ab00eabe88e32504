import {
  api,
  dataOf,
  orNull,
  type FreightTemplate,
  type PayeeAccount,
  type Schemas,
  type Statement,
  type StatementDetail,
} from '../api';

/*
 * The money calls more than one area makes (orders' settlement and freight endpoints): a party's statements, one
 * statement, the payee account. docs/money.md.
 */

export type PayeeBody = Schemas['OrdersPayeeAccountUpdateDto'];
export type FreightTemplateBody = Schemas['OrdersFreightTemplateUpdateDto'];

export const moneyApi = {
  statements: (orgId: string, signal?: AbortSignal): Promise<Statement[]> =>
    dataOf(api.http.GET('/api/orders/organisations/{orgId}/statements', { params: { path: { orgId } }, signal })),
  statement: (id: string, signal?: AbortSignal): Promise<StatementDetail> =>
    dataOf(api.http.GET('/api/orders/statements/{id}', { params: { path: { id } }, signal })),
  /** null: no payee account yet (404 no-payee-account). */
  /** null: no payee account yet (404 no-payee-account). */
  payee: (orgId: string, signal?: AbortSignal): Promise<PayeeAccount | null> =>
    orNull(
      dataOf(api.http.GET('/api/orders/organisations/{orgId}/payee-account', { params: { path: { orgId } }, signal })),
    ),
  setPayee: (orgId: string, body: PayeeBody): Promise<PayeeAccount> =>
    dataOf(api.http.PUT('/api/orders/organisations/{orgId}/payee-account', { params: { path: { orgId } }, body })),
  freight: (sellerOrgId: string, signal?: AbortSignal): Promise<FreightTemplate> =>
    dataOf(
      api.http.GET('/api/orders/sellers/{orgId}/freight-template', {
        params: { path: { orgId: sellerOrgId } },
        signal,
      }),
    ),
  setFreight: (sellerOrgId: string, body: FreightTemplateBody): Promise<FreightTemplate> =>
    dataOf(
      api.http.PUT('/api/orders/sellers/{orgId}/freight-template', { params: { path: { orgId: sellerOrgId } }, body }),
    ),
};
