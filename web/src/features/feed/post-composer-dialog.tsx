import { Button, Checkbox, Group, Loader, MultiSelect, Stack, Text } from "@mantine/core";
import type { DriveFile, FeedPost, Me, PersonRef, Unit } from "@planerka/common";
import { IconChartBar, IconFolders } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, lazy, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { FormModal } from "../../lib/form-modal";
import { notifyError, notifySuccess } from "../../lib/notify";
import { AttachedFileRow } from "../drive-files/attached-file-row";
import { DriveFilePickerDialog } from "../drive-files/drive-file-picker-dialog";
import { myGroupsQuery } from "../groups/groups-api";
import { unitsQuery } from "../org/units-api";
import { UserMultiPicker } from "../org/user-multi-picker";
import { createPost, refreshFeed } from "./feed-api";
import { emptyPoll, type PollDraft, PollEditor, pollInputOf } from "./poll-editor";
import { PostEditForm } from "./post-edit-form";

const RichTextField = lazy(() =>
  import("../tasks/rich-text-field").then((module) => ({ default: module.RichTextField })),
);

/** Administrators, tops and heads post to the whole company and pin (the server decides the same). */
export const mayAnnounce = (me: Me) => me.role === "admin" || me.role === "top" || me.role === "head";

/** The units one may write to: one's own and those above it; a head's below too; all for admins and tops. */
function writableUnits(units: readonly Unit[], me: Me): Unit[] {
  if (me.role === "admin" || me.role === "top") return [...units];
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const allowed = new Set<string>();
  for (let unit = byId.get(me.unitId); unit; unit = unit.parentId ? byId.get(unit.parentId) : undefined)
    allowed.add(unit.id);
  const below = [...me.headedUnitIds];
  while (below.length > 0) {
    const id = below.pop()!;
    allowed.add(id);
    for (const unit of units) if (unit.parentId === id && !allowed.has(unit.id)) below.push(unit.id);
  }
  return units.filter((unit) => allowed.has(unit.id));
}

interface Draft {
  body: string;
  company: boolean;
  unitIds: string[];
  groupIds: string[];
  users: PersonRef[];
  important: boolean;
  pinned: boolean;
  files: DriveFile[];
  poll: PollDraft | null;
}

/** «Написать»: a post with its audience, «Важное», a pin, files from the drive and a poll; «Изменить» with `post`. */
export function PostComposerDialog({
  opened,
  onClose,
  groupId,
  post,
}: {
  opened: boolean;
  onClose: () => void;
  /** Written from a group's feed: that group is the audience to begin with. */
  groupId?: string;
  /** The post to change (its text only). */
  post?: FeedPost;
}) {
  const { t } = useTranslation();
  return (
    <FormModal opened={opened} onClose={onClose} title={post ? t("feed.edit.title") : t("feed.composer.title")}>
      {opened &&
        (post ? <PostEditForm post={post} onClose={onClose} /> : <Composer onClose={onClose} groupId={groupId} />)}
    </FormModal>
  );
}

