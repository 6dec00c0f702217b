import { Alert, Button, Group, Loader, Stack } from "@mantine/core";
import type { FeedPost } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { isStaleVersion, notifyError, notifySuccess } from "../../lib/notify";
import { refreshFeed, updatePost } from "./feed-api";

const RichTextField = lazy(() =>
  import("../tasks/rich-text-field").then((module) => ({ default: module.RichTextField })),
);

/**
 * «Изменить»: the author changes a post's text (its audience, files and poll stay as published).
 * The version it was opened at goes along; if someone changed the post meanwhile, the server
 * refuses and the text stays in the editor with the reason above it.
 */
export function PostEditForm({ post, onClose }: { post: FeedPost; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState(post.body);
  const [error, setError] = useState<string | undefined>();
  const [stale, setStale] = useState(false);
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) {
      setError(t("errors.required"));
      return;
    }
    setError(undefined);
    setSending(true);
    try {
      refreshFeed(queryClient, await updatePost(post.id, { body, version: post.version }));
      notifySuccess(t("feed.edit.saved"));
      onClose();
    } catch (problem) {
      if (isStaleVersion(problem)) {
        setStale(true);
        refreshFeed(queryClient);
      } else notifyError(problem);
    } finally {
      setSending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {stale && (
          <Alert color="orange" role="alert">
            {t("feed.edit.stale")}
          </Alert>
        )}
        <Suspense fallback={<Loader size="sm" />}>
          <RichTextField label={t("feed.composer.body")} initialValue={post.body} onChange={setBody} error={error} />
        </Suspense>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={sending}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={sending} disabled={stale}>
            {t("feed.edit.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
