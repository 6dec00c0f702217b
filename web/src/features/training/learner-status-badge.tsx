import { Badge } from "@mantine/core";
import type { LearnerCourseStatus } from "@planerka/common";
import { useTranslation } from "react-i18next";

const colors: Record<LearnerCourseStatus, string> = {
  not_started: "gray",
  in_progress: "blue",
  grading: "yellow",
  passed: "green",
  failed: "red",
};

/** Where a learner stands on a course (or an attestation): one colour and word everywhere. */
export function LearnerStatusBadge({ status }: { status: LearnerCourseStatus }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={colors[status]} size="sm">
      {t(`training.status.${status}`)}
    </Badge>
  );
}
