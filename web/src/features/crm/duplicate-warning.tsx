import { Alert, Badge, Group, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { normalizePhone } from "@planerka/common";
import { IconAlertTriangle } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { AnchorLink } from "../../lib/links";
import { type DuplicateMatch, findDuplicates } from "./crm-api";

interface DuplicateWarningProps {
  entity: "companies" | "contacts";
  name: string;
  bin?: string;
  phones: string[];
  emails: string[];
  excludeId?: string;
}

/**
 * Warns, while the form is typed, that a similar company or contact already exists. Only a BIN
 * match blocks saving (the server refuses it; see company-form.tsx), and only among the matches
 * the caller can see is it announced here.
 */
export function DuplicateWarning({ entity, name, bin, phones, emails, excludeId }: DuplicateWarningProps) {
  const { t } = useTranslation();
  const phone = phones.map((value) => normalizePhone(value)).find(Boolean) ?? undefined;
  const email = emails.find((value) => value.includes("@"))?.trim() || undefined;
  const params = {
    name: name.trim().length >= 3 ? name.trim() : undefined,
    bin: bin && /^\d{12}$/.test(bin.trim()) ? bin.trim() : undefined,
    phone,
    email,
    excludeId,
  };
  // A string, so the same input typed again does not restart the pause.
  const [debouncedKey] = useDebouncedValue(JSON.stringify(params), 400);
  const debounced = JSON.parse(debouncedKey) as typeof params;
  // Identity fields and the name are asked separately: a failing name match must not hide a BIN match.
  const identity = { bin: debounced.bin, phone: debounced.phone, email: debounced.email, excludeId };
  const byIdentity = useQuery({
    queryKey: ["crm", entity, "duplicates", "identity", identity],
    queryFn: ({ signal }) => findDuplicates(entity, identity, signal),
    enabled: Boolean(identity.bin || identity.phone || identity.email),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    retry: false,
  });
  const byName = useQuery({
    queryKey: ["crm", entity, "duplicates", "name", debounced.name, excludeId],
    queryFn: ({ signal }) => findDuplicates(entity, { name: debounced.name, excludeId }, signal),
    enabled: Boolean(debounced.name),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
    retry: false,
  });
  const merged = new Map<string, DuplicateMatch>();
  const sources = [
    identity.bin || identity.phone || identity.email ? byIdentity.data?.items : undefined,
    debounced.name ? byName.data?.items : undefined,
  ];
  for (const item of sources.flatMap((list) => list ?? [])) {
    const known = merged.get(item.id);
    merged.set(item.id, known ? { ...known, matchedOn: [...new Set([...known.matchedOn, ...item.matchedOn])] } : item);
  }
  const items = [...merged.values()];
  if (items.length === 0) return null;

  return (
    <Alert
      color="yellow"
      icon={<IconAlertTriangle size={18} />}
      title={t("crm.duplicates.title")}
      role="status"
      aria-live="polite"
    >
      <Stack gap={6}>
        {items.slice(0, 5).map((item) => (
          <Group key={item.id} gap={6} wrap="wrap">
            {entity === "companies" ? (
              <AnchorLink to="/crm/companies/$companyId" params={{ companyId: item.id }} target="_blank" size="sm">
                {item.name}
              </AnchorLink>
            ) : (
              <AnchorLink to="/crm/contacts/$contactId" params={{ contactId: item.id }} target="_blank" size="sm">
                {item.name}
              </AnchorLink>
            )}
            <Text size="xs" c="dimmed">
              {t("crm.duplicates.owner", { name: item.ownerName })}
            </Text>
            {item.matchedOn.map((field) => (
              <Badge key={field} size="xs" variant="light" color="yellow">
                {t(`crm.duplicates.matchedOn.${field}`)}
              </Badge>
            ))}
          </Group>
        ))}
        {items.length > 5 && (
          <Text size="xs" c="dimmed">
            {t("crm.duplicates.more", { count: items.length - 5 })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t(items.some((item) => item.matchedOn.includes("bin")) ? "crm.duplicates.binHint" : "crm.duplicates.hint")}
        </Text>
      </Stack>
    </Alert>
  );
}
