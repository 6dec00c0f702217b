import { Box, NavLink, Progress, Select, Stack, Text } from "@mantine/core";
import type { DriveRoots } from "@planerka/common";
import { IconBuilding, IconFolderShare, IconTrash, IconUser, IconUsersGroup } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { usagePercent } from "./drive-format";
import { useBytes } from "./use-bytes";

/** A place of the left panel: a drive's root or a shared folder by id, or the trash. */
export type DrivePlace = string | "trash";

interface PlacesProps {
  roots: DriveRoots;
  /** The place the open folder belongs to, or "trash". */
  current: DrivePlace | null;
  onSelect: (place: DrivePlace) => void;
}

/** The left panel: «Мой диск», «Диск компании», groups' drives, «Доступные мне», «Корзина», and the usage bar. */
export function DrivePlaces({ roots, current, onSelect }: PlacesProps) {
  const { t } = useTranslation();
  const item = (id: DrivePlace, label: string, icon: React.ReactNode) => (
    <NavLink
      key={id}
      component="button"
      label={label}
      title={label}
      leftSection={icon}
      active={current === id}
      onClick={() => onSelect(id)}
      styles={{ label: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" } }}
    />
  );
  return (
    <Stack gap="md">
      <Box component="nav" aria-label={t("drive.places.label")}>
        {item(roots.personal.id, t("drive.places.personal"), <IconUser size={18} stroke={1.6} />)}
        {item(roots.company.id, t("drive.places.company"), <IconBuilding size={18} stroke={1.6} />)}
        {roots.groups.length > 0 && <SectionTitle>{t("drive.places.groups")}</SectionTitle>}
        {roots.groups.map((group) => item(group.id, group.groupName, <IconUsersGroup size={18} stroke={1.6} />))}
        <SectionTitle>{t("drive.places.shared")}</SectionTitle>
        {roots.shared.length === 0 ? (
          <Text size="xs" c="dimmed" px="sm" py={4}>
            {t("drive.places.sharedEmpty")}
          </Text>
        ) : (
          roots.shared.map((folder) => item(folder.id, folder.name, <IconFolderShare size={18} stroke={1.6} />))
        )}
        <Box mt="xs">{item("trash", t("drive.places.trash"), <IconTrash size={18} stroke={1.6} />)}</Box>
      </Box>
      <DriveUsage roots={roots} />
    </Stack>
  );
}

function SectionTitle({ children }: { children: React.ReactNode }) {
  return (
    <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" pt="sm" pb={2}>
      {children}
    </Text>
  );
}

/** On a phone the panel is one select above the listing. */
export function DrivePlaceSelect({ roots, current, onSelect }: PlacesProps) {
  const { t } = useTranslation();
  const data = [
    {
      group: t("drive.title"),
      items: [
        { value: roots.personal.id, label: t("drive.places.personal") },
        { value: roots.company.id, label: t("drive.places.company") },
      ],
    },
    ...(roots.groups.length > 0
      ? [
          {
            group: t("drive.places.groups"),
            items: roots.groups.map((group) => ({ value: group.id, label: group.groupName })),
          },
        ]
      : []),
    ...(roots.shared.length > 0
      ? [
          {
            group: t("drive.places.shared"),
            items: roots.shared.map((folder) => ({ value: folder.id, label: folder.name })),
          },
        ]
      : []),
    { value: "trash", label: t("drive.places.trash") },
  ];
  return (
    <Select
      aria-label={t("drive.places.label")}
      data={data}
      value={current}
      allowDeselect={false}
      onChange={(value) => {
        if (typeof value === "string") onSelect(value);
      }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function DriveUsage({ roots }: { roots: DriveRoots }) {
  const { t } = useTranslation();
  const bytes = useBytes();
  const { userBytes, userQuotaBytes } = roots.usage;
  const percent = usagePercent(userBytes, userQuotaBytes);
  return (
    <Stack gap={4} px="sm" w="100%">
      <Progress
        value={percent}
        color={percent >= 90 ? "red" : percent >= 75 ? "yellow" : undefined}
        size="sm"
        aria-label={t("drive.usageLabel")}
      />
      <Text size="xs" c="dimmed">
        {t("drive.usage", { used: bytes(userBytes), quota: bytes(userQuotaBytes) })}
      </Text>
    </Stack>
  );
}
