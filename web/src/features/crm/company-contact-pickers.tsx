import { RecordPicker } from "./record-picker";

/** The company and contact a form links to, with their names for the pickers before a search answers. */
export interface CompanyContactValues {
  companyId: string | null;
  companyName: string | null;
  contactId: string | null;
  contactName: string | null;
}

interface CompanyContactPickersProps<T extends CompanyContactValues> {
  values: T;
  errors: Partial<Record<string, string>>;
  setField: <K extends keyof T>(field: K, value: T[K]) => void;
  labels: { company: string; contact: string };
}

/** A company picker and a contact picker that offers that company's people first. */
export function CompanyContactPickers<T extends CompanyContactValues>({
  values,
  errors,
  setField,
  labels,
}: CompanyContactPickersProps<T>) {
  const set = setField as (field: keyof CompanyContactValues, value: string | null) => void;
  return (
    <>
      <RecordPicker
        entity="companies"
        label={labels.company}
        value={values.companyId}
        initialOption={
          values.companyId && values.companyName ? { id: values.companyId, name: values.companyName } : null
        }
        onChange={(id, name) => {
          set("companyId", id);
          set("companyName", name);
        }}
        error={errors.companyId}
      />
      <RecordPicker
        entity="contacts"
        label={labels.contact}
        value={values.contactId}
        companyId={values.companyId}
        initialOption={
          values.contactId && values.contactName ? { id: values.contactId, name: values.contactName } : null
        }
        onChange={(id, name) => {
          set("contactId", id);
          set("contactName", name);
        }}
        error={errors.contactId}
      />
    </>
  );
}
