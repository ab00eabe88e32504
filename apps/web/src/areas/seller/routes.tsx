import { defineArea } from '../../app/area';
import { lazyPage } from '../../app/lazyPage';
import { defineMessages } from '../../i18n';
import { isSeller, RequireSession } from '../../session';

const SellerLayout = lazyPage(() => import('./components'), 'SellerLayout');
const CertificatePage = lazyPage(() => import('./pages/CertificatePage'), 'CertificatePage');
const ClaimsPage = lazyPage(() => import('./pages/ClaimsPage'), 'ClaimsPage');
const HomePage = lazyPage(() => import('./pages/HomePage'), 'HomePage');
const ListingFormPage = lazyPage(() => import('./pages/ListingFormPage'), 'ListingFormPage');
const ListingPage = lazyPage(() => import('./pages/ListingPage'), 'ListingPage');
const ListingsPage = lazyPage(() => import('./pages/ListingsPage'), 'ListingsPage');
const LotFormPage = lazyPage(() => import('./pages/LotFormPage'), 'LotFormPage');
const LotsPage = lazyPage(() => import('./pages/LotsPage'), 'LotsPage');
const OrderPage = lazyPage(() => import('./pages/OrderPage'), 'OrderPage');
const OrdersPage = lazyPage(() => import('./pages/OrdersPage'), 'OrdersPage');
const ReviewsPage = lazyPage(() => import('./pages/ReviewsPage'), 'ReviewsPage');
const SalesOffersPage = lazyPage(() => import('./pages/SalesOffersPage'), 'SalesOffersPage');
const SalesPage = lazyPage(() => import('./pages/SalesPage'), 'SalesPage');
const SkuStockPage = lazyPage(() => import('./pages/SkuStockPage'), 'SkuStockPage');
const StockPage = lazyPage(() => import('./pages/StockPage'), 'StockPage');
const StatementsPage = lazyPage(() => import('./pages/StatementsPage'), 'StatementsPage');
const StatementPage = lazyPage(() => import('./pages/StatementPage'), 'StatementPage');
const CouponsPage = lazyPage(() => import('./pages/CouponsPage'), 'CouponsPage');
const FreightPage = lazyPage(() => import('./pages/FreightPage'), 'FreightPage');
const PayeePage = lazyPage(() => import('./pages/PayeePage'), 'PayeePage');

/** The header's link; the area's own texts (messages.ts) load with its pages. */
const navMessages = defineMessages({ nav: '卖家中心' }, { nav: 'Seller centre' });

/** Who may open the seller area: owners and staff of a cooperative, family farm or merchant. */
const allow = isSeller;

export const area = defineArea({
  id: 'seller',
  routes: [
    {
      path: '/seller',
      element: (
        <RequireSession allow={allow}>
          <SellerLayout />
        </RequireSession>
      ),
      children: [
        { index: true, element: <HomePage /> },
        { path: 'listings', element: <ListingsPage /> },
        { path: 'listings/new', element: <ListingFormPage /> },
        { path: 'listings/:id', element: <ListingPage /> },
        { path: 'listings/:id/edit', element: <ListingFormPage /> },
        { path: 'stock', element: <StockPage /> },
        { path: 'skus/:skuId/stock', element: <SkuStockPage /> },
        { path: 'lots', element: <LotsPage /> },
        { path: 'lots/new', element: <LotFormPage /> },
        { path: 'lots/:id/certificate', element: <CertificatePage /> },
        { path: 'orders', element: <OrdersPage /> },
        { path: 'orders/:id', element: <OrderPage /> },
        { path: 'claims', element: <ClaimsPage /> },
        { path: 'reviews', element: <ReviewsPage /> },
        { path: 'sales', element: <SalesPage /> },
        { path: 'presales', element: <SalesOffersPage /> },
        { path: 'statements', element: <StatementsPage /> },
        { path: 'statements/:id', element: <StatementPage /> },
        { path: 'freight', element: <FreightPage /> },
        { path: 'coupons', element: <CouponsPage /> },
        { path: 'payee', element: <PayeePage /> },
      ],
    },
  ],
  nav: [{ to: '/seller', label: (locale) => navMessages[locale].nav, visible: allow, order: 100 }],
});
