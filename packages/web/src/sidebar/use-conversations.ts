import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { unwrap } from "../api/client.ts";
import { useApi } from "../api/context.tsx";

export const conversationsKey = ["conversations"] as const;
const pageSize = 30;

/** The person's conversations, newest first, a page at a time; `q` searches titles and text. */
export function useConversationList(q: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: [...conversationsKey, { q }],
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET("/api/conversations", {
          params: {
            query: { limit: pageSize, ...(pageParam ? { cursor: pageParam } : {}), ...(q ? { q } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useRenameConversation() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) =>
      unwrap(api.PATCH("/api/conversations/{id}", { params: { path: { id } }, body: { title } })),
    onSuccess: (renamed) => {
      queryClient.invalidateQueries({ queryKey: conversationsKey });
      queryClient.invalidateQueries({ queryKey: ["conversation", renamed.id] });
    },
  });
}

export function useDeleteConversation() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/conversations/{id}", { params: { path: { id } } })),
    onSuccess: (_done, id) => {
      queryClient.removeQueries({ queryKey: ["conversation", id] });
      return queryClient.invalidateQueries({ queryKey: conversationsKey });
    },
  });
}
