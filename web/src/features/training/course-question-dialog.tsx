import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Radio,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { type CourseAuthoring, type CourseQuestion, courseLimits, type QuestionKind } from "@planerka/common";
import { IconPlus, IconX } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { handleFormError } from "../../lib/notify";
import { createQuestion, updateQuestion } from "./course-api";

interface OptionDraft {
  /** The stored option's id (kept on a change), or a local key for a new one. */
  id?: string;
  key: string;
  text: string;
  correct: boolean;
}

let nextKey = 0;
const blank = (): OptionDraft => ({ key: `new-${++nextKey}`, text: "", correct: false });

/** A question of the pool: its kind, text, points and (for choices) options with the correct ones marked. */
export function CourseQuestionDialog({
  courseId,
  question,
  opened,
  onClose,
  onSaved,
}: {
  courseId: string;
  question: CourseQuestion | null;
  opened: boolean;
  onClose: () => void;
  onSaved: (course: CourseAuthoring) => void;
}) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={question ? t("courses.editor.editQuestion") : t("courses.editor.addQuestion")}
    >
      {opened && <QuestionForm courseId={courseId} question={question} onClose={onClose} onSaved={onSaved} />}
    </FormModal>
  );
}

function QuestionForm({
  courseId,
  question,
  onClose,
  onSaved,
}: {
  courseId: string;
  question: CourseQuestion | null;
  onClose: () => void;
  onSaved: (course: CourseAuthoring) => void;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<QuestionKind>(question?.kind ?? "single");
  const [text, setText] = useState(question?.text ?? "");
  const [points, setPoints] = useState<number | string>(question?.points ?? 1);
  const [options, setOptions] = useState<OptionDraft[]>(
    question?.options.length ? question.options.map((option) => ({ ...option, key: option.id })) : [blank(), blank()],
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const change = (key: string, patch: Partial<OptionDraft>) =>
    setOptions((current) =>
      current.map((option) =>
        option.key === key
          ? { ...option, ...patch }
          : // A single-choice question has one correct option: marking one unmarks the others.
            patch.correct && kind === "single"
            ? { ...option, correct: false }
            : option,
      ),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!text.trim()) found.text = t("errors.required");
    if (kind !== "text" && options.some((option) => !option.text.trim()))
      found.options = t("courses.editor.optionEmpty");
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setPending(true);
    try {
      const input = {
        kind,
        text,
        points: typeof points === "number" ? points : 0,
        options:
          kind === "text"
            ? []
            : options.map((option) => ({ id: option.id, text: option.text, correct: option.correct })),
      };
      onSaved(question ? await updateQuestion(courseId, question.id, input) : await createQuestion(courseId, input));
      onClose();
    } catch (error) {
      handleFormError(error, { setErrors: (next) => setErrors(next) });
    } finally {
      setPending(false);
    }
  };

  const correctOne = options.find((option) => option.correct)?.key ?? null;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SegmentedControl
          fullWidth
          value={kind}
          onChange={(value) => {
            const next = value as QuestionKind;
            setKind(next);
            // Switching to single choice keeps at most the first correct option.
            if (next === "single" && options.filter((option) => option.correct).length > 1) {
              const first = options.find((option) => option.correct)!.key;
              setOptions(options.map((option) => ({ ...option, correct: option.key === first })));
            }
          }}
          data={(["single", "multiple", "text"] as const).map((value) => ({
            value,
            label: t(`courses.kinds.${value}`),
          }))}
          aria-label={t("courses.editor.kind")}
        />
        <Textarea
          label={t("courses.editor.questionText")}
          required
          autosize
          minRows={2}
          maxLength={2000}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          error={errors.text}
        />
        <NumberInput
          label={t("courses.editor.points")}
          min={courseLimits.points.min}
          max={courseLimits.points.max}
          allowDecimal={false}
          allowNegative={false}
          value={points}
          onChange={setPoints}
          error={errors.points}
          w={160}
        />
        {kind === "text" ? (
          <Text size="sm" c="dimmed">
            {t("courses.editor.textHint")}
          </Text>
        ) : (
          <Stack gap={6} role="group" aria-label={t("courses.editor.options")}>
            <Text size="sm" fw={500}>
              {kind === "single" ? t("courses.editor.optionsSingle") : t("courses.editor.optionsMultiple")}
            </Text>
            {options.map((option, index) => (
              <Group key={option.key} gap="xs" wrap="nowrap">
                {kind === "single" ? (
                  <Radio
                    checked={correctOne === option.key}
                    onChange={() => change(option.key, { correct: true })}
                    aria-label={t("courses.editor.markCorrect", { number: index + 1 })}
                  />
                ) : (
                  <Checkbox
                    checked={option.correct}
                    onChange={(event) => change(option.key, { correct: event.currentTarget.checked })}
                    aria-label={t("courses.editor.markCorrect", { number: index + 1 })}
                  />
                )}
                <TextInput
                  style={{ flex: 1 }}
                  value={option.text}
                  maxLength={500}
                  onChange={(event) => change(option.key, { text: event.currentTarget.value })}
                  aria-label={t("courses.editor.optionNumber", { number: index + 1 })}
                />
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  disabled={options.length <= courseLimits.options.min}
                  onClick={() => setOptions(options.filter((other) => other.key !== option.key))}
                  aria-label={t("courses.editor.removeOption", { number: index + 1 })}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Group>
            ))}
            {errors.options && (
              <Text size="xs" c="red">
                {errors.options}
              </Text>
            )}
            <Group>
              <Button
                size="xs"
                variant="subtle"
                leftSection={<IconPlus size={14} />}
                disabled={options.length >= courseLimits.options.max}
                onClick={() => setOptions([...options, blank()])}
              >
                {t("courses.editor.addOption")}
              </Button>
            </Group>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={pending}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
