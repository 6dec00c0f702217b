import { Group, Text, ThemeIcon } from "@mantine/core";
import type { TimelineItem } from "@planerka/common";
import { IconCloudDownload } from "@tabler/icons-react";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";

/** «Клиент скачал файл … по ссылке»: a download through a drive link given for this record. */
export function DownloadTimelineEntry({
  item,
  when,
  className,
}: {
  item: TimelineItem & { download: NonNullable<TimelineItem["download"]> };
  when: string;
  className: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <li
      className={className}
      style={{ "--dot-color": "var(--mantine-color-cyan-6)" } as CSSProperties}
      data-kind="download"
    >
      <Text size="xs" c="dimmed">
        {[t("driveFiles.timeline.kind"), when].join(" · ")}
      </Text>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <ThemeIcon size={22} variant="light" color="cyan" radius="xl" style={{ flexShrink: 0 }}>
          <IconCloudDownload size={14} />
        </ThemeIcon>
        <Text size="sm" fw={500} style={{ overflowWrap: "anywhere" }}>
          {t("driveFiles.timeline.download", { name: item.download.fileName })}
        </Text>
      </Group>
    </li>
  );
}
