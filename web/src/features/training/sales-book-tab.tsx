import {
  Badge,
  Button,
  Grid,
  Group,
  Loader,
  Mark,
  NavLink,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue, useMediaQuery } from "@mantine/hooks";
import type { SalesBookArticleSummary, SalesBookSection } from "@planerka/common";
import { IconFolderPlus, IconPaperclip, IconPlus, IconSearch, IconThumbUp } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { salesBookArticlesQuery, salesBookSectionsQuery } from "./sales-book-api";
import { ArticleFormDialog } from "./sales-book-article-form";
import { SectionFormDialog, SectionMenu } from "./sales-book-sections";

/**
 * «Книга продаж»: the sections beside their articles (a list of sections on a wide screen, a
 * picker on a phone), and a search over the whole book with the words found marked. Heads, tops
 * and administrators add sections and articles; the server's abilities decide what they see.
 */
export function SalesBookTab() {
  const { t } = useTranslation();
  const search = useSearch({ from: "/app/training" });
  const navigate = useNavigate({ from: "/training" });
  const phone = useMediaQuery("(max-width: 48em)");
  const sections = useQuery(salesBookSectionsQuery);
  const [text, setText] = useState(search.q ?? "");
  const [q] = useDebouncedValue(text.trim(), 300);
  const [newSection, setNewSection] = useState(false);
  const [newArticle, setNewArticle] = useState(false);

  // The search goes into the address, so a link to it (or «back» from an article) finds the same.
  useEffect(() => {
    if (q === (search.q ?? "")) return;
    void navigate({ search: (previous) => ({ ...previous, q: q || undefined }), replace: true });
  }, [q, search.q, navigate]);

  const items = sections.data?.items ?? [];
  const current = items.find((section) => section.id === search.section) ?? items[0];
  const openSection = (sectionId: string | undefined) =>
    void navigate({ search: (previous) => ({ ...previous, section: sectionId }), replace: true });
  const canCreate = sections.data?.abilities.create ?? false;

  if (sections.error) return <Text c="red">{problemText(sections.error)}</Text>;
  if (!sections.data) return <Loader size="sm" />;

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t("salesBook.search")}
          aria-label={t("salesBook.search")}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          type="search"
          style={{ flex: "1 1 260px", maxWidth: phone ? undefined : 420 }}
        />
        {canCreate && (
          <Group gap="xs" wrap="wrap">
            <Button variant="default" leftSection={<IconFolderPlus size={16} />} onClick={() => setNewSection(true)}>
              {t("salesBook.newSection")}
            </Button>
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setNewArticle(true)}
              disabled={items.length === 0}
            >
              {t("salesBook.newArticle")}
            </Button>
          </Group>
        )}
      </Group>
      {items.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Stack gap={4}>
            <Text fw={500}>{t("salesBook.empty")}</Text>
            {canCreate && <Text c="dimmed">{t("salesBook.emptyManage")}</Text>}
          </Stack>
        </Paper>
      ) : (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
            {phone ? (
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <Select
                  label={t("salesBook.section")}
                  data={items.map((section) => ({
                    value: section.id,
                    label: `${section.title} (${section.articleCount})`,
                  }))}
                  value={current?.id ?? null}
                  onChange={(value) => {
                    setText("");
                    openSection(value ?? undefined);
                  }}
                  allowDeselect={false}
                  style={{ flex: 1 }}
                />
                {current?.abilities.edit && (
                  <SectionMenu section={current} sections={items} onDeleted={() => openSection(undefined)} />
                )}
              </Group>
            ) : (
              <Paper withBorder radius="md" p={4} component="nav" aria-label={t("salesBook.sections")}>
                {items.map((section) => (
                  <Group key={section.id} gap={0} wrap="nowrap">
                    <NavLink
                      label={section.title}
                      active={!q && section.id === current?.id}
                      onClick={() => {
                        setText("");
                        openSection(section.id);
                      }}
                      rightSection={
                        <Badge size="sm" variant="light" color="gray">
                          {section.articleCount}
                        </Badge>
                      }
                      style={{ borderRadius: 6, flex: 1, minWidth: 0 }}
                    />
                    {section.abilities.edit && (
                      <SectionMenu section={section} sections={items} onDeleted={() => openSection(undefined)} />
                    )}
                  </Group>
                ))}
              </Paper>
            )}
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
            {q ? <SearchResults q={q} /> : current ? <SectionArticles section={current} /> : null}
          </Grid.Col>
        </Grid>
      )}
      <SectionFormDialog
        opened={newSection}
        onClose={() => setNewSection(false)}
        onSaved={(section) => openSection(section.id)}
      />
      <ArticleFormDialog opened={newArticle} onClose={() => setNewArticle(false)} sectionId={current?.id} />
    </Stack>
  );
}

