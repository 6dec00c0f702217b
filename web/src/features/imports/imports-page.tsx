import { Alert, Button, Group, Loader, Paper, Stack, Stepper, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { ImportJob } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { PageHeader } from "../../lib/list-page";
import { problemText } from "../../lib/notify";
import { ImportFileStep } from "./import-file-step";
import { ImportMappingStep } from "./import-mapping-step";
import { ImportProgress, ImportResult } from "./import-progress";
import { importJobQuery, recentImportsQuery } from "./imports-api";
import { RecentImports } from "./recent-imports";

const steps = ["file", "mapping", "progress", "result"] as const;

function stepOf(job: ImportJob | undefined): number {
  if (!job) return 0;
  if (job.status === "uploaded") return 1;
  if (job.status === "running") return 2;
  // A finished import shows every step as done.
  return 4;
}

export function ImportsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = useSearch({ from: "/app/imports" });
  const navigate = useNavigate({ from: "/imports" });
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 48em)");

  const jobId = search.job;
  const job = useQuery({ ...importJobQuery(jobId ?? ""), enabled: jobId !== undefined });
  const recent = useQuery(recentImportsQuery);
  const current = jobId ? job.data : undefined;
  const active = stepOf(current);
  const status = current?.status;

  // The list below follows the job: a finished import shows its figures there too.
  useEffect(() => {
    if (status) void queryClient.invalidateQueries({ queryKey: ["imports", "list"] });
  }, [status, queryClient]);

  const show = (next: ImportJob | undefined) => {
    if (next) queryClient.setQueryData(importJobQuery(next.id).queryKey, next);
    void navigate({ search: next ? { job: next.id } : {}, replace: false });
  };

  return (
    <Stack gap="md">
      <PageHeader title={t("activities.imports.title")} intro={t("activities.imports.intro")} />

      <Paper withBorder radius="md" p={{ base: "sm", sm: "lg" }}>
        <Stepper active={active} size="sm" mb="lg" allowNextStepsSelect={false}>
          {steps.map((step) => (
            <Stepper.Step key={step} label={phone ? undefined : t(`activities.imports.steps.${step}`)} />
          ))}
        </Stepper>
        {phone && (
          <Text fw={600} mb="sm">
            {Math.min(active, 3) + 1}. {t(`activities.imports.steps.${steps[Math.min(active, 3)] ?? "file"}`)}
          </Text>
        )}

        {jobId && job.isPending ? (
          <Group justify="center" p="lg">
            <Loader />
          </Group>
        ) : jobId && job.error ? (
          <Stack>
            <Alert color="red" role="alert">
              {problemText(job.error)}
            </Alert>
            <Group>
              <Button variant="default" onClick={() => show(undefined)}>
                {t("activities.imports.cancelJob")}
              </Button>
            </Group>
          </Stack>
        ) : !current ? (
          <ImportFileStep onUploaded={show} />
        ) : current.status === "uploaded" ? (
          <ImportMappingStep key={current.id} job={current} onStarted={show} onBack={() => show(undefined)} />
        ) : current.status === "running" ? (
          <ImportProgress job={current} />
        ) : (
          <ImportResult job={current} onAgain={() => show(undefined)} />
        )}
      </Paper>

      <Stack gap="xs">
        <Title order={3} size="h4">
          {t("activities.imports.recent")}
        </Title>
        <Paper withBorder radius="md">
          {recent.error ? (
            <Text c={isProblem(recent.error, 404) ? "dimmed" : "red"} p="md" size="sm">
              {isProblem(recent.error, 404) ? t("activities.imports.notAvailable") : problemText(recent.error)}
            </Text>
          ) : !recent.data ? (
            <Group justify="center" p="md">
              <Loader size="sm" />
            </Group>
          ) : (
            <RecentImports
              jobs={recent.data.items}
              timeZone={me.timeZone}
              currentId={jobId}
              compact={Boolean(phone)}
              // The list is a summary (no columns or preview): the job itself is fetched on opening.
              onOpen={(job) => void navigate({ search: { job: job.id }, replace: false })}
            />
          )}
        </Paper>
      </Stack>
    </Stack>
  );
}
