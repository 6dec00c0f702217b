import { Center, Group, Skeleton, Stack, Text } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useParams } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { AnchorLink } from "../../lib/links";
import { problemText } from "../../lib/notify";
import { TemplateEditor } from "./template-editor";
import { templateQuery } from "./workflows-api";

/** /settings/workflows/$templateId: `new` for a new template, else the template's id. */
export function TemplateEditorPage() {
  const { t } = useTranslation();
  const { templateId } = useParams({ from: "/app/settings/workflows/$templateId" });
  const isNew = templateId === "new";
  const { data: template, error } = useQuery({
    ...templateQuery(templateId),
    enabled: !isNew,
    retry: (failures, caught) => !isProblem(caught) && failures < 2,
  });

  return (
    <Stack gap="md">
      <AnchorLink to="/settings/workflows" size="sm" c="dimmed" w="fit-content">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} />
          {t("workflows.editor.back")}
        </Group>
      </AnchorLink>
      {isNew ? (
        <TemplateEditor template={null} />
      ) : error ? (
        <Center mih="30vh">
          <Text c="red">{isProblem(error, 404) ? t("workflows.editor.notFound") : problemText(error)}</Text>
        </Center>
      ) : !template ? (
        <Skeleton h={400} />
      ) : (
        <TemplateEditor key={template.id} template={template} />
      )}
    </Stack>
  );
}
