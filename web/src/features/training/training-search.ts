import { z } from "zod";
import { optionalId, optionalParam, textOrNumber } from "../../lib/search-params";

/** «Обучение»'s tabs: my learning, the sales book, the courses (to manage), attestations, people's progress. */
export const trainingTabs = ["learning", "book", "courses", "attestations", "progress"] as const;
export type TrainingTab = (typeof trainingTabs)[number];

export const trainingSearchSchema = z.object({
  tab: optionalParam(z.enum(trainingTabs)),
  /** The sales book's open section and search. */
  section: optionalId,
  q: optionalParam(textOrNumber),
});
export type TrainingSearch = z.output<typeof trainingSearchSchema>;
