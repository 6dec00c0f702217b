import { Badge, Button, Checkbox, Group, NumberInput, Paper, Radio, Stack, Text, Textarea } from "@mantine/core";
import { type Attempt, courseLimits } from "@planerka/common";
import { IconCheck, IconClockHour4, IconX } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

type Question = Attempt["questions"][number];

export interface AnswerDraft {
  optionIds: string[];
  text: string;
}

/** One question of an open attempt; each change is handed to `onSave` (text after a pause or on leaving the field). */
export function AttemptQuestionInput({
  question,
  number,
  onSave,
}: {
  question: Question;
  number: number;
  onSave: (draft: AnswerDraft) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<AnswerDraft>({
    optionIds: question.answer?.optionIds ?? [],
    text: question.answer?.text ?? "",
  });
  const pendingText = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(pendingText.current), []);
  const change = (next: AnswerDraft, { delay = 0 } = {}) => {
    setDraft(next);
    window.clearTimeout(pendingText.current);
    if (delay === 0) onSave(next);
    else pendingText.current = window.setTimeout(() => onSave(next), delay);
  };
  const label = (
    <Text fw={600} style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
      {number}. {question.text}
    </Text>
  );
  return (
    <Paper withBorder radius="md" p="md" data-testid="attempt-question">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          {label}
          <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
            {t("courses.attempt.points", { count: question.points })}
          </Text>
        </Group>
        {question.kind === "single" && (
          <Radio.Group
            value={draft.optionIds[0] ?? null}
            onChange={(value) => change({ ...draft, optionIds: [value] })}
            aria-label={question.text}
          >
            <Stack gap={6}>
              {question.options.map((option) => (
                <Radio key={option.id} value={option.id} label={option.text} />
              ))}
            </Stack>
          </Radio.Group>
        )}
        {question.kind === "multiple" && (
          <Checkbox.Group
            value={draft.optionIds}
            onChange={(optionIds) => change({ ...draft, optionIds })}
            aria-label={question.text}
            description={t("courses.attempt.several")}
          >
            <Stack gap={6} mt={4}>
              {question.options.map((option) => (
                <Checkbox key={option.id} value={option.id} label={option.text} />
              ))}
            </Stack>
          </Checkbox.Group>
        )}
        {question.kind === "text" && (
          <Textarea
            aria-label={question.text}
            autosize
            minRows={3}
            maxLength={courseLimits.textAnswerChars}
            value={draft.text}
            onChange={(event) => change({ ...draft, text: event.currentTarget.value }, { delay: 800 })}
            onBlur={() => change(draft)}
            description={t("courses.attempt.textHint", { max: courseLimits.textAnswerChars })}
          />
        )}
      </Stack>
    </Paper>
  );
}

/** One question of a submitted attempt: the answer given and the points it earned (or a grade to give). */
export function AttemptQuestionResult({
  question,
  number,
  canGrade,
  onGrade,
}: {
  question: Question;
  number: number;
  canGrade: boolean;
  onGrade: (points: number) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [points, setPoints] = useState<number | string>(question.earned ?? "");
  const [pending, setPending] = useState(false);
  const chosen = question.options.filter((option) => question.answer?.optionIds.includes(option.id));
  const mark =
    question.earned === null
      ? { color: "yellow", icon: <IconClockHour4 size={12} />, text: t("courses.attempt.waiting") }
      : question.earned === question.points
        ? { color: "green", icon: <IconCheck size={12} />, text: t("courses.attempt.right") }
        : question.earned === 0
          ? { color: "red", icon: <IconX size={12} />, text: t("courses.attempt.wrong") }
          : { color: "orange", icon: <IconCheck size={12} />, text: t("courses.attempt.partly") };
  const grade = async () => {
    if (typeof points !== "number") return;
    setPending(true);
    try {
      await onGrade(points);
    } finally {
      setPending(false);
    }
  };
  return (
    <Paper withBorder radius="md" p="md" data-testid="attempt-result-question">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Text fw={600} style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>
            {number}. {question.text}
          </Text>
          <Badge color={mark.color} variant="light" leftSection={mark.icon} style={{ flexShrink: 0 }}>
            {question.earned === null
              ? mark.text
              : `${mark.text} · ${t("courses.attempt.earned", { earned: question.earned, points: question.points })}`}
          </Badge>
        </Group>
        {question.kind === "text" ? (
          <Text
            size="sm"
            style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
            c={question.answer ? undefined : "dimmed"}
          >
            {question.answer?.text?.trim() ? question.answer.text : t("courses.attempt.noAnswer")}
          </Text>
        ) : (
          <Text size="sm" c={chosen.length ? undefined : "dimmed"}>
            {chosen.length ? chosen.map((option) => option.text).join("; ") : t("courses.attempt.noAnswer")}
          </Text>
        )}
        {question.answer?.late && (
          <Text size="xs" c="red">
            {t("courses.attempt.late")}
          </Text>
        )}
        {question.gradedBy && (
          <Text size="xs" c="dimmed">
            {t("courses.attempt.gradedBy", { name: question.gradedBy.name })}
          </Text>
        )}
        {canGrade && question.kind === "text" && question.answer?.text?.trim() && !question.answer.late && (
          <Group gap="xs" align="flex-end" wrap="wrap">
            <NumberInput
              label={t("courses.grading.points", { max: question.points })}
              min={0}
              max={question.points}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="strict"
              value={points}
              onChange={setPoints}
              w={160}
            />
            <Button onClick={() => void grade()} loading={pending} disabled={typeof points !== "number"}>
              {t("courses.grading.grade")}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
