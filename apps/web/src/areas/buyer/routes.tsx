import type { ReactNode } from 'react';
import { defineArea } from '../../app/area';
import { lazyPage } from '../../app/lazyPage';
import { RequireSession } from '../../session';
import './buyer.css';
import { BasketBadge } from './components';
import { buyerMessages } from './messages';

const AddressBookPage = lazyPage(() => import('./pages/AddressBookPage'), 'AddressBookPage');
const BasketPage = lazyPage(() => import('./pages/BasketPage'), 'BasketPage');
const CheckoutPage = lazyPage(() => import('./pages/CheckoutPage'), 'CheckoutPage');
const GroupPage = lazyPage(() => import('./pages/GroupPage'), 'GroupPage');
const HomePage = lazyPage(() => import('./pages/HomePage'), 'HomePage');
const ListingPage = lazyPage(() => import('./pages/ListingPage'), 'ListingPage');
const MyCouponsPage = lazyPage(() => import('./pages/MyCouponsPage'), 'MyCouponsPage');
const OrderPage = lazyPage(() => import('./pages/OrderPage'), 'OrderPage');
const OrdersPage = lazyPage(() => import('./pages/OrdersPage'), 'OrdersPage');
const PayPage = lazyPage(() => import('./pages/PayPage'), 'PayPage');
const SearchPage = lazyPage(() => import('./pages/SearchPage'), 'SearchPage');
const SellerPage = lazyPage(() => import('./pages/SellerPage'), 'SellerPage');
const StorefrontPage = lazyPage(() => import('./pages/StorefrontPage'), 'StorefrontPage');
const TracePage = lazyPage(() => import('./pages/TracePage'), 'TracePage');

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
    { path: '/groups/:id', element: <GroupPage /> },
    { path: '/basket', element: <BasketPage /> },
    { path: '/trace', element: <TracePage /> },
    { path: '/trace/:code', element: <TracePage /> },
    { path: '/checkout', element: signedIn(<CheckoutPage />) },
    { path: '/order-groups/:id', element: signedIn(<PayPage />) },
    { path: '/orders', element: signedIn(<OrdersPage />) },
    { path: '/addresses', element: signedIn(<AddressBookPage />) },
    { path: '/coupons', element: signedIn(<MyCouponsPage />) },
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
    {
      to: '/coupons',
      label: (locale) => buyerMessages[locale].navCoupons,
      order: 33,
      visible: (me) => me !== null,
    },
    {
      to: '/addresses',
      label: (locale) => buyerMessages[locale].navAddresses,
      order: 35,
      visible: (me) => me !== null,
    },
    { to: '/trace', label: (locale) => buyerMessages[locale].navTrace, order: 40 },
  ],
});
