import { Button, Group, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { DateInput, TimeInput } from "@mantine/dates";
import { type Activity, activitySchema } from "@planerka/common";
import { type FormEvent, type KeyboardEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { useFormState } from "../../lib/use-form-state";
import { UserMultiPicker } from "../org/user-multi-picker";
import { UserPicker } from "../org/user-picker";
import {
  type ActivityFormInitial,
  type ActivityFormValues,
  activityErrors,
  activityFormValues,
  activityInput,
} from "./activity-form-values";
import { ActivityLinkFields, type LinkNames } from "./activity-link-fields";
import { parseTypedDate } from "./activity-time";
import { useActivityChoices } from "./use-activity-choices";
import { useActivitySave } from "./use-activity-save";

interface ActivityFormProps {
  initial?: ActivityFormInitial;
  activity?: Activity;
  onClose: () => void;
  onSaved?: (activity: Activity) => void;
}

/** An activity's fields: type, owner, subject, due date and time, duration, links and a description. */
export function ActivityForm({ initial, activity, onClose, onSaved }: ActivityFormProps) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const formRef = useRef<HTMLFormElement>(null);
  const [base, setBase] = useState<Activity | undefined>(activity);
  const form = useFormState<ActivityFormValues>(() => activityFormValues(activity, initial, me.timeZone, me.id));
  const [linkNames, setLinkNames] = useState<LinkNames>({
    company: activity?.company ?? null,
    contact: activity?.contact ?? null,
  });
  const { values, errors } = form;
  const { typeId, typeData, ownerOption, ownerLocked, typeCategory } = useActivityChoices({
    initial,
    activity,
    base,
    typeId: values.typeId,
  });

  // A new meeting (not one logged as done) may invite people; later its calendar event invites.
  const invites = !base && !initial?.completed && typeCategory === "meeting";

  const reloadAfterStale = async () => {
    if (!base) return;
    try {
      const fresh = await api(`/activities/${base.id}`, activitySchema);
      setBase(fresh);
      setLinkNames({ company: fresh.company, contact: fresh.contact });
      form.reset(activityFormValues(fresh, undefined, me.timeZone, me.id));
    } catch {
      // The toast already told what happened; the form keeps what was typed.
    }
  };

  const { submitting, save } = useActivitySave({
    base,
    leadId: initial?.leadId,
    fields: Object.keys(values),
    setErrors: form.setErrors,
    onStale: () => void reloadAfterStale(),
    onSaved,
    onClose,
  });

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (submitting) return;
    const completed = !base && initial?.completed;
    const input = activityInput(values, { typeId, timeZone: me.timeZone, meId: me.id, completed, meeting: invites });
    const found = activityErrors(values, input, t);
    if (Object.keys(found).length > 0) return form.setErrors(found);
    void save(input);
  };

  const submitOnCtrlEnter = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
          <Select
            label={t("activities.form.type")}
            placeholder={t("activities.form.typePlaceholder")}
            required
            data={typeData}
            value={typeId}
            onChange={(value) => value && form.setField("typeId", value)}
            allowDeselect={false}
            searchable
            error={errors.typeId}
            comboboxProps={{ withinPortal: true }}
          />
          <UserPicker
            label={t("activities.form.owner")}
            value={values.ownerId}
            onChange={(value) => value && form.setField("ownerId", value)}
            initialOption={ownerOption}
            allowDeselect={false}
            disabled={ownerLocked}
            description={ownerLocked ? t("activities.form.ownerLocked") : undefined}
            error={errors.ownerId}
          />
        </SimpleGrid>
        <TextInput
          label={t("activities.form.subject")}
          placeholder={t("activities.form.subjectPlaceholder")}
          required
          data-autofocus
          maxLength={500}
          {...form.text("subject")}
        />
        <SimpleGrid cols={{ base: 2, xs: 3 }} spacing="sm" verticalSpacing="sm">
          <DateInput
            label={t("activities.form.dueDate")}
            required
            value={values.dueDate}
            onChange={(value) => form.setField("dueDate", value)}
            valueFormat="DD.MM.YYYY"
            locale={i18n.language}
            dateParser={parseTypedDate}
            placeholder={t("activities.form.datePlaceholder")}
            error={errors.dueDate}
            popoverProps={{ withinPortal: true }}
          />
          <TimeInput
            label={t("activities.form.dueTime")}
            required
            value={values.dueTime}
            onChange={(event) => form.setField("dueTime", event.currentTarget.value)}
            error={errors.dueTime}
          />
          <NumberInput
            label={t("activities.form.duration")}
            value={values.durationMinutes}
            onChange={(value) => form.setField("durationMinutes", value)}
            min={0}
            max={1440}
            step={15}
            allowDecimal={false}
            allowNegative={false}
            error={errors.durationMinutes}
          />
        </SimpleGrid>
        {!base && initial?.completed && (
          <Text size="sm" c="dimmed">
            {t("mail.actions.loggedNow")}
          </Text>
        )}
        {invites && (
          <UserMultiPicker
            label={t("activities.form.participants")}
            description={t("activities.form.participantsHint")}
            value={values.participants}
            onChange={(people) => form.setField("participants", people)}
            error={errors.participants}
          />
        )}
        <ActivityLinkFields
          values={values}
          errors={errors}
          setLink={form.setField}
          names={linkNames}
          setNames={setLinkNames}
          deal={base?.deal ?? null}
          lead={base?.lead ?? null}
        />
        <Textarea
          label={t("activities.form.description")}
          description={t("activities.form.descriptionHint")}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={10_000}
          onKeyDown={submitOnCtrlEnter}
          {...form.text("description")}
          onChange={(event) => form.setField("description", event.currentTarget.value)}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={submitting}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={submitting}>
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
