import { ActionIcon, Badge, Button, Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import type { BonusScheme } from "@planerka/common";
import { IconCoins, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../lib/confirm-modal";
import { ListPanel, PageHeader } from "../../lib/list-page";
import { notifySuccess } from "../../lib/notify";
import { BonusSchemeEditor } from "./bonus-scheme-editor";
import { bonusSchemesQuery, deleteBonusScheme } from "./bonuses-api";
import { bandsSummary, describeScheme } from "./scheme-words";

/** Settings → «Премии»: the company's bonus schemes, with their editor. */
export function BonusSchemesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data, error } = useQuery(bonusSchemesQuery);
  // A fresh key per opening, so the form starts from the scheme as it is now.
  const [editing, setEditing] = useState<{ scheme: BonusScheme | null; opened: boolean; key: number }>({
    scheme: null,
    opened: false,
    key: 0,
  });
  const [deleting, setDeleting] = useState<BonusScheme | null>(null);
  const open = (scheme: BonusScheme | null) => setEditing(({ key }) => ({ scheme, opened: true, key: key + 1 }));

  return (
    <Stack gap="md">
      <PageHeader
        title={t("bonuses.schemes.title")}
        intro={t("bonuses.schemes.intro")}
        introWidth={760}
        action={
          <Button leftSection={<IconPlus size={18} />} onClick={() => open(null)}>
            {t("bonuses.schemes.create")}
          </Button>
        }
      />
      <ListPanel error={error} data={data} empty={{ icon: IconCoins, text: t("bonuses.schemes.empty") }}>
        {({ items }) => <SchemesTable schemes={items} onEdit={open} onDelete={setDeleting} />}
      </ListPanel>
      <BonusSchemeEditor
        key={editing.key}
        opened={editing.opened}
        scheme={editing.scheme}
        onClose={() => setEditing((current) => ({ ...current, opened: false }))}
      />
      <ConfirmModal
        opened={deleting !== null}
        title={t("bonuses.schemes.deleteTitle")}
        message={t("bonuses.schemes.deleteConfirm", { name: deleting?.name ?? "" })}
        confirmLabel={t("common.delete")}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await deleteBonusScheme(deleting.id);
          await queryClient.invalidateQueries({ queryKey: ["bonuses"] });
          notifySuccess(t("bonuses.schemes.deleted"));
        }}
      />
    </Stack>
  );
}

function SchemesTable({
  schemes,
  onEdit,
  onDelete,
}: {
  schemes: BonusScheme[];
  onEdit: (scheme: BonusScheme) => void;
  onDelete: (scheme: BonusScheme) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table verticalSpacing="sm" aria-label={t("bonuses.schemes.title")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("bonuses.schemes.columns.name")}</Table.Th>
            <Table.Th>{t("bonuses.schemes.columns.period")}</Table.Th>
            <Table.Th>{t("bonuses.schemes.columns.appliesTo")}</Table.Th>
            <Table.Th>{t("bonuses.schemes.columns.base")}</Table.Th>
            <Table.Th>{t("bonuses.schemes.columns.bands")}</Table.Th>
            <Table.Th>{t("bonuses.schemes.columns.active")}</Table.Th>
            <Table.Th aria-label={t("common.actions")} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {schemes.map((scheme) => (
            <Table.Tr key={scheme.id} data-scheme-id={scheme.id} opacity={scheme.active ? 1 : 0.65}>
              <Table.Td miw={280} maw={380}>
                <Text size="sm" fw={500}>
                  {scheme.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {describeScheme(scheme, t, i18n.language)}
                </Text>
              </Table.Td>
              <Table.Td>{t(`bonuses.period.kinds.${scheme.period}`)}</Table.Td>
              <Table.Td>
                <AppliesTo scheme={scheme} />
              </Table.Td>
              <Table.Td>{t(`bonuses.schemes.base.${scheme.base}`)}</Table.Td>
              <Table.Td miw={160}>
                <Text size="sm">{bandsSummary(scheme.bands, i18n.language)}</Text>
                <Text size="xs" c="dimmed">
                  {t(`bonuses.schemes.mode.${scheme.mode}`)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={scheme.active ? "teal" : "gray"} variant="light">
                  {scheme.active ? t("bonuses.schemes.active") : t("bonuses.schemes.inactive")}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <Tooltip label={t("common.edit")}>
                    <ActionIcon
                      variant="subtle"
                      aria-label={t("bonuses.schemes.editLabel", { name: scheme.name })}
                      onClick={() => onEdit(scheme)}
                    >
                      <IconPencil size={16} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={t("common.delete")}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t("bonuses.schemes.deleteLabel", { name: scheme.name })}
                      onClick={() => onDelete(scheme)}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Role, unit and people, each on its line; a scheme names at least one. */
function AppliesTo({ scheme }: { scheme: BonusScheme }) {
  const { t } = useTranslation();
  const { role } = scheme.appliesTo;
  return (
    <Stack gap={2}>
      {role && (
        <Text size="sm">
          {t("bonuses.schemes.fields.role")}: {t(`roles.${role}`)}
        </Text>
      )}
      {scheme.appliesToNames.unit && (
        <Text size="sm">
          {t("bonuses.schemes.fields.unit")}: {scheme.appliesToNames.unit}
        </Text>
      )}
      {scheme.appliesToNames.users.length > 0 && (
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          {t("bonuses.schemes.fields.users")}: {scheme.appliesToNames.users.map((person) => person.name).join(", ")}
        </Text>
      )}
    </Stack>
  );
}
