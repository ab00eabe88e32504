import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Me } from '../api';
import { commonMessages, useMessages } from '../i18n';
import { Page } from '../ui/Page';
import { Loading } from '../ui/states';
import { useSession } from './session';

/**
 * Shows its children to a signed-in caller who passes `allow` (e.g. `isSeller`); sends anyone else to the login
 * page, which comes back here afterwards.
 */
export function RequireSession({ allow, children }: { allow?: (me: Me | null) => boolean; children: ReactNode }) {
  const { status, me } = useSession();
  const location = useLocation();
  const t = useMessages(commonMessages);
  if (status === 'loading') {
    return <Loading />;
  }
  if (status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (allow && !allow(me)) {
    return (
      <Page title={t.forbiddenTitle}>
        <p className="muted">{t.forbiddenBody}</p>
      </Page>
    );
  }
  return <>{children}</>;
}
