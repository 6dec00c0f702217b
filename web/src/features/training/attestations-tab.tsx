import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { Attestation } from "@planerka/common";
import { IconCertificate, IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { formatDate } from "../../lib/dates";
import { AnchorLink } from "../../lib/links";
import { AttestationDialog } from "./attestation-dialog";
import { LearnerStatusBadge } from "./learner-status-badge";
import { attestationsQuery } from "./training-api";

/** «Аттестации»: the ones the caller takes, and for heads the ones of their units, newest first. */
export function AttestationsTab() {
  const { t } = useTranslation();
  const me = useMe();
  const [creating, setCreating] = useState(false);
  const attestations = useQuery(attestationsQuery);
  const mine = (attestations.data ?? []).filter((item) => item.mine !== null);
  const managed = (attestations.data ?? []).filter((item) => item.mine === null);

  return (
    <Stack gap="md">
      {me.abilities.manageTraining && (
        <Group>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t("training.attestations.create")}
          </Button>
        </Group>
      )}
      {attestations.data?.length === 0 && <Text c="dimmed">{t("training.attestations.empty")}</Text>}
      {mine.length > 0 && <AttestationGroup title={t("training.attestations.mineTitle")} items={mine} />}
      {managed.length > 0 && <AttestationGroup title={t("training.attestations.managedTitle")} items={managed} />}
      <AttestationDialog opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

function AttestationGroup({ title, items }: { title: string; items: Attestation[] }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Stack gap="xs">
      <Title order={4}>{title}</Title>
      {items.map((item) => (
        <Paper key={item.id} withBorder radius="md" p="sm" data-testid="training-attestation">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconCertificate size={20} stroke={1.6} />
              <Stack gap={0} style={{ minWidth: 0 }}>
                <AnchorLink
                  to="/training/attestations/$attestationId"
                  params={{ attestationId: item.id }}
                  fw={600}
                  size="sm"
                >
                  {item.title}
                </AnchorLink>
                <Text size="xs" c="dimmed">
                  {formatDate(`${item.heldOn}T12:00:00Z`, me.timeZone)} · {item.unit.name} · {item.course.title}
                </Text>
              </Stack>
            </Group>
            <Group gap="xs">
              {item.repeatOf && (
                <Badge size="sm" variant="outline">
                  {t("training.attestations.repeatOf")}
                </Badge>
              )}
              {item.cancelled && (
                <Badge size="sm" color="gray">
                  {t("training.attestations.cancelled")}
                </Badge>
              )}
              {item.mine ? (
                <LearnerStatusBadge status={item.mine} />
              ) : (
                <Text size="xs" c="dimmed">
                  {t("training.attestations.people", { count: item.people })} ·{" "}
                  {t("training.attestations.passedFailed", { passed: item.passed, failed: item.failed })}
                </Text>
              )}
            </Group>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}
