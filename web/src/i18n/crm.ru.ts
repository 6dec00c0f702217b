export const crmRu = {};
