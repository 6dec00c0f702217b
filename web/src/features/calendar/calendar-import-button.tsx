import { Button, FileButton } from "@mantine/core";
import type { calendarImportResultSchema } from "@planerka/common";
import { IconFileImport } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { problemText } from "../../lib/notify";
import { calendarFileText } from "./calendar-import";
import { calendarImportLimit, importCalendar } from "./calendar-sync-api";

export type CalendarImportResult = z.infer<typeof calendarImportResultSchema>;

interface CalendarImportButtonProps {
  onImported: (result: CalendarImportResult) => void;
  /** Why nothing was imported (the server's reason, or the file's size); null when a new file is chosen. */
  onError: (message: string | null) => void;
  fullWidth?: boolean;
}

/** «Импорт .ics»: one file into my calendar, every event of it or none; busy while it is sent. */
export function CalendarImportButton({ onImported, onError, fullWidth }: CalendarImportButtonProps) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const resetRef = useRef<() => void>(null);

  const send = async (file: File | null) => {
    // The same file may be chosen again after it was fixed.
    resetRef.current?.();
    if (!file) return;
    onError(null);
    if (file.size > calendarImportLimit) return onError(t("calendar.import.tooLarge"));
    setPending(true);
    try {
      onImported(await importCalendar(calendarFileText(await file.text())));
    } catch (error) {
      onError(problemText(error));
    } finally {
      setPending(false);
    }
  };

  return (
    <FileButton onChange={(file) => void send(file)} accept=".ics,text/calendar" resetRef={resetRef}>
      {(props) => (
        <Button
          {...props}
          variant="default"
          leftSection={<IconFileImport size={16} />}
          loading={pending}
          fullWidth={fullWidth}
        >
          {t("calendar.import.button")}
        </Button>
      )}
    </FileButton>
  );
}
