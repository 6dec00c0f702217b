import { Alert, Button, Center, Group, Loader, Modal, ScrollArea, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { DriveFile, DrivePreviewKind } from "@planerka/common";
import { IconDownload } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { isProblem } from "../../lib/api";
import { problemText } from "../../lib/notify";
import { driveContentUrl, driveTextQuery } from "./drive-api";

// pdf.js is large: it loads only when a PDF is opened.
const DrivePdfViewer = lazy(() => import("./drive-pdf-viewer").then((module) => ({ default: module.DrivePdfViewer })));

/** Scripts could run from these if shown inline, whatever the server called the preview. */
const neverInline = /svg|html|xml|javascript/i;

export function previewKind(file: DriveFile): DrivePreviewKind {
  if (neverInline.test(file.mimeType)) return "none";
  return file.preview;
}

/** The file in a dialog: a picture, a PDF's pages, the extracted text, or only «Скачать». */
export function DrivePreviewDialog({ file, onClose }: { file: DriveFile | null; onClose: () => void }) {
  const { t } = useTranslation();
  const phone = useMediaQuery("(max-width: 36em)");
  return (
    <Modal
      opened={file !== null}
      onClose={onClose}
      title={
        <Text span fw={600} style={{ wordBreak: "break-word" }}>
          {file?.name}
        </Text>
      }
      size="xl"
      fullScreen={Boolean(phone)}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      {file && (
        <Stack gap="sm">
          <Group justify="flex-end">
            <Button
              component="a"
              href={driveContentUrl(file.id)}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              {t("drive.preview.download")}
            </Button>
          </Group>
          <PreviewBody file={file} />
        </Stack>
      )}
    </Modal>
  );
}

function PreviewBody({ file }: { file: DriveFile }) {
  const { t } = useTranslation();
  const kind = previewKind(file);
  if (kind === "image") return <ImagePreview file={file} />;
  if (kind === "pdf") {
    return (
      <Suspense
        fallback={
          <Center p="xl">
            <Loader size="sm" />
          </Center>
        }
      >
        <DrivePdfViewer url={`${driveContentUrl(file.id, true)}&v=${file.versionNumber}`} />
      </Suspense>
    );
  }
  if (kind === "text") return <TextPreview file={file} />;
  return (
    <Text c="dimmed" ta="center" p="lg">
      {t("drive.preview.none")}
    </Text>
  );
}

function ImagePreview({ file }: { file: DriveFile }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <Alert color="red" role="alert">
        {t("drive.preview.failed")}
      </Alert>
    );
  }
  return (
    <Center>
      <img
        src={`${driveContentUrl(file.id, true)}&v=${file.versionNumber}`}
        alt={file.name}
        onError={() => setFailed(true)}
        style={{ maxWidth: "100%", maxHeight: "75vh", objectFit: "contain" }}
      />
    </Center>
  );
}

function TextPreview({ file }: { file: DriveFile }) {
  const { t } = useTranslation();
  const query = useQuery({
    ...driveTextQuery(file.id, file.versionNumber),
    retry: false,
    // The text is extracted in the background after an upload: ask again until it is there.
    refetchInterval: (state) => (file.contentState === "pending" && isProblem(state.state.error, 404) ? 2000 : false),
  });
  // No text (a scanned document, or not extracted yet) is an answer, not a failure.
  if (isProblem(query.error, 404)) {
    return (
      <Text c="dimmed" ta="center" p="lg">
        {t("drive.preview.noText")}
      </Text>
    );
  }
  if (query.error) {
    return (
      <Alert color="red" role="alert">
        {problemText(query.error)}
      </Alert>
    );
  }
  if (!query.data) {
    return (
      <Center p="xl">
        <Loader size="sm" />
      </Center>
    );
  }
  if (!query.data.text.trim()) {
    return (
      <Text c="dimmed" ta="center" p="lg">
        {t("drive.preview.noText")}
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah="70vh" type="auto">
      <Text
        component="pre"
        size="sm"
        data-testid="drive-text-preview"
        style={{
          whiteSpace: "pre-wrap",
          wordBreak: "break-word",
          fontFamily: "var(--mantine-font-family-monospace)",
          margin: 0,
        }}
      >
        {query.data.text}
      </Text>
    </ScrollArea.Autosize>
  );
}
