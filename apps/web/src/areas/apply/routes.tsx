import type { Me } from '../../api';
import { defineArea } from '../../app/area';
import { lazyPage } from '../../app/lazyPage';
import { defineMessages } from '../../i18n';
import { isCountyStaff, isPlatformAdmin, isSignedIn, RequireSession } from '../../session';

const ApplyPage = lazyPage(() => import('./ApplyPage'), 'ApplyPage');

const navMessages = defineMessages({ nav: '申请入驻' }, { nav: 'Apply' });

/** Whoever is signed in may apply; the link shows until every organisation of theirs is verified. */
const applying = (me: Me | null) =>
  isSignedIn(me) &&
  !isCountyStaff(me) &&
  !isPlatformAdmin(me) &&
  !(me?.memberships ?? []).some((m) => m.orgKind !== 'platform' && m.orgStatus === 'verified');

export const area = defineArea({
  id: 'apply',
  routes: [
    {
      path: '/apply',
      element: (
        <RequireSession allow={isSignedIn}>
          <ApplyPage />
        </RequireSession>
      ),
    },
  ],
  nav: [{ to: '/apply', label: (locale) => navMessages[locale].nav, visible: applying, order: 90 }],
});
