import { defineArea } from '../../app/area';
import { isOperator, RequireSession } from '../../session';
import { operatorMessages } from './messages';
import { AssistedOrderPage } from './pages/AssistedOrderPage';
import { CommissionsPage } from './pages/CommissionsPage';
import { FirstKmPage } from './pages/FirstKmPage';
import { HandOverPage } from './pages/HandOverPage';
import { HomePage } from './pages/HomePage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { OverduePage } from './pages/OverduePage';
import { ScanInPage } from './pages/ScanInPage';
import { ShelvesPage } from './pages/ShelvesPage';
import { OperatorShell } from './Shell';

/** Who may open the operator area: owners and operators of a service point. */
const allow = isOperator;

export const area = defineArea({
  id: 'operator',
  routes: [
    {
      path: '/operator',
      element: (
        <RequireSession allow={allow}>
          <OperatorShell />
        </RequireSession>
      ),
      children: [
        { index: true, element: <HomePage /> },
        { path: 'scan', element: <ScanInPage /> },
        { path: 'shelves', element: <ShelvesPage /> },
        { path: 'handover', element: <HandOverPage /> },
        { path: 'overdue', element: <OverduePage /> },
        { path: 'first-km', element: <FirstKmPage /> },
        { path: 'orders', element: <OrdersPage /> },
        { path: 'orders/new', element: <AssistedOrderPage /> },
        { path: 'orders/:id', element: <OrderPage /> },
        { path: 'commissions', element: <CommissionsPage /> },
      ],
    },
  ],
  nav: [{ to: '/operator', label: (locale) => operatorMessages[locale].nav, visible: allow, order: 200 }],
});
