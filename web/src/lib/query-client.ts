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
