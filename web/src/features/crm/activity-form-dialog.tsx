import { Badge, Button, Group, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { DateInput, TimeInput } from "@mantine/dates";
import { type Activity, type ActivityCategory, activityCategories, activitySchema } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type KeyboardEvent, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, ProblemError } from "../../lib/api";
import { useMe } from "../../lib/auth-context";
import { FormModal } from "../../lib/form-modal";
import { handleFormError, notifyError, notifySuccess } from "../../lib/notify";
import { useFormState } from "../../lib/use-form-state";
import { UserPicker } from "../org/user-picker";
import { userQuery } from "../org/users-api";
import {
  type ActivityInput,
  activityTypesQuery,
  createActivity,
  refreshActivityViews,
  updateActivity,
} from "./activities-api";
import { isTime, joinInstant, nextHalfHour, parseTypedDate, splitInstant } from "./activity-time";
import { LinkSelect } from "./link-select";

export interface ActivityFormInitial {
  dealId?: string;
  companyId?: string;
  contactId?: string;
  leadId?: string;
  ownerId?: string;
  typeId?: string;
  dueAt?: string;
  /** Offer only the types of this category (a deal card's Звонок or Встреча). */
  category?: ActivityCategory;
  /** …and of this direction (an outgoing or an incoming call). */
  direction?: "in" | "out";
  /** The type chosen first when it exists, by code (e.g. `call_out_deal`). */
  typeCode?: string;
  /** Logged as already done at its time (an incoming call), rather than planned. */
  completed?: boolean;
}

export interface ActivityFormDialogProps {
  opened: boolean;
  onClose: () => void;
  /** Prefilled links and values of a new activity (e.g. from a deal card). */
  initial?: ActivityFormInitial;
  /** Edit mode: the activity to change. */
  activity?: Activity;
  onSaved?: (activity: Activity) => void;
  /** The dialog's title instead of "new activity" (e.g. "Встреча"). */
  title?: string;
}

/** Creates or edits an activity («дело»): type, subject, due time, owner, links and a description. */
export function ActivityFormDialog({ opened, onClose, initial, activity, onSaved, title }: ActivityFormDialogProps) {
  const { t } = useTranslation();
  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={title ?? (activity ? t("activities.form.editTitle") : t("activities.form.createTitle"))}
    >
      <ActivityForm initial={initial} activity={activity} onClose={onClose} onSaved={onSaved} />
    </FormModal>
  );
}

interface FormValues {
  [key: string]: unknown;
  typeId: string | null;
  subject: string;
  dueDate: string | null;
  dueTime: string;
  durationMinutes: number | string;
  ownerId: string | null;
  dealId: string | null;
  companyId: string | null;
  contactId: string | null;
  description: string;
}

function valuesOf(
  activity: Activity | undefined,
  initial: ActivityFormInitial | undefined,
  timeZone: string,
  meId: string,
) {
  if (activity) {
    const due = splitInstant(activity.dueAt, timeZone);
    return {
      typeId: activity.typeId,
      subject: activity.subject,
      dueDate: due.date,
      dueTime: due.time,
      durationMinutes: activity.durationMinutes,
      ownerId: activity.ownerId,
      dealId: activity.dealId,
      companyId: activity.companyId,
      contactId: activity.contactId,
      description: activity.description ?? "",
    } satisfies FormValues;
  }
  const due = initial?.dueAt ? splitInstant(initial.dueAt, timeZone) : nextHalfHour(timeZone);
  return {
    typeId: initial?.typeId ?? null,
    subject: "",
    dueDate: due.date,
    dueTime: due.time,
    durationMinutes: 30,
    ownerId: initial?.ownerId ?? meId,
    dealId: initial?.dealId ?? null,
    companyId: initial?.companyId ?? null,
    contactId: initial?.contactId ?? null,
    description: "",
  } satisfies FormValues;
}

/** Server paths that are not form fields of the same name. */
const fieldAliases: Record<string, string> = { dueAt: "dueDate" };

type LinkName = { id: string; name: string } | null;

interface ActivityFormProps {
  initial?: ActivityFormInitial;
  activity?: Activity;
  onClose: () => void;
  onSaved?: (activity: Activity) => void;
}

