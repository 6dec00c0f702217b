import { ActionIcon, Menu, Text } from "@mantine/core";
import { IconCheck, IconLanguage } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { isLanguage, languages, setLanguage } from "../i18n";

export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const current = isLanguage(i18n.language) ? i18n.language : "ru";
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t("languages.label")} w="auto" px={6}>
          <IconLanguage size={20} stroke={1.6} />
          <Text span size="xs" fw={600} ml={4} tt="uppercase">
            {current}
          </Text>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {languages.map((language) => (
          <Menu.Item
            key={language}
            onClick={() => void setLanguage(language)}
            rightSection={language === current ? <IconCheck size={14} /> : null}
            lang={language}
          >
            {t(`languages.${language}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
