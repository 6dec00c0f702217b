import { ActionIcon, Button, Checkbox, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { DatesProvider, DateTimePicker } from "@mantine/dates";
import { type FeedPollInput, feedPollMaxOptions } from "@planerka/common";
import { IconPlus, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { fromPicker } from "../tasks/task-form-values";

/** The poll being written: options keep a key that survives removing the ones above them. */
export interface PollDraft {
  question: string;
  options: { key: number; text: string }[];
  multiple: boolean;
  /** `YYYY-MM-DD HH:mm:ss` on the caller's wall clock, as the picker gives it. */
  closesAt: string | null;
}

let nextKey = 0;
const option = (text = "") => ({ key: nextKey++, text });
export const emptyPoll = (): PollDraft => ({
  question: "",
  options: [option(), option()],
  multiple: false,
  closesAt: null,
});

/** The draft as the API takes it, or the problem to show (the server checks the same). */
export function pollInputOf(
  draft: PollDraft,
  timeZone: string,
): { input: FeedPollInput } | { error: "question" | "options" } {
  const question = draft.question.trim();
  if (!question) return { error: "question" };
  const options = draft.options.map((item) => item.text.trim());
  const distinct = new Set(options.map((text) => text.toLowerCase()));
  if (options.some((text) => !text) || distinct.size !== options.length || options.length < 2)
    return { error: "options" };
  return {
    input: { question, options, multiple: draft.multiple, closesAt: fromPicker(draft.closesAt, timeZone) },
  };
}

/** «Добавить опрос» in the composer: a question, 2–10 answers, one or several to choose, an end. */
export function PollEditor({
  value,
  onChange,
  errors,
}: {
  value: PollDraft;
  onChange: (draft: PollDraft) => void;
  errors: { question?: string; options?: string };
}) {
  const { t, i18n } = useTranslation();
  const change = (patch: Partial<PollDraft>) => onChange({ ...value, ...patch });
  return (
    <Paper withBorder radius="sm" p="sm">
      <Stack gap="xs">
        <TextInput
          label={t("feed.poll.question")}
          value={value.question}
          maxLength={300}
          onChange={(event) => change({ question: event.currentTarget.value })}
          error={errors.question}
        />
        {value.options.map((item, index) => (
          <Group key={item.key} gap={6} wrap="nowrap" align="flex-end">
            <TextInput
              style={{ flex: 1 }}
              label={t("feed.poll.option", { number: index + 1 })}
              value={item.text}
              maxLength={200}
              onChange={(event) => {
                const text = event.currentTarget.value;
                change({
                  options: value.options.map((other) => (other.key === item.key ? { ...other, text } : other)),
                });
              }}
            />
            {value.options.length > 2 && (
              <ActionIcon
                variant="subtle"
                color="gray"
                mb={4}
                aria-label={t("feed.poll.removeOption", { number: index + 1 })}
                onClick={() => change({ options: value.options.filter((other) => other.key !== item.key) })}
              >
                <IconX size={16} />
              </ActionIcon>
            )}
          </Group>
        ))}
        {errors.options && (
          <Text size="xs" c="red">
            {errors.options}
          </Text>
        )}
        {value.options.length < feedPollMaxOptions && (
          <Group>
            <Button
              size="xs"
              variant="subtle"
              leftSection={<IconPlus size={14} />}
              onClick={() => change({ options: [...value.options, option()] })}
            >
              {t("feed.poll.addOption")}
            </Button>
          </Group>
        )}
        <Checkbox
          label={t("feed.poll.multiple")}
          checked={value.multiple}
          onChange={(event) => change({ multiple: event.currentTarget.checked })}
        />
        <DatesProvider settings={{ locale: i18n.language, firstDayOfWeek: 1 }}>
          <DateTimePicker
            label={t("feed.poll.closesAt")}
            placeholder={t("feed.poll.closesAtPlaceholder")}
            value={value.closesAt}
            onChange={(closesAt) => change({ closesAt })}
            valueFormat="D MMMM YYYY, HH:mm"
            defaultTimeValue="18:00"
            minDate={new Date()}
            clearable
          />
        </DatesProvider>
      </Stack>
    </Paper>
  );
}
