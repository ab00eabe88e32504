import { createBrowserRouter, type RouteObject } from 'react-router';
import { AREAS } from './areas';
import { Layout } from './Layout';
import { LoginPage } from './LoginPage';
import { NotFoundPage, RouteErrorPage } from './NotFoundPage';

/** The layout with every area's routes inside it, the login page, and a 404 page for the rest. */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteErrorPage />,
    children: [
      ...AREAS.flatMap((area) => area.routes),
      { path: '/login', element: <LoginPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
