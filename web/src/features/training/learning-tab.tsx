import { Loader, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { problemText } from "../../lib/notify";
import { coursesQuery } from "./course-api";
import { CourseCard } from "./course-card";

/**
 * «Моё обучение»: the courses assigned to the caller first (nearest deadline first, overdue in
 * red), then the rest of the catalogue. Drafts live in «Курсы», where those who write them work.
 */
export function LearningTab() {
  const { t } = useTranslation();
  const courses = useQuery(coursesQuery);
  if (courses.isPending) return <Loader size="sm" />;
  if (courses.error) return <Text c="red">{problemText(courses.error)}</Text>;
  const published = courses.data.filter((course) => course.published);
  const assigned = published.filter((course) => course.my.assigned);
  const catalogue = published.filter((course) => !course.my.assigned);
  return (
    <Stack gap="lg">
      <Stack gap="xs" component="section" aria-label={t("courses.learning.assigned")}>
        <Title order={4}>{t("courses.learning.assigned")}</Title>
        {assigned.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t("courses.learning.noneAssigned")}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {assigned.map((course) => (
              <CourseCard key={course.id} course={course} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
      <Stack gap="xs" component="section" aria-label={t("courses.learning.catalogue")}>
        <Title order={4}>{t("courses.learning.catalogue")}</Title>
        {catalogue.length === 0 ? (
          <Text c="dimmed" size="sm">
            {t("courses.learning.emptyCatalogue")}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {catalogue.map((course) => (
              <CourseCard key={course.id} course={course} />
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Stack>
  );
}