function SectionArticles({ section }: { section: SalesBookSection }) {
  const { t } = useTranslation();
  const articles = useQuery(salesBookArticlesQuery({ sectionId: section.id }));
  return (
    <Stack gap="sm" component="section" aria-label={t("salesBook.articles", { title: section.title })}>
      <Title order={3}>{section.title}</Title>
      {articles.error && <Text c="red">{problemText(articles.error)}</Text>}
      {articles.isPending && <Loader size="sm" />}
      {articles.data?.items.length === 0 && <Text c="dimmed">{t("salesBook.emptySection")}</Text>}
      {articles.data?.items.map((article) => (
        <ArticleCard key={article.id} article={article} />
      ))}
    </Stack>
  );
}

function SearchResults({ q }: { q: string }) {
  const { t } = useTranslation();
  const found = useQuery(salesBookArticlesQuery({ q }));
  return (
    <Stack gap="sm" component="section" aria-label={t("salesBook.results")}>
      <Group gap="sm">
        <Title order={3}>{t("salesBook.results")}</Title>
        {found.isFetching && <Loader size="xs" />}
      </Group>
      {found.error && <Text c="red">{problemText(found.error)}</Text>}
      {found.data &&
        (found.data.total === 0 ? (
          <Text c="dimmed">{t("salesBook.nothingFound")}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            {t("salesBook.found", { count: found.data.total })}
          </Text>
        ))}
      {found.data?.items.map((article) => (
        <ArticleCard key={article.id} article={article} showSection />
      ))}
    </Stack>
  );
}

/** One article in a list: its title as the link, the snippet with the words found marked, what readers said. */
function ArticleCard({ article, showSection = false }: { article: SalesBookArticleSummary; showSection?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Paper withBorder radius="md" p="sm" component="article" data-testid="sales-book-article">
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <AnchorLink
            to="/training/book/$articleId"
            params={{ articleId: article.id }}
            fw={600}
            style={{ overflowWrap: "anywhere" }}
          >
            {article.title}
          </AnchorLink>
          {showSection && (
            <Badge size="sm" variant="light">
              {article.section.title}
            </Badge>
          )}
        </Group>
        {article.snippet.length > 0 && (
          <Text size="sm" c="dimmed" lineClamp={3} style={{ overflowWrap: "anywhere" }}>
            {article.snippet.map((piece, index) =>
              piece.match ? (
                // biome-ignore lint/suspicious/noArrayIndexKey: the pieces are the snippet's fixed order
                <Mark key={index}>{piece.text}</Mark>
              ) : (
                // biome-ignore lint/suspicious/noArrayIndexKey: the pieces are the snippet's fixed order
                <span key={index}>{piece.text}</span>
              ),
            )}
          </Text>
        )}
        <Group gap="md" wrap="wrap">
          <Text size="xs" c="dimmed">
            {t("salesBook.updated", { date: formatDate(article.updatedAt, me.timeZone) })}
          </Text>
          {article.helpfulCount > 0 && (
            <Group gap={4} wrap="nowrap">
              <IconThumbUp size={14} aria-hidden />
              <Text size="xs" c="dimmed">
                {t("salesBook.helpfulCount", { count: article.helpfulCount })}
              </Text>
            </Group>
          )}
          {article.fileCount > 0 && (
            <Group gap={4} wrap="nowrap">
              <IconPaperclip size={14} aria-hidden />
              <Text size="xs" c="dimmed">
                {t("salesBook.fileCount", { count: article.fileCount })}
              </Text>
            </Group>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
