import { describe, expect, expectTypeOf, it } from "vitest";
import { type ConversationSearch, conversationSearchSchema } from "./chat-search";

describe("a conversation's search", () => {
  it("keeps the message to scroll to as text and drops anything else", () => {
    expect(conversationSearchSchema.parse({ m: "m-1" })).toEqual({ m: "m-1" });
    expect(conversationSearchSchema.parse({ m: "" })).toEqual({ m: undefined });
    expect(conversationSearchSchema.parse({ m: 12 })).toEqual({ m: undefined });
    expectTypeOf<ConversationSearch>().toEqualTypeOf<{ m?: string }>();
  });
});
