import { useEffect, useRef, type ReactNode } from 'react';
import { commonMessages, useMessages } from '../i18n';

/** Sets `document.title` to "<title> · 县域通" while the component is shown. */
export function usePageTitle(title: string | undefined): void {
  const t = useMessages(commonMessages);
  useEffect(() => {
    document.title = title ? `${title} · ${t.appName}` : t.appName;
  }, [title, t.appName]);
}

/**
 * One page: its `<h1>`, the document title, and focus moved to the heading when the page opens, so keyboard and
 * screen-reader users start at the new content after a navigation.
 */
export function Page({
  title,
  documentTitle,
  actions,
  children,
  className,
}: {
  title: ReactNode;
  /** When `title` is not plain text. */
  documentTitle?: string;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
}) {
  usePageTitle(documentTitle ?? (typeof title === 'string' ? title : undefined));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <section className={`page ${className ?? ''}`.trim()}>
      <header className="page-header">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
