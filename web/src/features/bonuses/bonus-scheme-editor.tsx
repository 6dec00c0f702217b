import type { BonusScheme } from "@planerka/common";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { FormModal } from "../../lib/form-modal";
import { notifySuccess } from "../../lib/notify";
import { BonusSchemeForm } from "./bonus-scheme-form";
import { bonusSchemesQuery, createBonusScheme, updateBonusScheme } from "./bonuses-api";
import { emptySchemeDraft, type SchemeBody, schemeDraftOf } from "./scheme-draft";

interface BonusSchemeEditorProps {
  opened: boolean;
  /** The scheme to edit; null for a new one. */
  scheme: BonusScheme | null;
  onClose: () => void;
}

/** The editor's dialog: a new scheme, or a stored one with the names of the people it names. */
export function BonusSchemeEditor({ opened, scheme, onClose }: BonusSchemeEditorProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const names = new Map((scheme?.appliesToNames.users ?? []).map((person) => [person.id, person.name] as const));

  const refresh = () => queryClient.invalidateQueries({ queryKey: bonusSchemesQuery.queryKey });
  const submit = async (body: SchemeBody) => {
    if (scheme) await updateBonusScheme(scheme.id, { ...body, version: scheme.version });
    else await createBonusScheme(body);
    // The sheets depend on the schemes; they are computed again when next shown.
    await queryClient.invalidateQueries({ queryKey: ["bonuses"] });
    notifySuccess(t(scheme ? "bonuses.schemes.saved" : "bonuses.schemes.created"));
    onClose();
  };

  return (
    <FormModal
      opened={opened}
      onClose={onClose}
      title={scheme ? t("bonuses.schemes.editTitle", { name: scheme.name }) : t("bonuses.schemes.createTitle")}
    >
      {
        <BonusSchemeForm
          initial={scheme ? schemeDraftOf(scheme, names) : emptySchemeDraft()}
          scheme={scheme ?? undefined}
          onSubmit={submit}
          onCancel={onClose}
          onStale={() => {
            void refresh();
            onClose();
          }}
        />
      }
    </FormModal>
  );
}
