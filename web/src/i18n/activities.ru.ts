export const activitiesRu = {};
