import { ActionIcon, Group, SegmentedControl, Text } from "@mantine/core";
import { type BonusPeriodKind, bonusPeriodKinds, nextBonusPeriod, previousBonusPeriod } from "@planerka/common";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { periodKindOf, switchPeriodKind } from "./bonus-period-label";
import { usePeriodLabel } from "./use-period-label";

/** Month, quarter, half-year or year, and arrows to the one before and after. */
export function BonusPeriodPicker({ period, onChange }: { period: string; onChange: (period: string) => void }) {
  const { t } = useTranslation();
  const label = usePeriodLabel();
  const previous = previousBonusPeriod(period);
  const next = nextBonusPeriod(period);
  return (
    <Group gap="xs" align="center" wrap="wrap">
      <SegmentedControl
        size="xs"
        aria-label={t("bonuses.period.kind")}
        value={periodKindOf(period)}
        onChange={(kind) => onChange(switchPeriodKind(period, kind as BonusPeriodKind))}
        data={bonusPeriodKinds.map((kind) => ({ value: kind, label: t(`bonuses.period.kinds.${kind}`) }))}
      />
      <Group gap={4} wrap="nowrap" role="group" aria-label={t("bonuses.period.label")}>
        <ActionIcon
          variant="default"
          aria-label={t("bonuses.period.previous")}
          disabled={!previous}
          onClick={() => previous && onChange(previous)}
        >
          <IconChevronLeft size={16} />
        </ActionIcon>
        <Text fw={600} miw={150} ta="center" data-testid="bonus-period" aria-live="polite">
          {label(period)}
        </Text>
        <ActionIcon
          variant="default"
          aria-label={t("bonuses.period.next")}
          disabled={!next}
          onClick={() => next && onChange(next)}
        >
          <IconChevronRight size={16} />
        </ActionIcon>
      </Group>
    </Group>
  );
}
