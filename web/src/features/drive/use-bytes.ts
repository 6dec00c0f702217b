import { useTranslation } from "react-i18next";
import { formatBytes } from "./drive-format";

/** `formatBytes` in the interface's language. */
export function useBytes(): (bytes: number) => string {
  const { t, i18n } = useTranslation();
  const units = { b: t("drive.units.b"), kb: t("drive.units.kb"), mb: t("drive.units.mb"), gb: t("drive.units.gb") };
  return (bytes) => formatBytes(bytes, i18n.language, units);
}
