import { Alert, Button, Code, CopyButton, Group, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

interface SecretShownOnceProps {
  secret: string;
  /** Why it must be copied now: it is never shown again. */
  warning: string;
  /** The accessible name of the secret's block. */
  label?: string;
  /** How the secret is used, under the buttons (a header, say). */
  hint: string;
  doneLabel: string;
  testId?: string;
  onDone: () => void;
}

/** A new secret (API token, webhook secret), this once, with a copy button. */
export function SecretShownOnce({ secret, warning, label, hint, doneLabel, testId, onDone }: SecretShownOnceProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
        {warning}
      </Alert>
      <Code
        block
        aria-label={label}
        fz="sm"
        style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}
        data-testid={testId}
      >
        {secret}
      </Code>
      <Group justify="space-between">
        <CopyButton value={secret}>
          {({ copied, copy }) => (
            <Button
              variant={copied ? "light" : "filled"}
              color={copied ? "teal" : undefined}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              onClick={copy}
            >
              {copied ? t("common.copied") : t("common.copy")}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={onDone}>
          {doneLabel}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Stack>
  );
}
