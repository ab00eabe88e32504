import { defineArea } from '../../app/area';
import { lazyPage } from '../../app/lazyPage';
import { defineMessages } from '../../i18n';
import { isOperator, RequireSession } from '../../session';

const ArrivalsPage = lazyPage(() => import('./pages/ArrivalsPage'), 'ArrivalsPage');
const AssistedOrderPage = lazyPage(() => import('./pages/AssistedOrderPage'), 'AssistedOrderPage');
const CarrierPage = lazyPage(() => import('./pages/CarrierPage'), 'CarrierPage');
const CashBookPage = lazyPage(() => import('./pages/CashBookPage'), 'CashBookPage');
const CommissionsPage = lazyPage(() => import('./pages/CommissionsPage'), 'CommissionsPage');
const PointStatementPage = lazyPage(() => import('./pages/PointStatementPage'), 'PointStatementPage');
const PointPayeePage = lazyPage(() => import('./pages/PointStatementPage'), 'PointPayeePage');
const ExceptionsPage = lazyPage(() => import('./pages/ExceptionsPage'), 'ExceptionsPage');
const FirstKmPage = lazyPage(() => import('./pages/FirstKmPage'), 'FirstKmPage');
const HandOverPage = lazyPage(() => import('./pages/HandOverPage'), 'HandOverPage');
const LabelPage = lazyPage(() => import('./pages/LabelPage'), 'LabelPage');
const LoadPage = lazyPage(() => import('./pages/LoadPage'), 'LoadPage');
const NodeHomePage = lazyPage(() => import('./pages/NodeHomePage'), 'NodeHomePage');
const OrderPage = lazyPage(() => import('./pages/OrderPage'), 'OrderPage');
const OrdersPage = lazyPage(() => import('./pages/OrdersPage'), 'OrdersPage');
const OverduePage = lazyPage(() => import('./pages/OverduePage'), 'OverduePage');
const ScanInPage = lazyPage(() => import('./pages/ScanInPage'), 'ScanInPage');
const ShelvesPage = lazyPage(() => import('./pages/ShelvesPage'), 'ShelvesPage');
const ToVanPage = lazyPage(() => import('./pages/ToVanPage'), 'ToVanPage');
const FromVanPage = lazyPage(() => import('./pages/FromVanPage'), 'FromVanPage');
const UnloadPage = lazyPage(() => import('./pages/UnloadPage'), 'UnloadPage');
const OperatorShell = lazyPage(() => import('./Shell'), 'OperatorShell');

/** The header's link; the area's own texts (messages.ts) load with its pages. */
const navMessages = defineMessages({ nav: '网点' }, { nav: 'My node' });

/** Who may open the operator area: owners and operators of a node (county hub, town station, village point). */
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
        { index: true, element: <NodeHomePage /> },
        { path: 'arrivals', element: <ArrivalsPage /> },
        { path: 'load', element: <LoadPage /> },
        { path: 'unload', element: <UnloadPage /> },
        { path: 'carrier', element: <CarrierPage /> },
        { path: 'exceptions', element: <ExceptionsPage /> },
        { path: 'to-van', element: <ToVanPage /> },
        { path: 'from-van', element: <FromVanPage /> },
        { path: 'labels/:code', element: <LabelPage /> },
        { path: 'scan', element: <ScanInPage /> },
        { path: 'shelves', element: <ShelvesPage /> },
        { path: 'handover', element: <HandOverPage /> },
        { path: 'overdue', element: <OverduePage /> },
        { path: 'first-km', element: <FirstKmPage /> },
        { path: 'orders', element: <OrdersPage /> },
        { path: 'orders/new', element: <AssistedOrderPage /> },
        { path: 'orders/:id', element: <OrderPage /> },
        { path: 'commissions', element: <CommissionsPage /> },
        { path: 'statements/:id', element: <PointStatementPage /> },
        { path: 'payee', element: <PointPayeePage /> },
        { path: 'cash-book', element: <CashBookPage /> },
      ],
    },
  ],
  nav: [{ to: '/operator', label: (locale) => navMessages[locale].nav, visible: allow, order: 200 }],
});
