import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  /** True until the first answer for this key (a cached answer shows at once while it is refetched). */
  loading: boolean;
  /** Loads again (e.g. the retry button of an error state, or after a change). */
  reload: () => void;
  /** Replaces the cached data with what a write answered, without another request. */
  setData: (data: T) => void;
}

/**
 * A TanStack query for a view: `const { data, error, loading, reload } = useApi(['seller', 'listing', id],
 * (signal) => sellerApi.listing(id, signal))`. The key names the data (area first, so a write can invalidate its
 * area's views: `queryClient.invalidateQueries({ queryKey: ['seller'] })`) and holds every input of `load`; a
 * change of key aborts the request in flight and shows the cached answer for the new key, if any.
 */
export function useApi<T>(key: QueryKey, load: (signal: AbortSignal) => Promise<T>): ApiState<T> {
  const client = useQueryClient();
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => load(signal) });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const hash = JSON.stringify(key); // stands for the key, which callers build anew on every render
  const setData = useCallback((data: T) => client.setQueryData(key, data), [client, hash]);
  return { data: query.data, error: query.error ?? undefined, loading: query.isPending, reload, setData };
}