function ActivityForm({ initial, activity, onClose, onSaved }: ActivityFormProps) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [base, setBase] = useState<Activity | undefined>(activity);
  const form = useFormState<FormValues>(() => valuesOf(activity, initial, me.timeZone, me.id));
  const [submitting, setSubmitting] = useState(false);
  const [linkNames, setLinkNames] = useState<{ company: LinkName; contact: LinkName }>({
    company: activity?.company ?? null,
    contact: activity?.contact ?? null,
  });
  const { values } = form;
  const types = useQuery(activityTypesQuery);
  // Someone else's name is needed before the picker's first search answers (e.g. a deal card's owner).
  const initialOwnerId = activity?.ownerId ?? initial?.ownerId;
  const otherOwner = useQuery({
    ...userQuery(initialOwnerId ?? ""),
    enabled: !activity && initialOwnerId !== undefined && initialOwnerId !== me.id,
  });
  const ownerOption = base
    ? { id: base.ownerId, name: base.ownerName }
    : otherOwner.data
      ? { id: otherOwner.data.id, name: otherOwner.data.name }
      : { id: me.id, name: me.name };

  // A manager's activities are their own; heads and tops may give them to their people.
  const writeLevel = me.abilities.access.activities?.write ?? "own";
  const ownerLocked = writeLevel === "own" || writeLevel === "none";

  // A deal card's Звонок or Встреча offers the types of that kind only.
  const category = activity ? undefined : initial?.category;
  const direction = activity ? undefined : initial?.direction;
  const offered = useMemo(
    () =>
      (types.data ?? []).filter(
        (type) =>
          (!category || type.category === category) &&
          (!direction || type.direction === null || type.direction === direction),
      ),
    [types.data, category, direction],
  );
  const preferred = initial?.typeCode ? offered.find((type) => type.code === initial.typeCode) : undefined;
  const typeId = values.typeId ?? preferred?.id ?? offered[0]?.id ?? null;
  const baseType = base?.type;
  const typeData = useMemo(() => {
    const list = [...offered];
    // A type removed or renamed since still shows on the activity that uses it.
    if (baseType && types.data && !types.data.some((type) => type.id === baseType.id)) {
      list.push({
        ...baseType,
        direction: null,
        inWeeklyTable: false,
        sort: 0,
        dailyNorm: null,
        weight: 0,
        version: 0,
      });
    }
    return activityCategories
      .map((category: ActivityCategory) => ({
        group: t(`activities.categories.${category}`),
        items: list.filter((type) => type.category === category).map((type) => ({ value: type.id, label: type.name })),
      }))
      .filter((group) => group.items.length > 0);
  }, [types.data, offered, baseType, t]);

  const validate = (): Record<string, string> => {
    const errors: Record<string, string> = {};
    if (!typeId) errors.typeId = t("errors.required");
    if (!values.subject.trim()) errors.subject = t("errors.required");
    if (!values.dueDate) errors.dueDate = t("errors.required");
    if (!isTime(values.dueTime)) errors.dueTime = t("activities.form.invalidTime");
    const duration = Number(values.durationMinutes);
    if (values.durationMinutes === "" || !Number.isInteger(duration) || duration < 0 || duration > 1440) {
      errors.durationMinutes = t("activities.form.invalidDuration");
    }
    return errors;
  };

  const toInput = (): ActivityInput => {
    const dueAt = joinInstant(values.dueDate ?? "", values.dueTime, me.timeZone);
    return {
      typeId: typeId ?? "",
      subject: values.subject.trim(),
      description: values.description.trim() === "" ? null : values.description.trim(),
      dueAt,
      ...(!base && initial?.completed ? { completedAt: dueAt } : {}),
      durationMinutes: Number(values.durationMinutes),
      ownerId: values.ownerId ?? me.id,
      dealId: values.dealId,
      companyId: values.companyId,
      contactId: values.contactId,
    };
  };

  const reloadAfterStale = async () => {
    if (!base) return;
    try {
      const fresh = await api(`/activities/${base.id}`, activitySchema);
      setBase(fresh);
      setLinkNames({ company: fresh.company, contact: fresh.contact });
      form.reset(valuesOf(fresh, undefined, me.timeZone, me.id));
    } catch {
      // The toast already told what happened; the form keeps what was typed.
    }
  };

  const setServerErrors = (errors: Record<string, string>) => {
    const mapped: Record<string, string> = {};
    for (const [field, message] of Object.entries(errors)) mapped[fieldAliases[field] ?? field] = message;
    form.setErrors(mapped);
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (submitting) return;
    const errors = validate();
    if (Object.keys(errors).length > 0) return form.setErrors(errors);
    setSubmitting(true);
    try {
      const input = toInput();
      let saved: Activity;
      if (base) {
        const before = { ...toComparable(base) };
        const patch: Partial<ActivityInput> = {};
        for (const key of Object.keys(input) as (keyof ActivityInput)[]) {
          if (input[key] !== before[key]) (patch as Record<string, unknown>)[key] = input[key];
        }
        // The same instant written differently (Z vs. offset) is not a change.
        if (patch.dueAt && new Date(patch.dueAt).getTime() === new Date(base.dueAt).getTime()) delete patch.dueAt;
        saved =
          Object.keys(patch).length > 0 ? await updateActivity(base.id, { ...patch, version: base.version }) : base;
        notifySuccess(t("activities.form.saved"));
      } else {
        saved = await createActivity(initial?.leadId ? { ...input, leadId: initial.leadId } : input);
        notifySuccess(t("activities.form.created"));
      }
      refreshActivityViews(queryClient);
      onSaved?.(saved);
      onClose();
    } catch (error) {
      // Field problems are told at the fields; anything else (stale, network, 403) as a toast.
      const fieldErrors = error instanceof ProblemError && error.status !== 409 ? error.fieldErrors() : {};
      if (Object.keys(fieldErrors).length > 0) {
        if (fieldErrors.ownerId) fieldErrors.ownerId = t("activities.form.ownerNotAllowed");
        setServerErrors(fieldErrors);
        const shown = new Set([...Object.keys(form.values), ...Object.keys(fieldAliases)]);
        if (Object.keys(fieldErrors).some((field) => !shown.has(field))) notifyError(error);
      } else {
        handleFormError(error, undefined, () => void reloadAfterStale());
      }
    } finally {
      setSubmitting(false);
    }
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
            error={form.errors.typeId}
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
            error={form.errors.ownerId}
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
            error={form.errors.dueDate}
            popoverProps={{ withinPortal: true }}
          />
          <TimeInput
            label={t("activities.form.dueTime")}
            required
            value={values.dueTime}
            onChange={(event) => form.setField("dueTime", event.currentTarget.value)}
            error={form.errors.dueTime}
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
            error={form.errors.durationMinutes}
          />
        </SimpleGrid>
        {!base && initial?.completed && (
          <Text size="sm" c="dimmed">
            {t("mail.actions.loggedNow")}
          </Text>
        )}
        <LinkSelect
          entity="deals"
          label={t("activities.form.deal")}
          value={values.dealId}
          initialOption={base?.deal ?? null}
          onChange={(value, option) => {
            form.setField("dealId", value);
            // A deal knows its company and contact: fill the empty links in.
            if (option?.company && !values.companyId) {
              setLinkNames((names) => ({ ...names, company: option.company ?? null }));
              form.setField("companyId", option.company.id);
            }
            if (option?.contact && !values.contactId) {
              setLinkNames((names) => ({ ...names, contact: option.contact ?? null }));
              form.setField("contactId", option.contact.id);
            }
          }}
          error={form.errors.dealId}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="sm">
          <LinkSelect
            entity="companies"
            label={t("activities.form.company")}
            value={values.companyId}
            initialOption={linkNames.company}
            onChange={(value) => form.setField("companyId", value)}
            error={form.errors.companyId}
          />
          <LinkSelect
            entity="contacts"
            label={t("activities.form.contact")}
            value={values.contactId}
            initialOption={linkNames.contact}
            onChange={(value, option) => {
              form.setField("contactId", value);
              if (option?.company && !values.companyId) {
                setLinkNames((names) => ({ ...names, company: option.company ?? null }));
                form.setField("companyId", option.company.id);
              }
            }}
            error={form.errors.contactId}
          />
        </SimpleGrid>
        {base?.lead && (
          <Group gap="xs">
            <Badge variant="light" color="gray">
              {t("activities.form.lead")}: {base.lead.name}
            </Badge>
          </Group>
        )}
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

function toComparable(activity: Activity): ActivityInput {
  return {
    typeId: activity.typeId,
    subject: activity.subject,
    description: activity.description,
    dueAt: activity.dueAt,
    durationMinutes: activity.durationMinutes,
    ownerId: activity.ownerId,
    dealId: activity.dealId,
    companyId: activity.companyId,
    contactId: activity.contactId,
  };
}
