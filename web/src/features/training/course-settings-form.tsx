import { Button, Checkbox, Group, NumberInput, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { type CourseAuthoring, courseLimits } from "@planerka/common";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { handleFormError, notifySuccess } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { updateCourse } from "./course-api";

/** A number field's value as the API takes it: empty is null («без ограничения»). */
const orNull = (value: number | string) => (typeof value === "number" ? value : null);

/** The course's settings: title, description, the test's rules, onboarding. */
export function CourseSettingsForm({
  course,
  onSaved,
}: {
  course: CourseAuthoring;
  onSaved: (course: CourseAuthoring) => void;
}) {
  const { t } = useTranslation();
  const form = useFormState<{
    title: string;
    description: string;
    passPercent: number | string;
    attemptsAllowed: number | string;
    timeLimitMinutes: number | string;
    questionsPerAttempt: number | string;
    onboarding: boolean;
    onboardingDueDays: number | string;
  }>({
    title: course.title,
    description: course.description,
    passPercent: course.passPercent,
    attemptsAllowed: course.attemptsAllowed ?? "",
    timeLimitMinutes: course.timeLimitMinutes ?? "",
    questionsPerAttempt: course.questionsPerAttempt ?? "",
    onboarding: course.onboarding,
    onboardingDueDays: course.onboardingDueDays,
  });
  const [pending, setPending] = useState(false);
  const { values, errors, setField } = form;
  const number = (
    key: "passPercent" | "attemptsAllowed" | "timeLimitMinutes" | "questionsPerAttempt" | "onboardingDueDays",
  ) => ({
    value: values[key],
    onChange: (value: number | string) => setField(key, value),
    error: errors[key],
    allowDecimal: false,
    allowNegative: false,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!values.title.trim()) return form.setErrors({ title: t("errors.required") });
    setPending(true);
    try {
      const saved = await updateCourse(course.id, {
        title: values.title,
        description: values.description,
        passPercent: orNull(values.passPercent) ?? 0,
        attemptsAllowed: orNull(values.attemptsAllowed),
        timeLimitMinutes: orNull(values.timeLimitMinutes),
        questionsPerAttempt: orNull(values.questionsPerAttempt),
        onboarding: values.onboarding,
        onboardingDueDays: orNull(values.onboardingDueDays) ?? courseLimits.onboardingDueDays.min,
        version: course.version,
      });
      onSaved(saved);
      notifySuccess(t("courses.settings.saved"));
    } catch (error) {
      handleFormError(error, form);
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput label={t("courses.settings.title")} required maxLength={200} {...form.text("title")} />
        <Textarea
          label={t("courses.settings.description")}
          autosize
          minRows={3}
          maxLength={5000}
          value={values.description}
          onChange={(event) => setField("description", event.currentTarget.value)}
          error={errors.description}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t("courses.settings.passPercent")}
            min={courseLimits.passPercent.min}
            max={courseLimits.passPercent.max}
            suffix=" %"
            {...number("passPercent")}
          />
          <NumberInput
            label={t("courses.settings.attempts")}
            description={t("courses.settings.emptyUnlimited")}
            min={courseLimits.attempts.min}
            max={courseLimits.attempts.max}
            {...number("attemptsAllowed")}
          />
          <NumberInput
            label={t("courses.settings.timeLimit")}
            description={t("courses.settings.emptyNoLimit")}
            min={courseLimits.timeLimitMinutes.min}
            max={courseLimits.timeLimitMinutes.max}
            {...number("timeLimitMinutes")}
          />
          <NumberInput
            label={t("courses.settings.questionsPerAttempt")}
            description={t("courses.settings.emptyAll", { count: course.poolSize })}
            min={1}
            max={Math.max(1, course.poolSize)}
            {...number("questionsPerAttempt")}
          />
        </SimpleGrid>
        <Checkbox
          label={t("courses.settings.onboarding")}
          description={t("courses.settings.onboardingHint")}
          checked={values.onboarding}
          onChange={(event) => setField("onboarding", event.currentTarget.checked)}
        />
        {values.onboarding && (
          <NumberInput
            label={t("courses.settings.onboardingDueDays")}
            min={courseLimits.onboardingDueDays.min}
            max={courseLimits.onboardingDueDays.max}
            w={240}
            {...number("onboardingDueDays")}
          />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
