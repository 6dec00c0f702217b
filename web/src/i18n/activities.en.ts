import type { TranslationShape } from "./ru";

export const activitiesEn: TranslationShape["activities"] = {};
