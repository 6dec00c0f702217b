import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { type ErrorComponentProps, useRouter } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { ButtonLink } from "./links";
import { problemText } from "./notify";

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" gap="sm">
        <Title order={2}>404</Title>
        <Text c="dimmed">{t("errors.pageNotFound")}</Text>
        <ButtonLink to="/" variant="light">
          {t("errors.toHome")}
        </ButtonLink>
      </Stack>
    </Center>
  );
}

export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const retry = () => {
    reset();
    void router.invalidate();
  };
  return (
    <Center mih="60vh" p="md">
      <Stack align="center" gap="sm" maw={480}>
        <Title order={3}>{t("errors.loadFailed")}</Title>
        <Text c="dimmed" ta="center">
          {problemText(error)}
        </Text>
        <Button variant="light" onClick={retry}>
          {t("common.retry")}
        </Button>
      </Stack>
    </Center>
  );
}
