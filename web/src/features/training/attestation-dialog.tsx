import { Button, Group, Select, Stack, TextInput } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { type FormEvent, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { companyToday } from "../../lib/dates";
import { FormModal } from "../../lib/form-modal";
import { handleFormError, notifySuccess } from "../../lib/notify";
import { reportUnits } from "../../lib/report-units";
import { parseTypedDate } from "../crm/activity-time";
import { UnitSelect } from "../org/unit-select";
import { unitsQuery } from "../org/units-api";
import { courseChoicesQuery, createAttestation, refreshTraining } from "./training-api";

/** «Новая аттестация»: a course's test for a unit's people (with all below) on a date. */
export function AttestationDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <FormModal opened={opened} onClose={onClose} title={t("training.attestations.create")}>
      {opened && <AttestationForm onDone={onClose} />}
    </FormModal>
  );
}

function AttestationForm({ onDone }: { onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const today = companyToday(me.timeZone);
  const courses = useQuery(courseChoicesQuery);
  const units = useQuery(unitsQuery);
  const allowedUnits = useMemo(() => reportUnits(me), [me]);
  const [title, setTitle] = useState("");
  const [courseId, setCourseId] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [heldOn, setHeldOn] = useState<string | null>(today);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);
  // Only courses with a test can attest anyone.
  const testedCourses = (courses.data ?? []).filter((course) => course.questionCount > 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = Object.fromEntries(
      (
        [
          ["courseId", courseId],
          ["unitId", unitId],
          ["heldOn", heldOn],
        ] as const
      )
        .filter(([, value]) => !value)
        .map(([field]) => [field, t("errors.required")]),
    );
    if (Object.keys(missing).length > 0) return setErrors(missing);
    setPending(true);
    setErrors({});
    try {
      const created = await createAttestation({
        title: title.trim(),
        courseId: courseId ?? "",
        unitId: unitId ?? "",
        heldOn: heldOn ?? today,
      });
      void refreshTraining(queryClient);
      notifySuccess(t("training.attestations.created"));
      onDone();
      void navigate({ to: "/training/attestations/$attestationId", params: { attestationId: created.id } });
    } catch (error) {
      handleFormError(error, { setErrors });
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <Stack gap="sm">
        <TextInput
          label={t("training.attestations.name")}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          required
          maxLength={200}
          error={errors.title}
        />
        <Select
          label={t("training.attestations.course")}
          data={testedCourses.map((course) => ({ value: course.id, label: course.title }))}
          value={courseId}
          onChange={setCourseId}
          searchable
          required
          error={errors.courseId}
          comboboxProps={{ withinPortal: true }}
        />
        <UnitSelect
          label={t("training.attestations.unit")}
          units={units.data ?? []}
          allowed={allowedUnits}
          value={unitId}
          onChange={setUnitId}
          required
          error={errors.unitId}
        />
        <DateInput
          label={t("training.attestations.heldOn")}
          value={heldOn}
          onChange={setHeldOn}
          minDate={today}
          valueFormat="DD.MM.YYYY"
          locale={i18n.language}
          dateParser={parseTypedDate}
          required
          error={errors.heldOn}
          popoverProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={pending}>
            {t("training.attestations.create")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
