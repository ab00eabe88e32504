import { createContext, useContext, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useMessages } from '../../i18n';
import { countyStaffMemberships, isPlatformAdmin, useSession } from '../../session';
import { Page } from '../../ui';
import './county.css';
import { countyMessages } from './messages';

const STORAGE_KEY = 'cf.county.code';

interface CountyState {
  /** The 6-digit code of the county the console works on ('' when a platform admin has not chosen one yet). */
  code: string;
  /** The county office's name, when the caller is staff there. */
  name: string | null;
}

const CountyContext = createContext<CountyState>({ code: '', name: null });

/** The county the console shows: the caller's county office (or the one chosen, for staff of several / admins). */
export const useCounty = (): CountyState => useContext(CountyContext);

function storedCounty(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

/** The console's sections, each a link (the current one marked with aria-current by NavLink). */
function CountyTabs() {
  const t = useMessages(countyMessages);
  const { me } = useSession();
  const list = useRef<HTMLUListElement>(null);
  const { pathname } = useLocation();
  // on a narrow screen the row scrolls sideways: keep the current section in view (without moving the page)
  useEffect(() => {
    const active = list.current?.querySelector<HTMLElement>('a.active');
    if (list.current && active) {
      const { offsetLeft, offsetWidth } = active;
      const { scrollLeft, clientWidth } = list.current;
      if (offsetLeft < scrollLeft || offsetLeft + offsetWidth > scrollLeft + clientWidth) {
        list.current.scrollLeft = offsetLeft - 12;
      }
    }
  }, [pathname]);
  const tabs: [string, string, boolean?][] = [
    ['/county', t.tabDashboard, true],
    ['/county/applications', t.tabApplications],
    ['/county/tags', t.tabTags],
    ['/county/sellers', t.tabSellers],
    ['/county/storefront', t.tabStorefront],
    ['/county/promotions', t.tabPromotions],
    ['/county/network', t.tabNetwork],
    ['/county/runs', t.tabRuns],
    ['/county/claims', t.tabClaims],
    ['/county/cash', t.tabCash],
    ['/county/settlement', t.tabSettlement],
    ['/county/export', t.tabExport],
    ...(isPlatformAdmin(me) ? [['/county/platform-coupons', t.tabPlatformCoupons] as [string, string]] : []),
  ];
  return (
    <nav className="county-tabs no-print" aria-label={t.consoleNav}>
      <ul ref={list}>
        {tabs.map(([to, label, end]) => (
          <li key={to}>
            <NavLink to={to} end={end}>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Platform admins (and staff of several counties) choose which county to look at. */
function CountyChooser({
  value,
  options,
  free,
  onChange,
}: {
  value: string;
  options: { code: string; name: string }[];
  free: boolean;
  onChange: (code: string) => void;
}) {
  const t = useMessages(countyMessages);
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  if (!free) {
    return (
      <div className="county-chooser no-print">
        <label htmlFor="county-choice">{t.countyChoice}</label>
        <select id="county-choice" value={value} onChange={(event) => onChange(event.target.value)}>
          {options.map((option) => (
            <option key={option.code} value={option.code}>
              {option.name} ({option.code})
            </option>
          ))}
        </select>
      </div>
    );
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (/^\d{6}$/.test(draft.trim())) {
      onChange(draft.trim());
    }
  };
  return (
    <form className="county-chooser no-print" onSubmit={onSubmit}>
      <label htmlFor="county-choice">{t.countyChoice}</label>
      <input
        id="county-choice"
        inputMode="numeric"
        pattern="\d{6}"
        maxLength={6}
        value={draft}
        placeholder="360722"
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit" className="button button-small button-secondary">
        {t.countyChoose}
      </button>
    </form>
  );
}

/** Pages of the console that are about no one county (the platform's own coupons). */
const COUNTYLESS = ['/county/platform-coupons'];

/** The frame of every county page: which county, the console's sections, then the page. */
export function CountyLayout() {
  const t = useMessages(countyMessages);
  const { me } = useSession();
  const { pathname } = useLocation();
  const offices = useMemo(
    () =>
      countyStaffMemberships(me)
        .map((membership) => ({ code: membership.countyCode, name: membership.orgName }))
        .filter((office, index, all) => all.findIndex((other) => other.code === office.code) === index),
    [me],
  );
  const admin = isPlatformAdmin(me);
  const [chosen, setChosen] = useState(storedCounty);
  const code =
    offices.find((office) => office.code === chosen)?.code ??
    (admin && /^\d{6}$/.test(chosen) ? chosen : (offices[0]?.code ?? ''));
  const choose = (next: string) => {
    setChosen(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  };
  const value = useMemo(
    () => ({ code, name: offices.find((office) => office.code === code)?.name ?? null }),
    [code, offices],
  );
  return (
    <CountyContext.Provider value={value}>
      <div className="county-frame">
        <div className="county-bar">
          <p className="county-name" data-testid="county-code">
            {value.name ? `${value.name} · ` : ''}
            {code ? t.countyCode(code) : t.noCounty}
          </p>
          {(admin || offices.length > 1) && (
            <CountyChooser value={code} options={offices} free={admin} onChange={choose} />
          )}
        </div>
        <CountyTabs />
        {code || COUNTYLESS.includes(pathname) ? (
          <Outlet />
        ) : (
          <Page title={t.homeTitle}>
            <p className="muted">{t.chooseCountyFirst}</p>
          </Page>
        )}
      </div>
    </CountyContext.Provider>
  );
}
