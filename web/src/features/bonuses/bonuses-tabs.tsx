import { Tabs } from "@mantine/core";
import { IconArrowsDiff, IconCoins } from "@tabler/icons-react";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import type { BonusesSearch } from "./bonuses-search";

/** «Ведомость» and «Сверка с 1С» side by side; the period and unit go along from one to the other. */
export function BonusesTabs({ current, search }: { current: "sheet" | "reconciliation"; search: BonusesSearch }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const keep = { period: search.period, unit: search.unit };
  return (
    <Tabs
      value={current}
      onChange={(value) => {
        if (value === "sheet") void navigate({ to: "/bonuses", search: keep });
        if (value === "reconciliation") void navigate({ to: "/bonuses/reconciliation", search: keep });
      }}
      keepMounted={false}
    >
      <Tabs.List>
        <Tabs.Tab value="sheet" leftSection={<IconCoins size={16} />}>
          {t("bonuses.tabs.sheet")}
        </Tabs.Tab>
        <Tabs.Tab value="reconciliation" leftSection={<IconArrowsDiff size={16} />}>
          {t("bonuses.tabs.reconciliation")}
        </Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
