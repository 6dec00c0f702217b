import { Badge, createTheme, Drawer, Modal, PasswordInput } from "@mantine/core";
import { Day } from "@mantine/dates";
import type { TFunction } from "i18next";
import { createElement } from "react";
import { HolidayDay } from "../features/settings/holiday-day";

// Every date picker (DateInput, DatePickerInput, DateTimePicker…) renders its days through this.
const renderDay = (date: string) => createElement(HolidayDay, { date });

/** The theme carries translated accessible names for Mantine's built-in buttons, so it is rebuilt per language. */
export function createAppTheme(t: TFunction) {
  return createTheme({
    primaryColor: "indigo",
    defaultRadius: "md",
    fontFamily:
      "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif",
    headings: { fontWeight: "600" },
    cursorType: "pointer",
    components: {
      // Lowercase labels read better in Russian and do not get cut off in narrow cells.
      Badge: Badge.extend({ styles: { root: { textTransform: "none", flexShrink: 0, minWidth: "max-content" } } }),
      Modal: Modal.extend({ defaultProps: { closeButtonProps: { "aria-label": t("common.close") } } }),
      Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { "aria-label": t("common.close") } } }),
      Day: Day.extend({ defaultProps: { renderDay } }),
      PasswordInput: PasswordInput.extend({
        defaultProps: { visibilityToggleButtonProps: { "aria-label": t("common.showPassword") } },
      }),
    },
  });
}
