import { courseCoverage } from "./course-coverage";
import type { Coverage } from "./coverage-kit";
import { crmCoverage } from "./crm-coverage";
import { driveCoverage } from "./drive-coverage";
import { feedCoverage } from "./feed-coverage";
import { meetingCoverage } from "./meeting-coverage";
import { meetingRoomCoverage } from "./meeting-room-coverage";
import { portalCoverage } from "./portal-coverage";
import { salesBookCoverage } from "./sales-book-coverage";
import { startCoverage } from "./start-coverage";
import { trainingCoverage } from "./training-coverage";

export { type Coverage, recordUrl } from "./coverage-kit";

/** A route's checks (see `Coverage`): usually one; a route that filters by people or units gets one per filter. */
export const routeCoverage: Record<string, Coverage | readonly Coverage[]> = {
  ...crmCoverage,
  ...portalCoverage,
  ...driveCoverage,
  ...feedCoverage,
  ...meetingCoverage,
  ...meetingRoomCoverage,
  ...trainingCoverage,
  ...courseCoverage,
  ...salesBookCoverage,
  ...startCoverage,
};