function Composer({ onClose, groupId }: { onClose: () => void; groupId?: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const units = useQuery(unitsQuery);
  const groups = useQuery(myGroupsQuery);
  const [draft, setDraft] = useState<Draft>({
    body: "",
    company: false,
    unitIds: groupId ? [] : [me.unitId],
    groupIds: groupId ? [groupId] : [],
    users: [],
    important: false,
    pinned: false,
    files: [],
    poll: null,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [picking, setPicking] = useState(false);
  const change = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));
  const unitOptions = useMemo(
    () => writableUnits(units.data ?? [], me).map((unit) => ({ value: unit.id, label: unit.name })),
    [units.data, me],
  );
  const announcer = mayAnnounce(me);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!draft.body.trim()) found.body = t("errors.required");
    const empty = !draft.company && draft.unitIds.length + draft.groupIds.length + draft.users.length === 0;
    if (empty) found.audience = t("feed.audience.hint");
    const poll = draft.poll ? pollInputOf(draft.poll, me.timeZone) : null;
    if (poll && "error" in poll)
      found[`poll.${poll.error}`] =
        poll.error === "question" ? t("feed.poll.needQuestion") : t("feed.poll.needOptions");
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSending(true);
    try {
      const post = await createPost({
        body: draft.body,
        audience: {
          company: draft.company,
          unitIds: draft.company ? [] : draft.unitIds,
          groupIds: draft.company ? [] : draft.groupIds,
          userIds: draft.company ? [] : draft.users.map((user) => user.id),
        },
        important: draft.important,
        pinned: draft.pinned,
        driveFileIds: draft.files.map((file) => file.id),
        ...(poll && "input" in poll ? { poll: poll.input } : {}),
      });
      refreshFeed(queryClient, post);
      notifySuccess(t("feed.composer.published"));
      onClose();
    } catch (error) {
      notifyError(error);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Suspense fallback={<Loader size="sm" />}>
            <RichTextField
              label={t("feed.composer.body")}
              initialValue=""
              onChange={(html) => change({ body: html })}
              error={errors.body}
            />
          </Suspense>
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              {t("feed.audience.label")}
            </Text>
            {announcer && (
              <Checkbox
                label={t("feed.audience.company")}
                checked={draft.company}
                onChange={(event) => change({ company: event.currentTarget.checked })}
              />
            )}
            {!draft.company && (
              <>
                <MultiSelect
                  label={t("feed.audience.units")}
                  data={unitOptions}
                  value={draft.unitIds}
                  onChange={(unitIds) => change({ unitIds })}
                  searchable
                  clearable
                />
                <MultiSelect
                  label={t("feed.audience.groups")}
                  data={(groups.data?.items ?? []).map((group) => ({ value: group.id, label: group.name }))}
                  value={draft.groupIds}
                  onChange={(groupIds) => change({ groupIds })}
                  searchable
                  clearable
                />
                <UserMultiPicker
                  label={t("feed.audience.users")}
                  value={draft.users}
                  onChange={(users) => change({ users })}
                />
              </>
            )}
            {errors.audience && (
              <Text size="xs" c="red">
                {errors.audience}
              </Text>
            )}
          </Stack>
          <Checkbox
            label={t("feed.composer.important")}
            checked={draft.important}
            onChange={(event) => change({ important: event.currentTarget.checked })}
          />
          {announcer && (
            <Checkbox
              label={t("feed.composer.pinned")}
              checked={draft.pinned}
              onChange={(event) => change({ pinned: event.currentTarget.checked })}
            />
          )}
          {draft.poll && (
            <PollEditor
              value={draft.poll}
              onChange={(poll) => change({ poll })}
              errors={{ question: errors["poll.question"], options: errors["poll.options"] }}
            />
          )}
          <Stack gap={4}>
            <Group gap="xs">
              <Button
                size="xs"
                variant="light"
                leftSection={<IconFolders size={14} />}
                onClick={() => setPicking(true)}
              >
                {t("feed.composer.fromDrive")}
              </Button>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconChartBar size={14} />}
                onClick={() => change({ poll: draft.poll ? null : emptyPoll() })}
              >
                {draft.poll ? t("feed.poll.remove") : t("feed.poll.add")}
              </Button>
            </Group>
            {draft.files.length > 0 && (
              <Stack gap={2} role="list" aria-label={t("feed.composer.files")}>
                {draft.files.map((file) => (
                  <AttachedFileRow
                    key={file.id}
                    name={file.name}
                    onRemove={() => change({ files: draft.files.filter((other) => other.id !== file.id) })}
                  />
                ))}
              </Stack>
            )}
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={sending}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={sending}>
              {t("feed.composer.publish")}
            </Button>
          </Group>
        </Stack>
      </form>
      <DriveFilePickerDialog
        opened={picking}
        onClose={() => setPicking(false)}
        title={t("feed.composer.fromDriveTitle")}
        onPick={(file) => {
          if (!draft.files.some((other) => other.id === file.id)) change({ files: [...draft.files, file] });
        }}
      />
    </>
  );
}
