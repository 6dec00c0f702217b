import type { Me } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { createContext, type ReactNode, useCallback, useContext, useMemo } from "react";
import { PageLoader } from "./page-loader";
import { logout, meQuery } from "./session";

interface AuthValue {
  me: Me;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const { data: me } = useQuery(meQuery);
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  const signOut = useCallback(async () => {
    try {
      await logout();
    } catch {
      // Even when the server cannot be reached the local session view must end.
    }
    // Leave the signed-in pages first so nothing refetches; then forget the previous user's data.
    await navigate({ to: "/login", search: {} });
    queryClient.clear();
  }, [navigate, queryClient]);

  const value = useMemo(() => (me ? { me, signOut } : null), [me, signOut]);
  if (!value) return <PageLoader />;
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}

export function useMe(): Me {
  return useAuth().me;
}
