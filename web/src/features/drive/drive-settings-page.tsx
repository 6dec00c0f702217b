import { Alert, Button, Group, NumberInput, Paper, Progress, Skeleton, Stack, Text } from "@mantine/core";
import { driveSettingsSchema } from "@planerka/common";
import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../lib/api";
import { PageHeader } from "../../lib/list-page";
import { handleFormError, notifySuccess, problemText } from "../../lib/notify";
import { usagePercent } from "./drive-format";
import { useBytes } from "./use-bytes";

const mib = 1024 ** 2;
const gib = 1024 ** 3;

const driveSettingsQuery = queryOptions({
  queryKey: ["drive", "settings"],
  queryFn: ({ signal }) => api("/drive/settings", driveSettingsSchema, { signal }),
});

type DriveSettings = ReturnType<typeof driveSettingsSchema.parse>;

/** Settings → «Диск»: the largest file, each employee's space and the company's, for administrators. */
export function DriveSettingsPage() {
  const { t } = useTranslation();
  const query = useQuery(driveSettingsQuery);
  return (
    <Stack gap="md" maw={640}>
      <PageHeader title={t("drive.settings.title")} intro={t("drive.settings.intro")} />
      {query.error ? (
        <Text c="red">{problemText(query.error)}</Text>
      ) : !query.data ? (
        <Skeleton h={260} />
      ) : (
        <LimitsForm key={query.data.version} settings={query.data} />
      )}
    </Stack>
  );
}

function LimitsForm({ settings }: { settings: DriveSettings }) {
  const { t } = useTranslation();
  const bytes = useBytes();
  const queryClient = useQueryClient();
  const round = (value: number) => Math.round(value * 100) / 100;
  const [maxFile, setMaxFile] = useState<number | string>(round(settings.maxFileBytes / mib));
  const [userQuota, setUserQuota] = useState<number | string>(round(settings.userQuotaBytes / gib));
  const [companyQuota, setCompanyQuota] = useState<number | string>(round(settings.companyQuotaBytes / gib));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const percent = usagePercent(settings.companyUsedBytes, settings.companyQuotaBytes);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setErrors({});
    try {
      await api("/drive/settings", driveSettingsSchema, {
        method: "PUT",
        json: {
          maxFileBytes: Math.round(Number(maxFile) * mib),
          userQuotaBytes: Math.round(Number(userQuota) * gib),
          companyQuotaBytes: Math.round(Number(companyQuota) * gib),
          // Never saved yet, the limits are the defaults at version 0; the first save sends 1.
          version: settings.version,
        },
      });
      notifySuccess(t("drive.settings.saved"));
      void queryClient.invalidateQueries({ queryKey: ["drive"] });
    } catch (error) {
      handleFormError(
        error,
        { setErrors },
        () => void queryClient.invalidateQueries({ queryKey: ["drive", "settings"] }),
      );
    } finally {
      setPending(false);
    }
  };

  const number = { min: 0.01, decimalScale: 2, allowNegative: false, thousandSeparator: " ", required: true };
  return (
    <Paper withBorder radius="md" p="md">
      <form onSubmit={(event) => void submit(event)}>
        <Stack>
          <NumberInput
            label={t("drive.settings.maxFile")}
            value={maxFile}
            onChange={setMaxFile}
            error={errors.maxFileBytes}
            {...number}
          />
          <NumberInput
            label={t("drive.settings.userQuota")}
            value={userQuota}
            onChange={setUserQuota}
            error={errors.userQuotaBytes}
            {...number}
          />
          <NumberInput
            label={t("drive.settings.companyQuota")}
            value={companyQuota}
            onChange={setCompanyQuota}
            error={errors.companyQuotaBytes}
            {...number}
          />
          <Stack gap={4}>
            <Progress value={percent} size="sm" aria-label={t("drive.settings.companyUsed")} />
            <Text size="sm" c="dimmed">
              {t("drive.settings.companyUsed")}:{" "}
              {t("drive.usage", { used: bytes(settings.companyUsedBytes), quota: bytes(settings.companyQuotaBytes) })}
            </Text>
          </Stack>
          {settings.companyUsedBytes > settings.companyQuotaBytes && (
            <Alert color="yellow">{t("drive.settings.overQuota")}</Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={pending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
