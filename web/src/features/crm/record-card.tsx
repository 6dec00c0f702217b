import { Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { RecordAbilities } from "@planerka/common";
import { IconPencil, IconTrash } from "@tabler/icons-react";
import { Fragment, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { RecordChat } from "../chat/record-chat";
import { RecordFiles } from "../drive-files/record-files";
import { RecordTasks } from "../tasks/record-tasks";
import { RecordWorkflows } from "../workflows/record-workflows";
import { CardLayout, CardSection, type CardView, DeleteRecordModal, FieldRows, useSaveRecord } from "./card-kit";
import type { CrmEntity } from "./crm-api";
import { FormDrawer } from "./form-kit";

/** One line of «Детали»: the field's name (its label is `crm.fields.<entity>.<field>`) and what to show. */
export type DetailField = readonly [field: string, value: ReactNode];

/** What a record's edit form receives: the card saves the patch and reloads on a stale version. */
export interface EditFormProps {
  onCancel: () => void;
  onStale: () => void;
  onSubmit: (patch: Record<string, unknown>) => Promise<void>;
}

interface CardRecord {
  id: string;
  version: number;
  ownerId: string;
  ownerName: string;
  abilities: RecordAbilities;
}

const linkTypes = { companies: "company", contacts: "contact", leads: "lead", deals: "deal" } as const;

export interface RecordCardProps<Entity extends CrmEntity> extends Omit<CardView<unknown>, "record"> {
  entity: Entity;
  record: CardRecord;
  /** The record's name as its title, and in tasks and workflows started from it. */
  title: string;
  /** Above the title: a number, a status, a stage. */
  kicker?: ReactNode;
  /** Below the title, before «Ответственный». */
  facts?: ReactNode;
  /** Buttons before «Изменить» and «Удалить». */
  actions?: ReactNode;
  actionsLabel?: string;
  /** Whether «Изменить» shows (the server's ability, narrowed by the record's state). */
  editable?: boolean;
  band?: ReactNode;
  details: DetailField[];
  /** Sections between «Детали» and the tasks. */
  related?: ReactNode;
  texts: {
    list: string;
    editTitle: string;
    updated: string;
    deleteTitle: string;
    deleteMessage: string;
    deleted: string;
  };
  form: (props: EditFormProps) => ReactNode;
  /** Dialogs of the record's own actions. */
  dialogs?: ReactNode;
}

/**
 * A CRM card: header with the record's own actions, «Детали» from field descriptors, related
 * records, tasks, workflows and chat beside the timeline, and the edit and delete dialogs. What a
 * person may do comes from the record's abilities, as the server decided them.
 */
export function RecordCard<Entity extends CrmEntity>(props: RecordCardProps<Entity>) {
  const { entity, record, texts, tab, onTab, reload } = props;
  const { t } = useTranslation();
  const save = useSaveRecord(entity, record.id);
  const [editing, setEditing] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [deleting, setDeleting] = useState(false);
  const editable = props.editable ?? record.abilities.edit;
  const linkType = linkTypes[entity];
  const link = { entityType: linkType, entityId: record.id, title: props.title };

  const header = (
    <Paper withBorder radius="md" p={{ base: "sm", sm: "md" }}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: "1 1 320px" }}>
          {props.kicker}
          <Title order={2} style={{ overflowWrap: "anywhere" }}>
            {props.title}
          </Title>
          <Group gap="md" wrap="wrap">
            {props.facts}
            <Text size="sm" c="dimmed">
              {t("crm.card.owner")}: {record.ownerName}
            </Text>
          </Group>
        </Stack>
        <Group gap="xs" wrap="wrap" role={props.actionsLabel ? "group" : undefined} aria-label={props.actionsLabel}>
          {props.actions}
          {editable && (
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              {t("crm.card.edit")}
            </Button>
          )}
          {record.abilities.delete && (
            <Button
              variant="subtle"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setDeleting(true)}
            >
              {t("crm.card.delete")}
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );

  const aside = (
    <>
      <CardSection title={t("crm.card.details")}>
        <FieldRows rows={props.details.map(([field, value]) => [t(`crm.fields.${entity}.${field}` as never), value])} />
      </CardSection>
      {props.related}
      <RecordFiles entityType={linkType} entityId={record.id} />
      <RecordTasks record={link} assignee={{ id: record.ownerId, name: record.ownerName }} />
      <RecordWorkflows entity={linkType} entityId={record.id} canStart={record.abilities.edit} />
      <RecordChat entityType={linkType} entityId={record.id} />
    </>
  );

  return (
    <>
      <CardLayout
        entity={entity}
        id={record.id}
        listLabel={texts.list}
        header={header}
        band={props.band}
        aside={aside}
        tab={tab}
        onTab={onTab}
        canComment={record.abilities.comment}
      />
      <FormDrawer opened={editing} onClose={() => setEditing(false)} title={texts.editTitle}>
        <Fragment key={`${record.version}-${formKey}`}>
          {props.form({
            onCancel: () => setEditing(false),
            onStale: () => void reload().then(() => setFormKey((key) => key + 1)),
            onSubmit: async (patch) => {
              await save(patch, record.version, texts.updated);
              setEditing(false);
            },
          })}
        </Fragment>
      </FormDrawer>
      <DeleteRecordModal
        entity={entity}
        id={record.id}
        opened={deleting}
        title={texts.deleteTitle}
        message={texts.deleteMessage}
        deletedText={texts.deleted}
        onClose={() => setDeleting(false)}
      />
      {props.dialogs}
    </>
  );
}
