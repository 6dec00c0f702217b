import { SegmentedControl, Text } from "@mantine/core";
import type { StartPage } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { notifyError, notifySuccess } from "../../lib/notify";
import { meQuery } from "../../lib/session";
import { setOwnStartPage } from "./start-api";

/** The profile's choice of where one lands after logging in: «Главная» or «Мой кабинет». */
export function StartPageChoice() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const id = useId();

  const choose = async (value: string) => {
    setSaving(true);
    try {
      const saved = await setOwnStartPage(value as StartPage);
      queryClient.setQueryData(meQuery.queryKey, saved);
      notifySuccess(t("start.choice.saved"));
    } catch (error) {
      notifyError(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div>
      <Text size="sm" fw={500} id={id}>
        {t("start.choice.label")}
      </Text>
      <Text size="xs" c="dimmed" mb={6}>
        {t("start.choice.hint")}
      </Text>
      <SegmentedControl
        aria-labelledby={id}
        value={me.startPage}
        onChange={(value) => void choose(value)}
        disabled={saving}
        data={[
          { value: "home", label: t("start.choice.home") },
          { value: "cabinet", label: t("start.choice.cabinet") },
        ]}
      />
    </div>
  );
}
