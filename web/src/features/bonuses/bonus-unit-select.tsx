import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { UnitSelect } from "../org/unit-select";
import { subtreeIds } from "../org/unit-tree-model";
import { unitsQuery } from "../org/units-api";
import { choosesUnit, seesWholeCompany } from "./bonuses-access";

/**
 * The unit whose people the page shows, for heads (the units they head, with all below) and for
 * tops and admins (any). Cleared, the server chooses: a head's own units, a top's whole company.
 */
export function BonusUnitSelect({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (unitId: string | null) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const shown = choosesUnit(me);
  const units = useQuery({ ...unitsQuery, enabled: shown });
  const companyWide = seesWholeCompany(me);
  const allowed = useMemo(
    () => (companyWide ? ("all" as const) : subtreeIds(units.data ?? [], me.headedUnitIds)),
    [companyWide, units.data, me.headedUnitIds],
  );
  if (!shown) return null;
  return (
    <UnitSelect
      label={t("bonuses.unit.label")}
      units={units.data ?? []}
      allowed={allowed}
      value={value}
      onChange={onChange}
      clearable
      placeholder={companyWide ? t("bonuses.unit.company") : t("bonuses.unit.mine")}
      w={{ base: "100%", xs: 260 }}
    />
  );
}
