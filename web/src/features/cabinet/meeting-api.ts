import { hangingDealsSchema, type MeetingNotes, meetingNoteSchema, meetingNotesSchema } from "@planerka/common";
import { type QueryClient, queryOptions } from "@tanstack/react-query";
import { api, request } from "../../lib/api";

/** The notes about a person for a week, and those of the last meeting before it. */
export function meetingNotesQuery(userId: string, week: string) {
  return queryOptions({
    queryKey: ["meeting-notes", userId, week],
    queryFn: ({ signal }) =>
      api(`/cabinet/manager/${userId}/meeting-notes`, meetingNotesSchema, { signal, query: { week } }),
    retry: false,
  });
}

/** The person's open deals with no activity for the company's number of days, longest idle first. */
export function hangingDealsQuery(userId: string) {
  return queryOptions({
    queryKey: ["cabinet", "hanging-deals", userId],
    queryFn: ({ signal }) =>
      api(`/cabinet/manager/${userId}/hanging-deals`, hangingDealsSchema, { signal, query: { limit: 10 } }),
    retry: false,
  });
}

/** Writes the caller's note (new without `version`); the list shows it at once. */
export async function saveMeetingNote(
  queryClient: QueryClient,
  userId: string,
  week: string,
  input: { body: string; version?: number },
) {
  const note = await api(`/cabinet/manager/${userId}/meeting-notes/${week}`, meetingNoteSchema, {
    method: "PUT",
    json: input,
  });
  queryClient.setQueryData<MeetingNotes>(meetingNotesQuery(userId, week).queryKey, (notes) =>
    notes ? { ...notes, items: [note, ...notes.items.filter((item) => !item.mine)] } : notes,
  );
  return note;
}

export async function deleteMeetingNote(queryClient: QueryClient, userId: string, week: string) {
  await request(`/cabinet/manager/${userId}/meeting-notes/${week}`, { method: "DELETE" });
  await queryClient.invalidateQueries({ queryKey: ["meeting-notes", userId, week] });
}
