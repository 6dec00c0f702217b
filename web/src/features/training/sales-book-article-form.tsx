import { Alert, Button, Group, Loader, Select, Stack, Text, TextInput } from "@mantine/core";
import { type ChatFile, type DriveFile, type SalesBookArticle, salesBookBodyMaxChars } from "@planerka/common";
import { IconFolders } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { type FormEvent, lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { ProblemError } from "../../lib/api";
import { FormModal } from "../../lib/form-modal";
import { isStaleVersion, notifyError, notifySuccess } from "../../lib/notify";
import { AttachedFileRow } from "../drive-files/attached-file-row";
import { DriveFilePickerDialog } from "../drive-files/drive-file-picker-dialog";
import { createArticle, refreshSalesBook, salesBookSectionsQuery, updateArticle } from "./sales-book-api";

const RichTextField = lazy(() =>
  import("../tasks/rich-text-field").then((module) => ({ default: module.RichTextField })),
);

interface Draft {
  sectionId: string | null;
  title: string;
  body: string;
  /** Files the article carries now (editing), and drive files to add. */
  kept: ChatFile[];
  added: DriveFile[];
}

/**
 * «Новая статья» and «Изменить»: the section, the title, the text in the rich-text editor and
 * files from the drive. Editing sends the version it started from; if someone saved in between,
 * the server's 409 is shown and nothing is overwritten.
 */
export function ArticleFormDialog({
  opened,
  onClose,
  article,
  sectionId,
}: {
  opened: boolean;
  onClose: () => void;
  /** Editing this article; absent: a new one. */
  article?: SalesBookArticle;
  /** A new article's section to begin with. */
  sectionId?: string;
}) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={article ? t("salesBook.form.editTitle") : t("salesBook.form.createTitle")}
    >
      {opened && <ArticleForm article={article} sectionId={sectionId} onClose={onClose} />}
    </FormModal>
  );
}

function ArticleForm({
  article,
  sectionId,
  onClose,
}: {
  article?: SalesBookArticle;
  sectionId?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sections = useQuery(salesBookSectionsQuery);
  const [draft, setDraft] = useState<Draft>({
    sectionId: article?.section.id ?? sectionId ?? null,
    title: article?.title ?? "",
    body: article?.body ?? "",
    kept: article?.files ?? [],
    added: [],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stale, setStale] = useState(false);
  const [saving, setSaving] = useState(false);
  const [picking, setPicking] = useState(false);
  const change = (patch: Partial<Draft>) => setDraft((current) => ({ ...current, ...patch }));

  const check = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (!draft.sectionId) found.sectionId = t("errors.required");
    if (!draft.title.trim()) found.title = t("errors.required");
    if (!draft.body.trim()) found.body = t("errors.required");
    else if (draft.body.length > salesBookBodyMaxChars)
      found.body = t("salesBook.form.tooLong", { max: salesBookBodyMaxChars.toLocaleString() });
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const driveFileIds = draft.added.map((file) => file.id);
      if (article) {
        const kept = new Set(draft.kept.map((file) => file.id));
        const saved = await updateArticle(article.id, {
          ...(draft.sectionId !== article.section.id ? { sectionId: draft.sectionId! } : {}),
          title: draft.title,
          ...(draft.body !== article.body ? { body: draft.body } : {}),
          driveFileIds,
          removeFileIds: article.files.filter((file) => !kept.has(file.id)).map((file) => file.id),
          version: article.version,
        });
        refreshSalesBook(queryClient, saved);
        notifySuccess(t("salesBook.form.saved"));
        onClose();
      } else {
        const created = await createArticle({
          sectionId: draft.sectionId!,
          title: draft.title,
          body: draft.body,
          driveFileIds,
        });
        refreshSalesBook(queryClient, created);
        notifySuccess(t("salesBook.form.created"));
        onClose();
        void navigate({ to: "/training/book/$articleId", params: { articleId: created.id } });
      }
    } catch (error) {
      // Someone saved first: their version loads behind the dialog, and this draft is not sent again.
      if (isStaleVersion(error)) {
        setStale(true);
        refreshSalesBook(queryClient);
      } else notifyError(error);
      if (error instanceof ProblemError) setErrors(error.fieldErrors());
    } finally {
      setSaving(false);
    }
  };

  const fileRow = (key: string, name: string, onRemove: () => void) => (
    <AttachedFileRow key={key} name={name} onRemove={onRemove} />
  );

  return (
    <>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {stale && (
            <Alert color="orange" role="alert">
              {t("errors.stale")}
            </Alert>
          )}
          <Select
            label={t("salesBook.form.section")}
            data={(sections.data?.items ?? []).map((section) => ({ value: section.id, label: section.title }))}
            value={draft.sectionId}
            onChange={(value) => change({ sectionId: value })}
            error={errors.sectionId}
            allowDeselect={false}
            required
            searchable
          />
          <TextInput
            label={t("salesBook.form.title")}
            value={draft.title}
            onChange={(event) => change({ title: event.currentTarget.value })}
            error={errors.title}
            maxLength={300}
            required
          />
          <Suspense fallback={<Loader size="sm" />}>
            <RichTextField
              label={t("salesBook.form.body")}
              initialValue={article?.body ?? ""}
              onChange={(html) => change({ body: html })}
              error={errors.body}
            />
          </Suspense>
          <Stack gap={4}>
            <Group gap="xs">
              <Button
                size="xs"
                variant="light"
                leftSection={<IconFolders size={14} />}
                onClick={() => setPicking(true)}
              >
                {t("salesBook.form.fromDrive")}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {t("salesBook.form.pictures")}
            </Text>
            {errors.driveFileIds && (
              <Text size="xs" c="red">
                {errors.driveFileIds}
              </Text>
            )}
            {draft.kept.length + draft.added.length > 0 && (
              <Stack gap={2} role="list" aria-label={t("salesBook.form.files")}>
                {draft.kept.map((file) =>
                  fileRow(file.id, file.name, () =>
                    change({ kept: draft.kept.filter((other) => other.id !== file.id) }),
                  ),
                )}
                {draft.added.map((file) =>
                  fileRow(`drive-${file.id}`, file.name, () =>
                    change({ added: draft.added.filter((other) => other.id !== file.id) }),
                  ),
                )}
              </Stack>
            )}
          </Stack>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={saving}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={saving} disabled={stale}>
              {article ? t("common.save") : t("salesBook.form.publish")}
            </Button>
          </Group>
        </Stack>
      </form>
      <DriveFilePickerDialog
        opened={picking}
        onClose={() => setPicking(false)}
        title={t("salesBook.form.fromDriveTitle")}
        onPick={(file) => {
          if (!draft.added.some((other) => other.id === file.id)) change({ added: [...draft.added, file] });
        }}
      />
    </>
  );
}
