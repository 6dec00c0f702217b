import type { TranslationShape } from "./ru";

export const crmEn: TranslationShape["crm"] = {};
