import { Badge, Button, Group, NativeSelect, Paper, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import {
  type AccessAction,
  type AccessLevel,
  type AccessRule,
  accessActions,
  accessLevels,
  type Role,
  roles,
  type ScopedEntity,
  scopedEntities,
} from "@planerka/common";
import { IconDeviceFloppy, IconLock, IconRestore } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { ConfirmModal } from "../../lib/confirm-modal";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { accessQuery, resetAccessRules, saveAccessRules } from "../settings/settings-api";

type Key = `${Role}.${ScopedEntity}.${AccessAction}`;
const keyOf = (rule: { role: Role; entity: ScopedEntity; action: AccessAction }): Key =>
  `${rule.role}.${rule.entity}.${rule.action}`;

const levelColors: Record<AccessLevel, string> = {
  none: "var(--mantine-color-gray-6)",
  own: "var(--mantine-color-blue-7)",
  subtree: "var(--mantine-color-teal-7)",
  all: "var(--mantine-color-green-8)",
};

export function AccessPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data, error } = useQuery(accessQuery);
  const [changes, setChanges] = useState<Partial<Record<Key, AccessLevel>>>({});
  const [saving, setSaving] = useState(false);
  const [confirmReset, setConfirmReset] = useState(false);

  const saved = useMemo(() => {
    const map = new Map<Key, AccessLevel>();
    for (const rule of data?.rules ?? []) map.set(keyOf(rule), rule.level);
    return map;
  }, [data]);

  const levelOf = (key: Key): AccessLevel => changes[key] ?? saved.get(key) ?? "none";
  const dirty = Object.entries(changes).some(([key, level]) => saved.get(key as Key) !== level);

  const setLevel = (key: Key, level: AccessLevel) =>
    setChanges((current) => {
      const next = { ...current };
      if (saved.get(key) === level) delete next[key];
      else next[key] = level;
      return next;
    });

  const save = async () => {
    const rules: AccessRule[] = [];
    for (const role of roles) {
      for (const entity of scopedEntities) {
        for (const action of accessActions) {
          rules.push({
            role,
            entity,
            action,
            level: role === "admin" ? "all" : levelOf(`${role}.${entity}.${action}`),
          });
        }
      }
    }
    setSaving(true);
    try {
      const result = await saveAccessRules(rules);
      queryClient.setQueryData(accessQuery.queryKey, result);
      setChanges({});
      await queryClient.invalidateQueries({ queryKey: ["me"] });
      notifySuccess(t("settings.access.saved"));
    } catch (caught) {
      notifyError(caught);
    } finally {
      setSaving(false);
    }
  };

  const levelData = accessLevels.map((level) => ({ value: level, label: t(`settings.access.levels.${level}`) }));

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t("settings.access.title")}</Title>
        <Group gap="xs">
          {dirty && (
            <Badge color="yellow" variant="light">
              {t("settings.access.unsaved")}
            </Badge>
          )}
          <Button variant="default" leftSection={<IconRestore size={16} />} onClick={() => setConfirmReset(true)}>
            {t("settings.access.reset")}
          </Button>
          <Button
            leftSection={<IconDeviceFloppy size={16} />}
            onClick={() => void save()}
            loading={saving}
            disabled={!dirty}
          >
            {t("common.save")}
          </Button>
        </Group>
      </Group>
      <Text size="sm" c="dimmed" maw={860}>
        {t("settings.access.intro")}
      </Text>

      {error ? (
        <Text c="red">{problemText(error)}</Text>
      ) : !data ? (
        <Skeleton h={600} />
      ) : (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={620}>
            <Table verticalSpacing={6} stickyHeader>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("settings.access.entity")}</Table.Th>
                  {accessActions.map((action) => (
                    <Table.Th key={action}>{t(`settings.access.actions.${action}`)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {roles.map((role) => (
                  <Fragment key={role}>
                    <Table.Tr bg="var(--mantine-color-gray-0)">
                      <Table.Td colSpan={accessActions.length + 1}>
                        <Group gap="xs">
                          <Text fw={700}>{t(`roles.${role}`)}</Text>
                          {role === "admin" && (
                            <Group gap={4}>
                              <IconLock size={14} color="var(--mantine-color-dimmed)" />
                              <Text size="xs" c="dimmed">
                                {t("settings.access.adminLocked")}
                              </Text>
                            </Group>
                          )}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {scopedEntities.map((entity) => (
                      <Table.Tr key={entity}>
                        <Table.Td pl="lg">{t(`settings.access.entities.${entity}`)}</Table.Td>
                        {accessActions.map((action) => {
                          const key: Key = `${role}.${entity}.${action}`;
                          const level = role === "admin" ? "all" : levelOf(key);
                          const changed = changes[key] !== undefined;
                          return (
                            <Table.Td key={action}>
                              <NativeSelect
                                size="xs"
                                aria-label={`${t(`roles.${role}`)} — ${t(`settings.access.entities.${entity}`)} — ${t(`settings.access.actions.${action}`)}`}
                                data={levelData}
                                value={level}
                                disabled={role === "admin"}
                                onChange={(event) => setLevel(key, event.currentTarget.value as AccessLevel)}
                                styles={{
                                  input: {
                                    color: levelColors[level],
                                    fontWeight: 500,
                                    borderColor: changed ? "var(--mantine-color-yellow-6)" : undefined,
                                  },
                                }}
                              />
                            </Table.Td>
                          );
                        })}
                      </Table.Tr>
                    ))}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}

      <ConfirmModal
        opened={confirmReset}
        title={t("settings.access.resetTitle")}
        message={t("settings.access.resetConfirm")}
        confirmLabel={t("settings.access.reset")}
        onClose={() => setConfirmReset(false)}
        onConfirm={async () => {
          const result = await resetAccessRules();
          queryClient.setQueryData(accessQuery.queryKey, result);
          setChanges({});
          await queryClient.invalidateQueries({ queryKey: ["me"] });
          notifySuccess(t("settings.access.resetDone"));
        }}
      />
    </Stack>
  );
}
