import { Anchor, Badge, Button, Center, Group, Paper, SimpleGrid, Stack, Text, Title, Typography } from "@mantine/core";
import type { SalesBookArticle } from "@planerka/common";
import { IconPaperclip, IconPencil, IconThumbDown, IconThumbUp, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { formatDate } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { notifyError, notifySuccess } from "../../lib/notify";
import { RecordGate, useRecordQuery } from "../../lib/record-page";
import { useBytes } from "../drive/use-bytes";
import {
  answerFeedback,
  articleFileUrl,
  deleteArticle,
  refreshSalesBook,
  salesBookArticleQuery,
} from "./sales-book-api";
import { ArticleFormDialog } from "./sales-book-article-form";

/** /training/book/$articleId: one article of the sales book. */
export function SalesBookArticlePage() {
  const { t } = useTranslation();
  const { articleId } = useParams({ from: "/app/training/book/$articleId" });
  const query = useRecordQuery(salesBookArticleQuery(articleId));
  return (
    <RecordGate
      query={query}
      notFound={
        <Center mih="40vh">
          <Stack align="center" gap="sm">
            <Text c="dimmed">{t("salesBook.article.notFound")}</Text>
            <AnchorLink to="/training" search={{ tab: "book" }}>
              {t("salesBook.article.back")}
            </AnchorLink>
          </Stack>
        </Center>
      }
    >
      {(article) => <ArticleView article={article} />}
    </RecordGate>
  );
}

function ArticleView({ article }: { article: SalesBookArticle }) {
  const { t } = useTranslation();
  const me = useMe();
  const bytes = useBytes();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [answering, setAnswering] = useState<boolean | null>(null);
  const pictures = article.files.filter((file) => file.isImage);
  const documents = article.files.filter((file) => !file.isImage);

  const answer = async (helpful: boolean) => {
    setAnswering(helpful);
    try {
      refreshSalesBook(queryClient, await answerFeedback(article.id, helpful));
      notifySuccess(t("salesBook.article.thanks"));
    } catch (error) {
      notifyError(error);
    } finally {
      setAnswering(null);
    }
  };

  return (
    <Stack maw={900} gap="md">
      <AnchorLink to="/training" search={{ tab: "book", section: article.section.id }} size="sm">
        ← {t("salesBook.article.back")}
      </AnchorLink>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} miw={0} style={{ flex: "1 1 320px" }}>
          <Group gap="xs">
            <Badge variant="light">{article.section.title}</Badge>
          </Group>
          <Title order={2} style={{ overflowWrap: "anywhere" }}>
            {article.title}
          </Title>
          <Text size="sm" c="dimmed">
            {t("salesBook.article.by", { name: article.author.name })}
            {" · "}
            {t("salesBook.updated", { date: formatDate(article.updatedAt, me.timeZone) })}
          </Text>
        </Stack>
        {(article.abilities.edit || article.abilities.delete) && (
          <Group gap="xs">
            {article.abilities.edit && (
              <Button variant="light" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
                {t("salesBook.article.edit")}
              </Button>
            )}
            {article.abilities.delete && (
              <Button
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={() => setDeleting(true)}
              >
                {t("salesBook.article.delete")}
              </Button>
            )}
          </Group>
        )}
      </Group>
      <Paper withBorder radius="md" p={{ base: "sm", sm: "lg" }}>
        <Typography>
          <div
            style={{ overflowWrap: "anywhere" }}
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised server-side to an allowlist (sales-book.service.ts)
            dangerouslySetInnerHTML={{ __html: article.body }}
          />
        </Typography>
      </Paper>
      {pictures.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {pictures.map((file) => (
            <a key={file.id} href={articleFileUrl(article.id, file.id)} target="_blank" rel="noreferrer">
              <img
                src={articleFileUrl(article.id, file.id)}
                alt={file.name}
                style={{ width: "100%", maxHeight: 360, objectFit: "contain", borderRadius: 8 }}
              />
            </a>
          ))}
        </SimpleGrid>
      )}
      {documents.length > 0 && (
        <Stack gap={4} component="section" aria-label={t("salesBook.article.files")}>
          <Text fw={500}>{t("salesBook.article.files")}</Text>
          {documents.map((file) => (
            <Anchor
              key={file.id}
              href={articleFileUrl(article.id, file.id)}
              download={file.name}
              size="sm"
              aria-label={t("salesBook.article.download", { name: file.name })}
            >
              <Group gap={6} wrap="nowrap" component="span">
                <IconPaperclip size={14} />
                <span style={{ overflowWrap: "anywhere" }}>{file.name}</span>
                <Text span size="xs" c="dimmed">
                  {bytes(file.size)}
                </Text>
              </Group>
            </Anchor>
          ))}
        </Stack>
      )}
      <Paper withBorder radius="md" p="sm">
        <Group gap="sm" wrap="wrap">
          <Text fw={500}>{t("salesBook.article.helpful")}</Text>
          <Group gap="xs" wrap="nowrap">
            <Button
              size="sm"
              variant={article.feedback.mine === true ? "filled" : "default"}
              color="teal"
              leftSection={<IconThumbUp size={16} />}
              aria-pressed={article.feedback.mine === true}
              aria-label={t("salesBook.article.yesCount", { count: article.feedback.helpful })}
              loading={answering === true}
              onClick={() => void answer(true)}
            >
              {t("salesBook.article.yes")} · {article.feedback.helpful}
            </Button>
            <Button
              size="sm"
              variant={article.feedback.mine === false ? "filled" : "default"}
              color="red"
              leftSection={<IconThumbDown size={16} />}
              aria-pressed={article.feedback.mine === false}
              aria-label={t("salesBook.article.noCount", { count: article.feedback.notHelpful })}
              loading={answering === false}
              onClick={() => void answer(false)}
            >
              {t("salesBook.article.no")} · {article.feedback.notHelpful}
            </Button>
          </Group>
        </Group>
      </Paper>
      <ArticleFormDialog opened={editing} onClose={() => setEditing(false)} article={article} />
      <ConfirmModal
        opened={deleting}
        title={t("salesBook.article.deleteTitle")}
        message={t("salesBook.article.deleteConfirm", { title: article.title })}
        confirmLabel={t("salesBook.article.delete")}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await deleteArticle(article.id);
          notifySuccess(t("salesBook.article.deleted"));
          // Away from the page first, so its query is not asked again for the article just deleted.
          await navigate({ to: "/training", search: { tab: "book", section: article.section.id } });
          queryClient.removeQueries({ queryKey: salesBookArticleQuery(article.id).queryKey });
          refreshSalesBook(queryClient);
        }}
      />
    </Stack>
  );
}
