import { Alert, Badge, Button, Group, Loader, Paper, ScrollArea, Stack, Table, Text, Title } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import type { AttestationDetail } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { ConfirmModal } from "../../lib/confirm-modal";
import { companyToday, formatDate, formatDateTime } from "../../lib/dates";
import { NotFoundPage } from "../../lib/error-pages";
import { AnchorLink } from "../../lib/links";
import { notifyError, notifySuccess, problemText } from "../../lib/notify";
import { parseTypedDate } from "../crm/activity-time";
import { LearnerStatusBadge } from "./learner-status-badge";
import {
  attestationQuery,
  cancelAttestation,
  refreshTraining,
  repeatAttestation,
  startAttestationAttempt,
} from "./training-api";

/** One attestation: a learner takes its test and sees their result; heads see everyone's and repeat it. */
export function AttestationPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { attestationId } = useParams({ from: "/app/training/attestations/$attestationId" });
  const attestation = useQuery(attestationQuery(attestationId));
  if (isProblem(attestation.error, 404)) return <NotFoundPage />;
  const item = attestation.data;
  return (
    <Stack gap="md" maw={1000}>
      <AnchorLink to="/training" search={{ tab: "attestations" }} size="sm">
        ← {t("training.attestations.back")}
      </AnchorLink>
      {attestation.error && <Alert color="red">{problemText(attestation.error)}</Alert>}
      {attestation.isPending && <Loader size="sm" />}
      {item && (
        <>
          <Paper withBorder radius="md" p="md">
            <Stack gap={4}>
              <Group gap="xs">
                <Title order={3}>{item.title}</Title>
                {item.repeatOf && <Badge variant="outline">{t("training.attestations.repeatOf")}</Badge>}
                {item.cancelled && <Badge color="gray">{t("training.attestations.cancelled")}</Badge>}
              </Group>
              <Text size="sm">
                {formatDate(`${item.heldOn}T12:00:00Z`, me.timeZone)} · {item.unit.name}
              </Text>
              <Text size="sm">
                <AnchorLink to="/training/courses/$courseId" params={{ courseId: item.course.id }}>
                  {item.course.title}
                </AnchorLink>{" "}
                · {t("training.attestations.passMark", { percent: item.course.passPercent })}
              </Text>
              <Text size="sm" c="dimmed">
                {t("training.attestations.people", { count: item.people })} ·{" "}
                {t("training.attestations.passedFailed", { passed: item.passed, failed: item.failed })}
              </Text>
            </Stack>
          </Paper>
          {item.mine && <MyAttestation attestation={item} />}
          {item.abilities.manage && <ManageAttestation attestation={item} />}
          {!item.mine || item.results.length > 1 ? <Results attestation={item} /> : null}
        </>
      )}
    </Stack>
  );
}

function MyAttestation({ attestation }: { attestation: AttestationDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const mine = attestation.results.find((result) => result.user.id === me.id);
  const status = attestation.mine ?? "not_started";
  const start = async () => {
    setPending(true);
    try {
      const attempt = await startAttestationAttempt(attestation.course.id, attestation.id);
      void navigate({ to: "/training/attempts/$attemptId", params: { attemptId: attempt.id } });
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="my-attestation">
      <Group justify="space-between" wrap="wrap">
        <Group gap="sm">
          <Text fw={600}>{t("training.attestations.result")}</Text>
          <LearnerStatusBadge status={status} />
          {mine?.percent != null && <Text fw={700}>{mine.percent}%</Text>}
        </Group>
        {!attestation.cancelled && status === "not_started" && (
          <Button onClick={() => void start()} loading={pending}>
            {t("training.attestations.take")}
          </Button>
        )}
        {status === "in_progress" && mine?.attemptId && (
          <Button
            onClick={() =>
              void navigate({ to: "/training/attempts/$attemptId", params: { attemptId: mine.attemptId ?? "" } })
            }
          >
            {t("training.attestations.continue")}
          </Button>
        )}
        {status !== "not_started" && status !== "in_progress" && mine?.attemptId && (
          <AnchorLink to="/training/attempts/$attemptId" params={{ attemptId: mine.attemptId }} size="sm">
            {t("training.attestations.openAttempt")}
          </AnchorLink>
        )}
      </Group>
    </Paper>
  );
}

function ManageAttestation({ attestation }: { attestation: AttestationDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const today = companyToday(me.timeZone);
  const [repeatOn, setRepeatOn] = useState<string | null>(today);
  const [pending, setPending] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const repeat = async () => {
    if (!repeatOn) return;
    setPending(true);
    try {
      const created = await repeatAttestation(attestation.id, repeatOn);
      void refreshTraining(queryClient);
      notifySuccess(t("training.attestations.repeated"));
      void navigate({ to: "/training/attestations/$attestationId", params: { attestationId: created.id } });
    } catch (error) {
      notifyError(error);
    } finally {
      setPending(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="md">
      <Group align="flex-end" wrap="wrap" gap="sm">
        {attestation.failed > 0 && (
          <>
            <DateInput
              label={t("training.attestations.repeatDate")}
              value={repeatOn}
              onChange={setRepeatOn}
              minDate={today}
              valueFormat="DD.MM.YYYY"
              locale={i18n.language}
              dateParser={parseTypedDate}
              w={{ base: "100%", xs: 180 }}
            />
            <Button onClick={() => void repeat()} loading={pending}>
              {t("training.attestations.repeat")}
            </Button>
          </>
        )}
        <Button variant="subtle" color="red" onClick={() => setCancelling(true)}>
          {t("training.attestations.cancel")}
        </Button>
      </Group>
      <ConfirmModal
        opened={cancelling}
        title={t("training.attestations.cancel")}
        message={t("training.attestations.cancelConfirm", { title: attestation.title })}
        confirmLabel={t("training.attestations.cancel")}
        onConfirm={async () => {
          await cancelAttestation(attestation.id);
          await refreshTraining(queryClient);
        }}
        onClose={() => setCancelling(false)}
      />
    </Paper>
  );
}

function Results({ attestation }: { attestation: AttestationDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Stack gap="xs">
      <Title order={4}>{t("training.attestations.results")}</Title>
      <Paper withBorder radius="md">
        <ScrollArea>
          <Table striped miw={640} data-testid="attestation-results">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("training.progress.person")}</Table.Th>
                <Table.Th />
                <Table.Th>{t("training.attestations.percent")}</Table.Th>
                <Table.Th>{t("training.attestations.time")}</Table.Th>
                <Table.Th>{t("training.attestations.finishedAt")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {attestation.results.map((result) => (
                <Table.Tr key={result.user.id}>
                  <Table.Td>
                    <Text size="sm">{result.user.name}</Text>
                    <Text size="xs" c="dimmed">
                      {result.unitName}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <LearnerStatusBadge status={result.status} />
                  </Table.Td>
                  <Table.Td>{result.percent === null ? "—" : `${result.percent}%`}</Table.Td>
                  <Table.Td>
                    {result.minutesSpent === null
                      ? "—"
                      : t("training.progress.minutes", { count: result.minutesSpent })}
                  </Table.Td>
                  <Table.Td>{formatDateTime(result.finishedAt, me.timeZone) || "—"}</Table.Td>
                  <Table.Td>
                    {result.attemptId && (
                      <AnchorLink to="/training/attempts/$attemptId" params={{ attemptId: result.attemptId }} size="sm">
                        {t("training.attestations.openAttempt")}
                      </AnchorLink>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      </Paper>
    </Stack>
  );
}
