import { QueryClient } from '@tanstack/react-query';

/**
 * The app's one server-state cache. A view shows what it last saw at once and refetches behind it (nothing is
 * fresh for longer than a render: staleTime 0); errors are not retried (a refused call is an answer the page shows,
 * and usePoll keeps its own pace for sagas); a window regaining focus does not refetch, so a page never changes
 * under a person who is typing into it.
 */
export const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 0 },
      mutations: { retry: false },
    },
  });
