import { NumberInput, Text } from "@mantine/core";
import { useEffect, useState } from "react";

interface PlanCellProps {
  value: number | undefined;
  editable: boolean;
  label: string;
  onSave: (amount: number) => Promise<void>;
}

/** One editable amount: saved on blur or Enter, restored on Escape or when saving fails. */
export function PlanCell({ value, editable, label, onSave }: PlanCellProps) {
  const [draft, setDraft] = useState<string | number>(value ?? "");
  const [saving, setSaving] = useState(false);
  useEffect(() => setDraft(value ?? ""), [value]);

  if (!editable) {
    return (
      <Text size="sm" ta="right" c={value === undefined ? "dimmed" : undefined}>
        {value === undefined ? "—" : value.toLocaleString("ru-RU")}
      </Text>
    );
  }
  const commit = async () => {
    const amount = typeof draft === "number" ? draft : draft === "" ? undefined : Number(draft);
    if (amount === undefined || amount === value || Number.isNaN(amount)) return;
    setSaving(true);
    try {
      await onSave(amount);
    } catch {
      setDraft(value ?? "");
    } finally {
      setSaving(false);
    }
  };
  return (
    <NumberInput
      aria-label={label}
      value={draft}
      onChange={setDraft}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === "Enter") (event.target as HTMLInputElement).blur();
        if (event.key === "Escape") setDraft(value ?? "");
      }}
      min={0}
      max={1e12}
      decimalScale={2}
      thousandSeparator=" "
      decimalSeparator=","
      hideControls
      size="xs"
      disabled={saving}
      styles={{ input: { textAlign: "right", minWidth: 110 } }}
    />
  );
}
