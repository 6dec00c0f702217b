import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { notifySuccess } from "../../lib/notify";
import { CompanyForm, newCompanyValues } from "./company-form";
import { ContactForm, type ContactFormValues, newContactValues } from "./contact-form";
import { createRecord } from "./crm-api";
import { DealForm, type DealFormValues, newDealValues } from "./deal-form";
import { FormModal } from "./form-kit";
import { LeadForm, newLeadValues } from "./lead-form";

interface CreateDialogProps {
  opened: boolean;
  onClose: () => void;
}

export function CreateDealDialog({
  opened,
  onClose,
  preset,
}: CreateDialogProps & { preset?: Partial<DealFormValues> }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <FormModal opened={opened} onClose={onClose} title={t("crm.deals.createTitle")}>
      <DealForm
        initial={newDealValues(me, preset)}
        submitLabel={t("crm.deals.createSubmit")}
        onCancel={onClose}
        onSubmit={async (input) => {
          const deal = await createRecord("deals", input);
          await queryClient.invalidateQueries({ queryKey: ["crm"] });
          notifySuccess(t("crm.deals.created"));
          onClose();
          void navigate({ to: "/crm/deals/$dealId", params: { dealId: deal.id } });
        }}
      />
    </FormModal>
  );
}

export function CreateCompanyDialog({ opened, onClose }: CreateDialogProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <FormModal opened={opened} onClose={onClose} title={t("crm.companies.createTitle")}>
      <CompanyForm
        initial={newCompanyValues(me)}
        onCancel={onClose}
        onSubmit={async (input) => {
          const company = await createRecord("companies", input);
          await queryClient.invalidateQueries({ queryKey: ["crm", "companies"] });
          notifySuccess(t("crm.companies.created"));
          onClose();
          void navigate({ to: "/crm/companies/$companyId", params: { companyId: company.id } });
        }}
      />
    </FormModal>
  );
}

export function CreateContactDialog({
  opened,
  onClose,
  preset,
}: CreateDialogProps & { preset?: Partial<ContactFormValues> }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <FormModal opened={opened} onClose={onClose} title={t("crm.contacts.createTitle")}>
      <ContactForm
        initial={newContactValues(me, preset)}
        onCancel={onClose}
        onSubmit={async (input) => {
          const contact = await createRecord("contacts", input);
          await queryClient.invalidateQueries({ queryKey: ["crm", "contacts"] });
          notifySuccess(t("crm.contacts.created"));
          onClose();
          void navigate({ to: "/crm/contacts/$contactId", params: { contactId: contact.id } });
        }}
      />
    </FormModal>
  );
}

export function CreateLeadDialog({ opened, onClose }: CreateDialogProps) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <FormModal opened={opened} onClose={onClose} title={t("crm.leads.createTitle")}>
      <LeadForm
        initial={newLeadValues(me)}
        onCancel={onClose}
        onSubmit={async (input) => {
          const lead = await createRecord("leads", input);
          await queryClient.invalidateQueries({ queryKey: ["crm", "leads"] });
          notifySuccess(t("crm.leads.created"));
          onClose();
          void navigate({ to: "/crm/leads/$leadId", params: { leadId: lead.id } });
        }}
      />
    </FormModal>
  );
}
