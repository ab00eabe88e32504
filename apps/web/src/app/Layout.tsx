import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { commonMessages, useMessages } from '../i18n';
import { Loading } from '../ui/states';
import { Header } from './Header';

/** Every page: the skip link, the header, the page in `<main>`, a footer. */
export function Layout() {
  const t = useMessages(commonMessages);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <Header />
      <main id="main" className="main">
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>
          {t.appName} · {t.appTagline}
        </p>
      </footer>
    </div>
  );
}
