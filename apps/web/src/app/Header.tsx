import { Link, NavLink, useNavigate } from 'react-router';
import { commonMessages, LOCALES, useLocale, useMessages, type Locale } from '../i18n';
import { useSession } from '../session';
import { NAV } from './areas';

const LANGUAGE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/** The brand, the language switch, who is signed in, and the links the caller's memberships open. */
export function Header() {
  const t = useMessages(commonMessages);
  const { locale, setLocale } = useLocale();
  const { me, status, logout } = useSession();
  const navigate = useNavigate();
  const links = NAV.filter((entry) => !entry.visible || entry.visible(me));

  const onLogout = async () => {
    await logout();
    void navigate('/');
  };

  return (
    <header className="site-header">
      <div className="site-header-bar">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>{t.appName}</span>
        </Link>
        <div className="site-header-tools">
          <label className="visually-hidden" htmlFor="language-switch">
            {t.language}
          </label>
          <select
            id="language-switch"
            className="language-switch"
            value={locale}
            onChange={(event) => setLocale(event.target.value as Locale)}
          >
            {LOCALES.map((option) => (
              <option key={option} value={option} lang={option}>
                {LANGUAGE_NAMES[option]}
              </option>
            ))}
          </select>
          {status === 'signed-in' ? (
            <>
              <span className="who" title={me ? t.loggedInAs(me.name) : undefined}>
                {me?.name}
              </span>
              <button type="button" className="button button-small button-secondary" onClick={() => void onLogout()}>
                {t.logout}
              </button>
            </>
          ) : (
            status === 'anonymous' && (
              <Link className="button button-small" to="/login">
                {t.login}
              </Link>
            )
          )}
        </div>
      </div>
      <nav className="site-nav" aria-label={t.mainNav}>
        <ul>
          {links.map((entry) => (
            <li key={entry.to}>
              <NavLink to={entry.to} end={entry.end}>
                {entry.label(locale)}
                {entry.Badge && <entry.Badge />}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
