import { Button, Group, SegmentedControl, Select, Stack } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { roles } from "@planerka/common";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { FormModal } from "../../lib/form-modal";
import { handleFormError, notifySuccess } from "../../lib/notify";
import { isCompanyWide, reportUnits } from "../../lib/report-units";
import { parseTypedDate } from "../crm/activity-time";
import { UnitSelect } from "../org/unit-select";
import { unitsQuery } from "../org/units-api";
import { UserPicker } from "../org/user-picker";
import { courseChoicesQuery, createAssignment, refreshTraining } from "./training-api";

type SubjectType = "user" | "unit" | "role";

/** «Назначить курс»: a published course to a person, a unit (with all below) or a role, with a deadline. */
export function AssignCourseDialog({
  opened,
  onClose,
  courseId,
}: {
  opened: boolean;
  onClose: () => void;
  courseId?: string;
}) {
  const { t } = useTranslation();
  return (
    <FormModal opened={opened} onClose={onClose} title={t("training.assignments.assign")}>
      {opened && <AssignForm onDone={onClose} initialCourseId={courseId} />}
    </FormModal>
  );
}

function AssignForm({ onDone, initialCourseId }: { onDone: () => void; initialCourseId?: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const courses = useQuery(courseChoicesQuery);
  const units = useQuery(unitsQuery);
  const allowedUnits = useMemo(() => reportUnits(me), [me]);
  const [courseId, setCourseId] = useState<string | null>(initialCourseId ?? null);
  const [type, setType] = useState<SubjectType>("user");
  const [subjectId, setSubjectId] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>("manager");
  const [dueOn, setDueOn] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  const types: SubjectType[] = isCompanyWide(me) ? ["user", "unit", "role"] : ["user", "unit"];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!courseId) return setErrors({ courseId: t("errors.required") });
    setPending(true);
    setErrors({});
    try {
      const subject =
        type === "role" ? { type, role: (role ?? "manager") as (typeof roles)[number] } : { type, id: subjectId ?? "" };
      await createAssignment({ courseId, subject, dueOn });
      void refreshTraining(queryClient);
      notifySuccess(t("training.assignments.created"));
      onDone();
    } catch (error) {
      handleFormError(error, { setErrors });
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <Stack gap="sm">
        <Select
          label={t("training.assignments.course")}
          data={(courses.data ?? []).map((course) => ({ value: course.id, label: course.title }))}
          value={courseId}
          onChange={setCourseId}
          searchable
          required
          error={errors.courseId}
          comboboxProps={{ withinPortal: true }}
        />
        <SegmentedControl
          value={type}
          onChange={(value) => {
            setType(value as SubjectType);
            setSubjectId(null);
          }}
          data={types.map((value) => ({ value, label: t(`training.assignments.subjectType.${value}`) }))}
          fullWidth
        />
        {type === "user" && (
          <UserPicker
            label={t("training.assignments.person")}
            value={subjectId}
            onChange={setSubjectId}
            required
            error={errors["subject.id"]}
          />
        )}
        {type === "unit" && (
          <UnitSelect
            label={t("training.assignments.unit")}
            units={units.data ?? []}
            allowed={allowedUnits}
            value={subjectId}
            onChange={setSubjectId}
            required
            error={errors["subject.id"]}
          />
        )}
        {type === "role" && (
          <Select
            label={t("training.assignments.role")}
            data={roles.map((value) => ({ value, label: t(`roles.${value}`) }))}
            value={role}
            onChange={setRole}
            error={errors["subject.role"]}
          />
        )}
        <DateInput
          label={t("training.assignments.dueOn")}
          placeholder={t("training.assignments.noDue")}
          value={dueOn}
          onChange={setDueOn}
          minDate={companyToday(me.timeZone)}
          valueFormat="DD.MM.YYYY"
          locale={i18n.language}
          dateParser={parseTypedDate}
          clearable
          error={errors.dueOn}
          popoverProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {t("training.assignments.assign")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
