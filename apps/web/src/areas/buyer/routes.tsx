import type { ReactNode } from 'react';
import { defineArea } from '../../app/area';
import { RequireSession } from '../../session';
import './buyer.css';
import { BasketBadge } from './components';
import { buyerMessages } from './messages';
import { BasketPage } from './pages/BasketPage';
import { CheckoutPage } from './pages/CheckoutPage';
import { HomePage } from './pages/HomePage';
import { ListingPage } from './pages/ListingPage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { PayPage } from './pages/PayPage';
import { SearchPage } from './pages/SearchPage';
import { SellerPage } from './pages/SellerPage';
import { StorefrontPage } from './pages/StorefrontPage';
import { TracePage } from './pages/TracePage';

const signedIn = (element: ReactNode) => <RequireSession>{element}</RequireSession>;

/** The buyer's side: public browsing (storefronts, sellers, search, listings, trace) and the signed-in buyer. */
export const area = defineArea({
  id: 'buyer',
  routes: [
    { path: '/', element: <HomePage /> },
    { path: '/storefronts/:countyCode', element: <StorefrontPage /> },
    { path: '/sellers/:orgId', element: <SellerPage /> },
    { path: '/search', element: <SearchPage /> },
    { path: '/listings/:id', element: <ListingPage /> },
    { path: '/basket', element: <BasketPage /> },
    { path: '/trace', element: <TracePage /> },
    { path: '/trace/:code', element: <TracePage /> },
    { path: '/checkout', element: signedIn(<CheckoutPage />) },
    { path: '/order-groups/:id', element: signedIn(<PayPage />) },
    { path: '/orders', element: signedIn(<OrdersPage />) },
    { path: '/orders/:id', element: signedIn(<OrderPage />) },
  ],
  nav: [
    { to: '/', end: true, label: (locale) => buyerMessages[locale].navHome, order: 0 },
    { to: '/search', label: (locale) => buyerMessages[locale].navSearch, order: 10 },
    { to: '/basket', label: (locale) => buyerMessages[locale].navBasket, order: 20, Badge: BasketBadge },
    {
      to: '/orders',
      label: (locale) => buyerMessages[locale].navOrders,
      order: 30,
      visible: (me) => me !== null,
    },
    { to: '/trace', label: (locale) => buyerMessages[locale].navTrace, order: 40 },
  ],
});
