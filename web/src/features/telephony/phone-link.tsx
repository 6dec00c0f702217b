import { Anchor, type AnchorProps } from "@mantine/core";
import { clickToCallSchema, formatPhone, placedCallSchema } from "@planerka/common";
import { queryOptions, useMutation, useQuery } from "@tanstack/react-query";
import type { MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../lib/api";
import { notifyError, notifySuccess } from "../../lib/notify";

/** Whether my phones call through the PBX; people without CRM access simply get tel: links. */
export const clickToCallQuery = queryOptions({
  queryKey: ["telephony", "click-to-call"],
  queryFn: ({ signal }) => api("/telephony/click-to-call", clickToCallSchema, { signal }),
  staleTime: 5 * 60_000,
  retry: false,
});

/**
 * A phone number anywhere in the portal: when the PBX can originate calls and I have an
 * extension, a click rings my desk phone and connects it to the number; otherwise `tel:` opens
 * the phone's own dialer (on a laptop, whatever handles tel:).
 */
export function PhoneLink({ phone, ...props }: { phone: string } & AnchorProps) {
  const { t } = useTranslation();
  const { data } = useQuery(clickToCallQuery);
  const call = useMutation({
    mutationFn: () => api("/telephony/calls", placedCallSchema, { method: "POST", json: { number: phone } }),
    onSuccess: (placed) =>
      notifySuccess(t("telephony.calling", { number: formatPhone(placed.number), extension: placed.extension })),
    onError: notifyError,
  });
  const throughPbx = data?.available === true;
  const onClick = (event: MouseEvent) => {
    if (!throughPbx) return;
    event.preventDefault();
    if (!call.isPending) call.mutate();
  };
  return (
    <Anchor
      href={`tel:${phone}`}
      size="sm"
      onClick={onClick}
      title={throughPbx ? t("telephony.callThroughPbx") : undefined}
      data-click-to-call={throughPbx ? "pbx" : "tel"}
      {...props}
    >
      {formatPhone(phone)}
    </Anchor>
  );
}
