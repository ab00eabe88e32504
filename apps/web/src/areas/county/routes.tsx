import type { Me } from '../../api';
import { defineArea } from '../../app/area';
import { isCountyStaff, isPlatformAdmin, RequireSession } from '../../session';
import { CountyLayout } from './CountyLayout';
import { countyMessages } from './messages';
import { ClaimDetailPage, ClaimsPage } from './pages/ClaimsPage';
import { DashboardPage } from './pages/DashboardPage';
import { NodesPage } from './pages/NodesPage';
import { RoutesPage } from './pages/RoutesPage';
import { RunManifestPage, RunsPage } from './pages/RunsPage';
import { SellerDetailPage } from './pages/SellerDetailPage';
import { SellersPage } from './pages/SellersPage';
import { SettingsPage } from './pages/SettingsPage';
import { StorefrontPage } from './pages/StorefrontPage';
import { VehiclesPage } from './pages/VehiclesPage';

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
        { path: 'sellers', element: <SellersPage /> },
        { path: 'sellers/:id', element: <SellerDetailPage /> },
        { path: 'storefront', element: <StorefrontPage /> },
        { path: 'network', element: <NodesPage /> },
        { path: 'network/vehicles', element: <VehiclesPage /> },
        { path: 'network/routes', element: <RoutesPage /> },
        { path: 'network/settings', element: <SettingsPage /> },
        { path: 'runs', element: <RunsPage /> },
        { path: 'runs/:id', element: <RunManifestPage /> },
        { path: 'claims', element: <ClaimsPage /> },
        { path: 'claims/:id', element: <ClaimDetailPage /> },
      ],
    },
  ],
  nav: [{ to: '/county', label: (locale) => countyMessages[locale].nav, visible: allow, order: 300 }],
});
