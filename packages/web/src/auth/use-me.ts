import { useQuery } from "@tanstack/react-query";
import { ApiError, type Schemas, unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";

export type Me = Schemas["Me"];
export type User = Schemas["User"];
export const meKey = ["me"] as const;

/** Who is signed in (null when nobody is), with the CSRF token unsafe requests need. */
export function useMe() {
  const api = useApi();
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        return await unwrap(api.GET("/api/me"));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
  });
}
