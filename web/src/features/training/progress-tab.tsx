import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Progress,
  ScrollArea,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import type { Progress as TrainingProgress } from "@planerka/common";
import { IconDownload, IconUserPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { reportUnits, seesTeamFigures } from "../../lib/report-units";
import { UnitSelect } from "../org/unit-select";
import { unitsQuery } from "../org/units-api";
import { AssignCourseDialog } from "./assign-course-dialog";
import { AssignmentList } from "./assignment-list";
import { LearnerStatusBadge } from "./learner-status-badge";
import { courseChoicesQuery, type ProgressFilter, progressExportUrl, progressQuery } from "./training-api";

/**
 * «Прогресс сотрудников»: every course assigned to or started by the people the caller may see —
 * a manager their own, a head their units' — with totals, the share passed per course, an XLSX,
 * and for those who manage training the assignments.
 */
export function ProgressTab() {
  const { t } = useTranslation();
  const me = useMe();
  const team = seesTeamFigures(me);
  const [filter, setFilter] = useState<ProgressFilter>({});
  const [assigning, setAssigning] = useState(false);
  const units = useQuery({ ...unitsQuery, enabled: team });
  const courses = useQuery(courseChoicesQuery);
  const progress = useQuery(progressQuery(filter));
  const allowed = useMemo(() => reportUnits(me), [me]);

  return (
    <Stack gap="md">
      <Group gap="sm" align="flex-end" wrap="wrap">
        {team && (
          <UnitSelect
            label={t("training.progress.unit")}
            placeholder={t("training.progress.everyone")}
            units={units.data ?? []}
            allowed={allowed}
            value={filter.unitId ?? null}
            onChange={(unitId) => setFilter((current) => ({ ...current, unitId: unitId ?? undefined }))}
            clearable
            w={{ base: "100%", xs: 260 }}
          />
        )}
        <Select
          label={t("training.progress.course")}
          placeholder={t("training.progress.allCourses")}
          data={(courses.data ?? []).map((course) => ({ value: course.id, label: course.title }))}
          value={filter.courseId ?? null}
          onChange={(courseId) => setFilter((current) => ({ ...current, courseId: courseId ?? undefined }))}
          clearable
          searchable
          w={{ base: "100%", xs: 260 }}
        />
        <Button
          component="a"
          href={progressExportUrl(filter)}
          variant="default"
          leftSection={<IconDownload size={16} />}
        >
          {t("training.progress.export")}
        </Button>
        {me.abilities.manageTraining && (
          <Button leftSection={<IconUserPlus size={16} />} onClick={() => setAssigning(true)}>
            {t("training.assignments.assign")}
          </Button>
        )}
      </Group>
      {progress.error && <Alert color="red">{problemText(progress.error)}</Alert>}
      {progress.data && <ProgressTotals progress={progress.data} />}
      {progress.data && <CourseShares progress={progress.data} />}
      {progress.data && <ProgressTable progress={progress.data} timeZone={me.timeZone} />}
      {me.abilities.manageTraining && <AssignmentList courseId={filter.courseId} />}
      <AssignCourseDialog opened={assigning} onClose={() => setAssigning(false)} />
    </Stack>
  );
}

function ProgressTotals({ progress }: { progress: TrainingProgress }) {
  const { t } = useTranslation();
  const cells = [
    ["assigned", progress.totals.assigned, "blue"],
    ["inProgress", progress.totals.inProgress, "cyan"],
    ["passed", progress.totals.passed, "green"],
    ["failed", progress.totals.failed, "red"],
    ["overdue", progress.totals.overdue, "orange"],
  ] as const;
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
      {cells.map(([key, value, color]) => (
        <Paper key={key} withBorder radius="md" p="sm" data-testid={`training-total-${key}`}>
          <Text size="xs" c="dimmed">
            {t(`training.progress.totals.${key}`)}
          </Text>
          <Text fw={700} size="xl" c={value > 0 ? color : undefined}>
            {value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

/** Per course: how many of its learners passed, are on the way, failed — bars rather than numbers. */
function CourseShares({ progress }: { progress: TrainingProgress }) {
  const { t } = useTranslation();
  const byCourse = new Map<string, { title: string; passed: number; going: number; failed: number; total: number }>();
  for (const row of progress.rows) {
    const entry = byCourse.get(row.course.id) ?? { title: row.course.title, passed: 0, going: 0, failed: 0, total: 0 };
    entry.total += 1;
    if (row.status === "passed") entry.passed += 1;
    else if (row.status === "failed") entry.failed += 1;
    else if (row.status !== "not_started") entry.going += 1;
    byCourse.set(row.course.id, entry);
  }
  if (byCourse.size === 0) return null;
  const share = (part: number, total: number) => (total ? (part * 100) / total : 0);
  return (
    <Paper withBorder radius="md" p="sm">
      <Text fw={600} size="sm" mb="xs">
        {t("training.progress.chart")}
      </Text>
      <Stack gap={6}>
        {[...byCourse.entries()].map(([id, entry]) => (
          <div key={id}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" truncate>
                {entry.title}
              </Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                {entry.passed} / {entry.total}
              </Text>
            </Group>
            <Progress.Root size="lg">
              <Progress.Section value={share(entry.passed, entry.total)} color="green" />
              <Progress.Section value={share(entry.going, entry.total)} color="blue" />
              <Progress.Section value={share(entry.failed, entry.total)} color="red" />
            </Progress.Root>
          </div>
        ))}
      </Stack>
    </Paper>
  );
}

function ProgressTable({ progress, timeZone }: { progress: TrainingProgress; timeZone: string }) {
  const { t } = useTranslation();
  if (progress.rows.length === 0) return <Text c="dimmed">{t("training.progress.empty")}</Text>;
  return (
    <Paper withBorder radius="md">
      <ScrollArea>
        <Table striped highlightOnHover miw={860} data-testid="training-progress-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("training.progress.person")}</Table.Th>
              <Table.Th>{t("training.progress.course")}</Table.Th>
              <Table.Th>{t("training.progress.due")}</Table.Th>
              <Table.Th />
              <Table.Th>{t("training.progress.lessons")}</Table.Th>
              <Table.Th>{t("training.progress.attempts")}</Table.Th>
              <Table.Th>{t("training.progress.best")}</Table.Th>
              <Table.Th>{t("training.progress.time")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {progress.rows.map((row) => (
              <Table.Tr key={`${row.user.id}-${row.course.id}`}>
                <Table.Td>
                  <Text size="sm">{row.user.name}</Text>
                  <Text size="xs" c="dimmed">
                    {row.unitName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <AnchorLink to="/training/courses/$courseId" params={{ courseId: row.course.id }} size="sm">
                    {row.course.title}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  {row.dueOn ? (
                    <Text size="sm" c={row.overdue ? "red" : undefined}>
                      {formatDate(`${row.dueOn}T12:00:00Z`, timeZone)}
                      {row.overdue && (
                        <Badge color="red" variant="light" size="xs" ml={6}>
                          {t("training.progress.overdue")}
                        </Badge>
                      )}
                    </Text>
                  ) : (
                    "—"
                  )}
                </Table.Td>
                <Table.Td>
                  <LearnerStatusBadge status={row.status} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {row.lessonsDone} / {row.lessonsTotal}
                  </Text>
                </Table.Td>
                <Table.Td>{row.attempts}</Table.Td>
                <Table.Td>{row.bestPercent === null ? "—" : `${row.bestPercent}%`}</Table.Td>
                <Table.Td>{t("training.progress.minutes", { count: row.minutesSpent })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </Paper>
  );
}
