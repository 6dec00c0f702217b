import { Badge, Button, Divider, Group, Loader, NumberInput, PasswordInput, Stack, Text } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import type { DriveShareLink } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { companyToday, formatDate } from "../../lib/dates";
import { FormModal } from "../../lib/form-modal";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { SecretShownOnce } from "../../lib/secret-shown-once";
import { parseTypedDate } from "../crm/activity-time";
import { createLink, type DriveTarget, driveLinksQuery, revokeLink } from "./drive-api";

/** «Поделиться ссылкой»: a new link for a client (shown once) and the links already given, to revoke. */
export function DriveShareDialog({ target, onClose }: { target: DriveTarget | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormModal opened={target !== null} onClose={onClose} title={t("drive.share.title", { name: target?.name ?? "" })}>
      {target && <ShareBody key={`${target.type}-${target.id}`} target={target} onClose={onClose} />}
    </FormModal>
  );
}

function ShareBody({ target, onClose }: { target: DriveTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const [created, setCreated] = useState<string | null>(null);
  return (
    <Stack>
      {created ? (
        <SecretShownOnce
          secret={created}
          label={t("drive.share.link")}
          warning={t("drive.share.shownOnce")}
          hint={t("drive.share.shownOnceHint")}
          doneLabel={t("drive.share.done")}
          testId="drive-share-url"
          onDone={onClose}
        />
      ) : (
        <NewLinkForm target={target} onCreated={setCreated} />
      )}
      <Divider />
      <LinkList target={target} />
    </Stack>
  );
}

function NewLinkForm({ target, onCreated }: { target: DriveTarget; onCreated: (url: string) => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const today = companyToday(me.timeZone);
  const [expires, setExpires] = useState<string | null>(dayjs(today).add(7, "day").format("YYYY-MM-DD"));
  const [password, setPassword] = useState("");
  const [limit, setLimit] = useState<number | string>("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!expires) return;
    setPending(true);
    setErrors({});
    try {
      // The link works to the end of the chosen day on the company's clock.
      const expiresAt = dayjs.tz(`${expires} 23:59:59`, me.timeZone).toISOString();
      const link = await createLink({
        ...(target.type === "file" ? { fileId: target.id } : { folderId: target.id }),
        expiresAt,
        password: password || undefined,
        downloadLimit: typeof limit === "number" ? limit : undefined,
      });
      void queryClient.invalidateQueries({ queryKey: ["drive", "links"] });
      if (link.url) onCreated(link.url);
    } catch (error) {
      const fields = error instanceof ProblemError ? error.fieldErrors() : {};
      if (Object.keys(fields).length > 0) setErrors(fields);
      else notifyError(error);
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t("drive.share.intro")}
        </Text>
        <DateInput
          label={t("drive.share.expiresAt")}
          required
          value={expires}
          onChange={setExpires}
          minDate={today}
          valueFormat="DD.MM.YYYY"
          locale={i18n.language}
          dateParser={parseTypedDate}
          error={errors.expiresAt}
          popoverProps={{ withinPortal: true }}
        />
        <Group grow align="flex-start">
          <PasswordInput
            label={t("drive.share.password")}
            description={t("drive.share.passwordHint")}
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
            error={errors.password}
            autoComplete="new-password"
            minLength={password ? 4 : undefined}
            maxLength={200}
          />
          <NumberInput
            label={t("drive.share.downloadLimit")}
            description={t("drive.share.downloadLimitHint")}
            value={limit}
            onChange={setLimit}
            min={1}
            max={100_000}
            allowDecimal={false}
            allowNegative={false}
            error={errors.downloadLimit}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={pending} disabled={!expires}>
            {t("drive.share.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function LinkList({ target }: { target: DriveTarget }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const query = useQuery(driveLinksQuery(target));
  const [pending, setPending] = useState<string | null>(null);

  const revoke = async (link: DriveShareLink) => {
    setPending(link.id);
    try {
      await revokeLink(link.id);
      notifySuccess(t("drive.share.revokedDone"));
      void queryClient.invalidateQueries({ queryKey: ["drive", "links"] });
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(null);
    }
  };

  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t("drive.share.existing")}
      </Text>
      {query.error ? (
        <Text c="red" size="sm">
          {problemText(query.error)}
        </Text>
      ) : !query.data ? (
        <Loader size="sm" />
      ) : query.data.items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t("drive.share.none")}
        </Text>
      ) : (
        <Stack gap={6} role="list" aria-label={t("drive.share.existing")}>
          {query.data.items.map((link) => {
            const expired = !link.revokedAt && dayjs(link.expiresAt).isBefore(dayjs());
            const live = !link.revokedAt && !expired;
            const details = [
              t("drive.share.until", { date: formatDate(link.expiresAt, me.timeZone) }),
              link.hasPassword ? t("drive.share.withPassword") : null,
              link.downloadLimit !== null
                ? t("drive.share.downloadsOf", { downloads: link.downloads, limit: link.downloadLimit })
                : t("drive.share.downloads", { downloads: link.downloads }),
            ].filter(Boolean);
            return (
              <Group key={link.id} justify="space-between" wrap="nowrap" role="listitem" gap="xs">
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm">{link.createdBy.name}</Text>
                  <Text size="xs" c="dimmed">
                    {details.join(" · ")}
                  </Text>
                </Stack>
                {live ? (
                  <Button
                    size="compact-sm"
                    variant="light"
                    color="red"
                    loading={pending === link.id}
                    onClick={() => void revoke(link)}
                  >
                    {t("drive.share.revoke")}
                  </Button>
                ) : (
                  <Badge color="gray" variant="light">
                    {link.revokedAt ? t("drive.share.revoked") : t("drive.share.expired")}
                  </Badge>
                )}
              </Group>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
