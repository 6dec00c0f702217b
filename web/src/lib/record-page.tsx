import { Center, Skeleton, Stack, Text } from "@mantine/core";
import { type QueryKey, type UseQueryOptions, type UseQueryResult, useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { isProblem } from "./api";
import { problemText } from "./notify";

/**
 * One record's page (a task, a group): loads it without retrying an answer the server gave (404
 * means "not found or no access"), shows a skeleton meanwhile, the page's not-found screen for a
 * 404 and the problem for anything else.
 */
export function useRecordQuery<T, K extends QueryKey>(options: UseQueryOptions<T, Error, T, K>): UseQueryResult<T> {
  return useQuery({ ...options, retry: (failures, error) => !isProblem(error) && failures < 2 });
}

export function RecordGate<T>({
  query,
  notFound,
  children,
}: {
  query: UseQueryResult<T>;
  notFound: ReactNode;
  children: (record: T) => ReactNode;
}) {
  if (query.error) {
    return isProblem(query.error, 404) ? (
      notFound
    ) : (
      <Center mih="50vh">
        <Text c="red">{problemText(query.error)}</Text>
      </Center>
    );
  }
  if (!query.data) {
    return (
      <Stack gap="md">
        <Skeleton h={32} w="50%" />
        <Skeleton h={20} w="30%" />
        <Skeleton h={240} />
      </Stack>
    );
  }
  return children(query.data);
}
