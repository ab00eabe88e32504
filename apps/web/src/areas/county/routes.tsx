import type { Me } from '../../api';
import { defineArea } from '../../app/area';
import { lazyPage } from '../../app/lazyPage';
import { defineMessages } from '../../i18n';
import { isCountyStaff, isPlatformAdmin, RequireSession } from '../../session';

const CountyLayout = lazyPage(() => import('./CountyLayout'), 'CountyLayout');
const ClaimDetailPage = lazyPage(() => import('./pages/ClaimsPage'), 'ClaimDetailPage');
const ApplicationsPage = lazyPage(() => import('./pages/ApplicationsPage'), 'ApplicationsPage');
const CashPage = lazyPage(() => import('./pages/CashPage'), 'CashPage');
const ClaimsPage = lazyPage(() => import('./pages/ClaimsPage'), 'ClaimsPage');
const DashboardPage = lazyPage(() => import('./pages/DashboardPage'), 'DashboardPage');
const PromotionsPage = lazyPage(() => import('./pages/PromotionsPage'), 'PromotionsPage');
const NodesPage = lazyPage(() => import('./pages/NodesPage'), 'NodesPage');
const RoutesPage = lazyPage(() => import('./pages/RoutesPage'), 'RoutesPage');
const RunManifestPage = lazyPage(() => import('./pages/RunsPage'), 'RunManifestPage');
const RunsPage = lazyPage(() => import('./pages/RunsPage'), 'RunsPage');
const SellerDetailPage = lazyPage(() => import('./pages/SellerDetailPage'), 'SellerDetailPage');
const SellersPage = lazyPage(() => import('./pages/SellersPage'), 'SellersPage');
const SettlementPage = lazyPage(() => import('./pages/SettlementPage'), 'SettlementPage');
const CountyStatementPage = lazyPage(() => import('./pages/SettlementPage'), 'CountyStatementPage');
const SettingsPage = lazyPage(() => import('./pages/SettingsPage'), 'SettingsPage');
const StorefrontPage = lazyPage(() => import('./pages/StorefrontPage'), 'StorefrontPage');
const VehiclesPage = lazyPage(() => import('./pages/VehiclesPage'), 'VehiclesPage');
const TagsPage = lazyPage(() => import('./pages/TagsPage'), 'TagsPage');
const ExportPage = lazyPage(() => import('./pages/ExportPage'), 'ExportPage');
const PlatformCouponsPage = lazyPage(() => import('./pages/PlatformCouponsPage'), 'PlatformCouponsPage');

/** The header's link; the area's own texts (messages.ts) load with its pages. */
const navMessages = defineMessages({ nav: '县级管理' }, { nav: 'County office' });

/** Who may open the county area: county staff (their county) and platform admins (any county they choose). */
const allow = (me: Me | null) => isCountyStaff(me) || isPlatformAdmin(me);

export const area = defineArea({
  id: 'county',
  routes: [
    {
      path: '/county',
      element: (
        <RequireSession allow={allow}>
          <CountyLayout />
        </RequireSession>
      ),
      children: [
        { index: true, element: <DashboardPage /> },
        { path: 'applications', element: <ApplicationsPage /> },
        { path: 'sellers', element: <SellersPage /> },
        { path: 'sellers/:id', element: <SellerDetailPage /> },
        { path: 'storefront', element: <StorefrontPage /> },
        { path: 'promotions', element: <PromotionsPage /> },
        { path: 'network', element: <NodesPage /> },
        { path: 'network/vehicles', element: <VehiclesPage /> },
        { path: 'network/routes', element: <RoutesPage /> },
        { path: 'network/settings', element: <SettingsPage /> },
        { path: 'runs', element: <RunsPage /> },
        { path: 'runs/:id', element: <RunManifestPage /> },
        { path: 'claims', element: <ClaimsPage /> },
        { path: 'claims/:id', element: <ClaimDetailPage /> },
        { path: 'cash', element: <CashPage /> },
        { path: 'settlement', element: <SettlementPage /> },
        { path: 'statements/:id', element: <CountyStatementPage /> },
        { path: 'tags', element: <TagsPage /> },
        { path: 'export', element: <ExportPage /> },
        {
          path: 'platform-coupons',
          element: (
            <RequireSession allow={isPlatformAdmin}>
              <PlatformCouponsPage />
            </RequireSession>
          ),
        },
      ],
    },
  ],
  nav: [{ to: '/county', label: (locale) => navMessages[locale].nav, visible: allow, order: 300 }],
});
