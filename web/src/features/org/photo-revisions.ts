import { useSyncExternalStore } from "react";

/*
 * The server caches photos for a minute and does not bump the user's version on upload,
 * so a changed photo gets a new URL from this per-tab counter.
 */
const revisions = new Map<string, number>();
const listeners = new Set<() => void>();

export function bumpPhotoRevision(userId: string) {
  revisions.set(userId, Date.now());
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function usePhotoRevision(userId: string): number {
  return useSyncExternalStore(subscribe, () => revisions.get(userId) ?? 0);
}
