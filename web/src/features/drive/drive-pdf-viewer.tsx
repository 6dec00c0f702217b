import { ActionIcon, Alert, Group, Loader, Stack, Text } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy, type RenderTask } from "pdfjs-dist";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

// The worker ships with pdfjs-dist; Vite turns this URL into an asset of its own.
GlobalWorkerOptions.workerSrc = new URL("pdfjs-dist/build/pdf.worker.min.mjs", import.meta.url).toString();

/** A PDF drawn by pdf.js onto a canvas, one page at a time, fitted to the dialog's width. */
export function DrivePdfViewer({ url }: { url: string }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [page, setPage] = useState(1);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    // No eval: the portal's Content-Security-Policy forbids it, and pdf.js does without.
    const task = getDocument({ url, isEvalSupported: false, withCredentials: true });
    let cancelled = false;
    task.promise.then(
      (document) => {
        if (!cancelled) setPdf(document);
      },
      () => {
        if (!cancelled) setFailed(true);
      },
    );
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [url]);

  useEffect(() => {
    if (!pdf || !canvas.current || !box.current) return;
    let render: RenderTask | null = null;
    let cancelled = false;
    void pdf.getPage(page).then((pdfPage) => {
      const target = canvas.current;
      if (cancelled || !target || !box.current) return;
      const width = Math.max(280, box.current.clientWidth);
      const base = pdfPage.getViewport({ scale: 1 });
      const scale = width / base.width;
      const ratio = window.devicePixelRatio || 1;
      const viewport = pdfPage.getViewport({ scale: scale * ratio });
      target.width = Math.floor(viewport.width);
      target.height = Math.floor(viewport.height);
      target.style.width = `${Math.floor(viewport.width / ratio)}px`;
      target.style.height = `${Math.floor(viewport.height / ratio)}px`;
      render = pdfPage.render({ canvas: target, viewport });
      render.promise.catch(() => {
        // A newer page replaced this one before it was drawn.
      });
    });
    return () => {
      cancelled = true;
      render?.cancel();
    };
  }, [pdf, page]);

  if (failed) {
    return (
      <Alert color="red" role="alert">
        {t("drive.preview.failed")}
      </Alert>
    );
  }
  const pages = pdf?.numPages ?? 0;
  return (
    <Stack gap="xs" ref={box}>
      {pdf ? (
        <Group justify="center" gap="xs">
          <ActionIcon
            variant="default"
            aria-label={t("drive.preview.previous")}
            disabled={page <= 1}
            onClick={() => setPage((current) => Math.max(1, current - 1))}
          >
            <IconChevronLeft size={16} />
          </ActionIcon>
          <Text size="sm" aria-live="polite">
            {t("drive.preview.page", { page, pages })}
          </Text>
          <ActionIcon
            variant="default"
            aria-label={t("drive.preview.next")}
            disabled={page >= pages}
            onClick={() => setPage((current) => Math.min(pages, current + 1))}
          >
            <IconChevronRight size={16} />
          </ActionIcon>
        </Group>
      ) : (
        <Group justify="center" p="xl">
          <Loader size="sm" />
        </Group>
      )}
      <canvas
        ref={canvas}
        data-testid="drive-pdf-canvas"
        style={{
          display: pdf ? "block" : "none",
          margin: "0 auto",
          boxShadow: "0 0 0 1px var(--mantine-color-default-border)",
        }}
      />
    </Stack>
  );
}
