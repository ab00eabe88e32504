import { defineArea } from '../../app/area';
import { lazyPage } from '../../app/lazyPage';
import { defineMessages } from '../../i18n';
import { isDriver, RequireSession } from '../../session';

const DriverRunsPage = lazyPage(() => import('./pages/DriverRunsPage'), 'DriverRunsPage');
const DriverRunPage = lazyPage(() => import('./pages/DriverRunPage'), 'DriverRunPage');

/** The header's link; the area's own texts (messages.ts) load with its pages. */
const navMessages = defineMessages({ nav: '我的车次' }, { nav: 'My runs' });

/** The driver's phone screens: my runs today, a run stop by stop. */
export const area = defineArea({
  id: 'driver',
  routes: [
    {
      path: '/driver',
      element: (
        <RequireSession allow={isDriver}>
          <DriverRunsPage />
        </RequireSession>
      ),
    },
    {
      path: '/driver/runs/:id',
      element: (
        <RequireSession allow={isDriver}>
          <DriverRunPage />
        </RequireSession>
      ),
    },
  ],
  nav: [{ to: '/driver', label: (locale) => navMessages[locale].nav, visible: isDriver, order: 250 }],
});
