import {
  type FeedComment,
  type FeedPost,
  type FeedPostInput,
  feedCommentSchema,
  feedPageSchema,
  feedPostSchema,
  feedReadersSchema,
} from "@planerka/common";
import { infiniteQueryOptions, type QueryClient, queryOptions } from "@tanstack/react-query";
import { z } from "zod";
import { api, apiUrl, apiVoid } from "../../lib/api";

export interface FeedFilter {
  q?: string;
  groupId?: string;
}

/** The feed by pages of 20, newest first; the first page brings the pinned posts. */
export function feedQuery(filter: FeedFilter) {
  return infiniteQueryOptions({
    queryKey: ["feed", "list", filter],
    queryFn: ({ pageParam, signal }) =>
      api("/feed", feedPageSchema, { signal, query: { ...filter, cursor: pageParam, limit: 20 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // New posts from colleagues show within a minute; one's own at once (refreshFeed).
    refetchInterval: 60_000,
  });
}

export const feedPostQuery = (postId: string) =>
  queryOptions({
    queryKey: ["feed", "post", postId],
    queryFn: ({ signal }) => api(`/feed/${postId}`, feedPostSchema, { signal }),
  });

export const feedCommentsQuery = (postId: string) =>
  queryOptions({
    queryKey: ["feed", "comments", postId],
    queryFn: ({ signal }) =>
      api(`/feed/${postId}/comments`, z.object({ items: z.array(feedCommentSchema) }), { signal }),
    select: (page) => page.items,
  });

export const feedReadersQuery = (postId: string) =>
  queryOptions({
    queryKey: ["feed", "readers", postId],
    queryFn: ({ signal }) => api(`/feed/${postId}/readers`, feedReadersSchema, { signal }),
  });

export const createPost = (input: FeedPostInput) => api("/feed", feedPostSchema, { method: "POST", json: input });
export const markPostRead = (postId: string) => api(`/feed/${postId}/read`, feedPostSchema, { method: "POST" });
export const togglePostReaction = (postId: string, emoji: string) =>
  api(`/feed/${postId}/reactions`, feedPostSchema, { method: "POST", json: { emoji } });
export const updatePost = (postId: string, patch: { body: string; version: number }) =>
  api(`/feed/${postId}`, feedPostSchema, { method: "PATCH", json: patch });
/** The caller's vote replaces their earlier one; `[]` withdraws it. */
export const votePoll = (postId: string, optionIds: string[]) =>
  api(`/feed/${postId}/poll/votes`, feedPostSchema, { method: "PUT", json: { optionIds } });
export const deletePost = (postId: string) => apiVoid(`/feed/${postId}`, { method: "DELETE" });
export const addComment = (postId: string, body: string): Promise<FeedComment> =>
  api(`/feed/${postId}/comments`, feedCommentSchema, { method: "POST", json: { body } });
export const deleteComment = (commentId: string) => apiVoid(`/feed/comments/${commentId}`, { method: "DELETE" });
export const postFileUrl = (postId: string, fileId: string) => apiUrl(`/feed/${postId}/files/${fileId}`);

/** After a change: the lists and the post's own query load again; `post` goes in at once where known. */
export function refreshFeed(queryClient: QueryClient, post?: FeedPost) {
  if (post) queryClient.setQueryData(feedPostQuery(post.id).queryKey, post);
  void queryClient.invalidateQueries({ queryKey: ["feed"] });
}
