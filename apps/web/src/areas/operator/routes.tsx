import { defineArea } from '../../app/area';
import { lazyPage } from '../../app/lazyPage';
import { defineMessages } from '../../i18n';
import { isOperator, RequireSession } from '../../session';

const AssistedOrderPage = lazyPage(() => import('./pages/AssistedOrderPage'), 'AssistedOrderPage');
const CashBookPage = lazyPage(() => import('./pages/CashBookPage'), 'CashBookPage');
const CommissionsPage = lazyPage(() => import('./pages/CommissionsPage'), 'CommissionsPage');
const FirstKmPage = lazyPage(() => import('./pages/FirstKmPage'), 'FirstKmPage');
const HandOverPage = lazyPage(() => import('./pages/HandOverPage'), 'HandOverPage');
const HomePage = lazyPage(() => import('./pages/HomePage'), 'HomePage');
const OrderPage = lazyPage(() => import('./pages/OrderPage'), 'OrderPage');
const OrdersPage = lazyPage(() => import('./pages/OrdersPage'), 'OrdersPage');
const OverduePage = lazyPage(() => import('./pages/OverduePage'), 'OverduePage');
const ScanInPage = lazyPage(() => import('./pages/ScanInPage'), 'ScanInPage');
const ShelvesPage = lazyPage(() => import('./pages/ShelvesPage'), 'ShelvesPage');
const OperatorShell = lazyPage(() => import('./Shell'), 'OperatorShell');

/** The header's link; the area's own texts (messages.ts) load with its pages. */
const navMessages = defineMessages({ nav: '服务点' }, { nav: 'Service point' });

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
        { path: 'cash-book', element: <CashBookPage /> },
      ],
    },
  ],
  nav: [{ to: '/operator', label: (locale) => navMessages[locale].nav, visible: allow, order: 200 }],
});
