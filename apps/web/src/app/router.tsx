import { createBrowserRouter, type RouteObject } from 'react-router';
import { AREAS } from './areas';
import { DevSmsPage } from './DevSmsPage';
import { ForgotPasswordPage } from './ForgotPasswordPage';
import { Layout } from './Layout';
import { LoginPage } from './LoginPage';
import { NotFoundPage, RouteErrorPage } from './NotFoundPage';
import { RegisterPage } from './RegisterPage';

/** The layout with every area's routes inside it, the login page, and a 404 page for the rest. */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteErrorPage />,
    children: [
      ...AREAS.flatMap((area) => area.routes),
      { path: '/login', element: <LoginPage /> },
      { path: '/register', element: <RegisterPage /> },
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      // development only: identity answers 404 there when a real SMS provider sends
      { path: '/dev/sms', element: <DevSmsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
