import { z } from "zod";
import { optionalText } from "../../lib/search-params";

export const conversationSearchSchema = z.object({
  /** A message to scroll to and highlight (a search result). */
  m: optionalText,
});
export type ConversationSearch = z.output<typeof conversationSearchSchema>;
