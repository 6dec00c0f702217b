import { ActionIcon, Button, Group, Input, NumberInput, Stack, Text } from "@mantine/core";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { BandDraft } from "./scheme-draft";

interface BandsEditorProps {
  bands: BandDraft[];
  onChange: (bands: BandDraft[]) => void;
  /** Messages by field: `bands` for the list, `bands.0.from`, `bands.0.rate` for a cell. */
  errors: Record<string, string | undefined>;
}

/** Rows of «from this completion, this rate»; a new row starts 20 points above the last one. */
export function BandsEditor({ bands, onChange, errors }: BandsEditorProps) {
  const { t } = useTranslation();
  const set = (index: number, patch: Partial<BandDraft>) =>
    onChange(bands.map((band, position) => (position === index ? { ...band, ...patch } : band)));
  const add = () => {
    const last = bands.at(-1);
    const from = last && typeof last.from === "number" ? last.from + 20 : 100;
    onChange([...bands, { from, rate: last?.rate ?? "" }]);
  };
  return (
    <Input.Wrapper
      label={t("bonuses.schemes.fields.bands")}
      description={t("bonuses.schemes.fields.bandsHint")}
      error={errors.bands}
      required
    >
      <Stack gap={6} mt={6}>
        <Group gap="xs" wrap="nowrap" pl={26} pr={36} aria-hidden>
          <Text size="xs" c="dimmed" style={{ flex: 1 }}>
            {t("bonuses.schemes.bands.from")}
          </Text>
          <Text size="xs" c="dimmed" style={{ flex: 1 }}>
            {t("bonuses.schemes.bands.rate")}
          </Text>
        </Group>
        {bands.map((band, index) => (
          // Bands have no ids; their place in the list is what they are.
          // biome-ignore lint/suspicious/noArrayIndexKey: a band is its position
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
            <Text size="sm" c="dimmed" w={18} pt={8} ta="right">
              {index + 1}
            </Text>
            <NumberInput
              aria-label={`${t("bonuses.schemes.bands.from")} ${index + 1}`}
              placeholder={t("bonuses.schemes.bands.from")}
              value={band.from}
              onChange={(value) => set(index, { from: value })}
              min={0}
              max={1000}
              decimalScale={2}
              decimalSeparator=","
              hideControls
              rightSection="%"
              error={errors[`bands.${index}.from`]}
              style={{ flex: 1 }}
            />
            <NumberInput
              aria-label={`${t("bonuses.schemes.bands.rate")} ${index + 1}`}
              placeholder={t("bonuses.schemes.bands.rate")}
              value={band.rate}
              onChange={(value) => set(index, { rate: value })}
              min={0}
              max={100}
              decimalScale={4}
              decimalSeparator=","
              hideControls
              rightSection="%"
              error={errors[`bands.${index}.rate`]}
              style={{ flex: 1 }}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mt={4}
              aria-label={t("bonuses.schemes.bands.remove", { number: index + 1 })}
              disabled={bands.length <= 1}
              onClick={() => onChange(bands.filter((_, position) => position !== index))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group pl={22}>
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconPlus size={14} />}
            onClick={add}
            disabled={bands.length >= 20}
          >
            {t("bonuses.schemes.bands.add")}
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
