import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isProblem, ProblemError } from "./api";

let onUnauthorized: () => void = () => {};

/** The router registers how to leave for the login page; kept here so this module stays free of routes. */
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

function checkUnauthorized(error: unknown) {
  if (isProblem(error, 401)) onUnauthorized();
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError: checkUnauthorized }),
  mutationCache: new MutationCache({ onError: checkUnauthorized }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // Client errors will not change on retry; network failures and 5xx may.
      retry: (failures, error) =>
        !(error instanceof ProblemError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});

/**
 * Asks again, once it lands, for every query under `queryKey` whose load is on its way now. Such an
 * answer may have been asked for before the change that calls this existed, and TanStack does not
 * restart a first load (one without data) on invalidation.
 */
export function reloadAfterInFlight(client: QueryClient, queryKey: readonly unknown[], exact = false): void {
  for (const query of client.getQueryCache().findAll({ queryKey, exact })) {
    const inFlight = query.promise;
    if (inFlight)
      void inFlight
        .catch(() => {})
        .finally(() => void client.invalidateQueries({ queryKey: query.queryKey, exact: true }));
  }
}

/** Invalidates `queryKey`, including loads on their way now (see reloadAfterInFlight). */
export function invalidateIncludingInFlight(client: QueryClient, queryKey: readonly unknown[]): void {
  reloadAfterInFlight(client, queryKey);
  void client.invalidateQueries({ queryKey });
}
