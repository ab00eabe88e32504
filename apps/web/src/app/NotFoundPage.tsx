import { Link, isRouteErrorResponse, useRouteError } from 'react-router';
import { commonMessages, useMessages } from '../i18n';
import { Page } from '../ui/Page';
import { ProblemMessage } from '../ui/ProblemMessage';
import { EmptyState } from '../ui/states';

export function NotFoundPage() {
  const t = useMessages(commonMessages);
  return (
    <Page title={t.notFoundTitle}>
      <EmptyState
        title={t.notFoundTitle}
        action={
          <Link className="button" to="/">
            {t.backHome}
          </Link>
        }
      >
        {t.notFoundBody}
      </EmptyState>
    </Page>
  );
}

/** What the router shows when a page throws while rendering or loading. */
export function RouteErrorPage() {
  const error = useRouteError();
  const t = useMessages(commonMessages);
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <NotFoundPage />;
  }
  return (
    <Page title={t.errorTitle}>
      <ProblemMessage error={error} onRetry={() => window.location.reload()} />
    </Page>
  );
}
