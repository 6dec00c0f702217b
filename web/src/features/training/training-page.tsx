import { Stack, Tabs, Title } from "@mantine/core";
import { IconBook, IconCertificate, IconChartBar, IconListCheck, IconSchool } from "@tabler/icons-react";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { seesTeamFigures } from "../../lib/report-units";
import { AttestationsTab } from "./attestations-tab";
import { CourseManagementTab } from "./course-management-tab";
import { LearningTab } from "./learning-tab";
import { ProgressTab } from "./progress-tab";
import { SalesBookTab } from "./sales-book-tab";
import type { TrainingTab } from "./training-search";

/** «Обучение»: what I learn, the sales book, and for heads the courses, attestations and their people's progress. */
export function TrainingPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate({ from: "/training" });
  const search = useSearch({ from: "/app/training" });
  const manage = me.abilities.manageTraining;
  const tab: TrainingTab = search.tab ?? "learning";
  return (
    <Stack gap="md">
      <Title order={2}>{t("training.title")}</Title>
      <Tabs
        value={tab}
        onChange={(value) => void navigate({ search: { tab: (value as TrainingTab) ?? undefined }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          <Tabs.Tab value="learning" leftSection={<IconSchool size={16} />}>
            {t("training.tabs.learning")}
          </Tabs.Tab>
          <Tabs.Tab value="book" leftSection={<IconBook size={16} />}>
            {t("training.tabs.book")}
          </Tabs.Tab>
          {manage && (
            <Tabs.Tab value="courses" leftSection={<IconListCheck size={16} />}>
              {t("training.tabs.courses")}
            </Tabs.Tab>
          )}
          <Tabs.Tab value="attestations" leftSection={<IconCertificate size={16} />}>
            {t("training.tabs.attestations")}
          </Tabs.Tab>
          <Tabs.Tab value="progress" leftSection={<IconChartBar size={16} />}>
            {t(seesTeamFigures(me) ? "training.tabs.progress" : "training.tabs.myProgress")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="learning" pt="md">
          <LearningTab />
        </Tabs.Panel>
        <Tabs.Panel value="book" pt="md">
          <SalesBookTab />
        </Tabs.Panel>
        {manage && (
          <Tabs.Panel value="courses" pt="md">
            <CourseManagementTab />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="attestations" pt="md">
          <AttestationsTab />
        </Tabs.Panel>
        <Tabs.Panel value="progress" pt="md">
          <ProgressTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
