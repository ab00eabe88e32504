import { lazy, Suspense, type ComponentType } from 'react';
import { Loading } from '../ui/states';

/**
 * A page (or an area's layout) whose code loads when it is first shown, so a visitor downloads only the areas they
 * open: `lazyPage(() => import('./pages/OrdersPage'), 'OrdersPage')`. It shows a spinner in its own place while
 * loading, so an area's frame stays on screen while one of its pages loads.
 */
export function lazyPage<K extends string, M extends Record<K, ComponentType>>(
  load: () => Promise<M>,
  name: K,
): ComponentType {
  const Lazy = lazy(async (): Promise<{ default: ComponentType }> => ({ default: (await load())[name] }));
  return function LazyPage() {
    return (
      <Suspense fallback={<Loading />}>
        <Lazy />
      </Suspense>
    );
  };
}
