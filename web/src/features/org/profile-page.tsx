import { Divider, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { isLanguage, type Language, languages, setLanguage } from "../../i18n";
import { useMe } from "../../lib/auth-context";
import { CalendarZonePicker } from "../calendar/calendar-zone-picker";
import { PhoneSyncSection } from "../calendar/phone-sync-section";
import { StartPageChoice } from "../start/start-page-choice";
import { PersonAttestations } from "../training/person-attestations";
import { PasswordChangeForm } from "./password-change-form";
import { UserCard } from "./user-card";
import { UserPhotoEditor } from "./user-photo-editor";

export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const rows: [string, string][] = [
    [t("users.fields.login"), me.login],
    [t("users.fields.email"), me.email ?? t("common.none")],
    [t("users.fields.phone"), me.phone ?? t("common.none")],
    [t("users.fields.unit"), me.unitName],
    [t("users.fields.role"), t(`roles.${me.role}`)],
    [t("home.company"), me.companyName],
  ];

  return (
    <Stack gap="md" maw={900}>
      <Title order={2}>{t("profile.title")}</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Paper withBorder p="lg" radius="md">
          <Stack gap="md">
            <UserCard user={me} size={88} />
            <Table variant="vertical" layout="fixed" withTableBorder>
              <Table.Tbody>
                {rows.map(([label, value]) => (
                  <Table.Tr key={label}>
                    <Table.Th w={150}>{label}</Table.Th>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        </Paper>
        <Paper withBorder p="lg" radius="md">
          <Stack gap="md">
            <UserPhotoEditor user={me} />
            <Divider />
            <div>
              <Text size="sm" fw={500} mb={6} id="profile-language">
                {t("profile.language")}
              </Text>
              <SegmentedControl
                aria-labelledby="profile-language"
                value={isLanguage(i18n.language) ? i18n.language : "ru"}
                onChange={(value) => void setLanguage(value as Language)}
                data={languages.map((language) => ({ value: language, label: t(`languages.${language}`) }))}
              />
            </div>
            <StartPageChoice />
            <CalendarZonePicker />
            <Divider />
            <PasswordChangeForm />
          </Stack>
        </Paper>
      </SimpleGrid>
      <PhoneSyncSection />
      <PersonAttestations userId={me.id} />
    </Stack>
  );
}
