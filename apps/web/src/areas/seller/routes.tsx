import { defineArea } from '../../app/area';
import { isSeller, RequireSession } from '../../session';
import { SellerLayout } from './components';
import { sellerMessages } from './messages';
import { CertificatePage } from './pages/CertificatePage';
import { ClaimsPage } from './pages/ClaimsPage';
import { HomePage } from './pages/HomePage';
import { ListingFormPage } from './pages/ListingFormPage';
import { ListingPage } from './pages/ListingPage';
import { ListingsPage } from './pages/ListingsPage';
import { LotFormPage } from './pages/LotFormPage';
import { LotsPage } from './pages/LotsPage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { ReviewsPage } from './pages/ReviewsPage';
import { SalesPage } from './pages/SalesPage';
import { SkuStockPage } from './pages/SkuStockPage';
import { StockPage } from './pages/StockPage';

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
      ],
    },
  ],
  nav: [{ to: '/seller', label: (locale) => sellerMessages[locale].nav, visible: allow, order: 100 }],
});
