/** Who and what one application of 1C records runs for. */
export interface ApplyContext {
  /** The exchange session the results and rejections are written to. */
  sessionId: string;
  /** The user whose credentials 1C used: the author of every change, audited as made via 1C. */
  actorId: string;
  /** The company's zone: 1C writes dates on its wall clock. */
  timeZone: string;
  fileName: string | null;
}
