import { Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { LearnerStatusBadge } from "./learner-status-badge";
import { personAttestationsQuery } from "./training-api";

/** A person's attestation history, on their profile: for themselves and the heads whose reports reach them. */
export function PersonAttestations({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const history = useQuery(personAttestationsQuery(userId));
  if (!history.data) return null;
  return (
    <Paper withBorder p="md" radius="md" data-testid="person-attestations">
      <Stack gap="xs">
        <Title order={5}>{t("training.attestations.history")}</Title>
        {history.data.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("training.attestations.historyEmpty")}
          </Text>
        )}
        {history.data.map((item) => (
          <Group key={item.attestation.id} justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <AnchorLink
                to="/training/attestations/$attestationId"
                params={{ attestationId: item.attestation.id }}
                size="sm"
              >
                {item.attestation.title}
              </AnchorLink>
              <Text size="xs" c="dimmed">
                {formatDate(`${item.attestation.heldOn}T12:00:00Z`, me.timeZone)} · {item.course.title}
              </Text>
            </Stack>
            <Group gap="xs" wrap="nowrap">
              {item.percent !== null && <Text size="sm">{item.percent}%</Text>}
              <LearnerStatusBadge status={item.status} />
            </Group>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
