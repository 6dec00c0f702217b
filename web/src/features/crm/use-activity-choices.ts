import type { Activity } from "@planerka/common";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../../lib/auth-context";
import { userQuery } from "../org/users-api";
import { activityTypesQuery } from "./activities-api";
import { type ActivityFormInitial, offeredTypes, typeGroups } from "./activity-form-values";

interface ChoiceSource {
  initial: ActivityFormInitial | undefined;
  /** The activity the form was opened with (editing). */
  activity: Activity | undefined;
  /** The activity as last loaded (after a reload). */
  base: Activity | undefined;
  /** The type picked in the form, if any. */
  typeId: string | null;
}

/** The type picker's options and the type shown, and who the owner picker starts with and whether it may change. */
export function useActivityChoices({ initial, activity, base, typeId: picked }: ChoiceSource) {
  const { t } = useTranslation();
  const me = useMe();
  const types = useQuery(activityTypesQuery);
  // Someone else's name is needed before the picker's first search answers (e.g. a deal card's owner).
  const initialOwnerId = activity?.ownerId ?? initial?.ownerId;
  const otherOwner = useQuery({
    ...userQuery(initialOwnerId ?? ""),
    enabled: !activity && initialOwnerId !== undefined && initialOwnerId !== me.id,
  });
  const ownerOption = base
    ? { id: base.ownerId, name: base.ownerName }
    : otherOwner.data
      ? { id: otherOwner.data.id, name: otherOwner.data.name }
      : { id: me.id, name: me.name };

  // A manager's activities are their own; heads and tops may give them to their people.
  const writeLevel = me.abilities.access.activities?.write ?? "own";
  const ownerLocked = writeLevel === "own" || writeLevel === "none";

  // A deal card's Звонок or Встреча offers the types of that kind only.
  const category = activity ? undefined : initial?.category;
  const direction = activity ? undefined : initial?.direction;
  const offered = useMemo(() => offeredTypes(types.data ?? [], category, direction), [types.data, category, direction]);
  const preferred = initial?.typeCode ? offered.find((type) => type.code === initial.typeCode) : undefined;
  const typeId = picked ?? preferred?.id ?? offered[0]?.id ?? null;
  const baseType = base?.type;
  const typeData = useMemo(
    () => typeGroups(offered, types.data, baseType, (group) => t(`activities.categories.${group}`)),
    [types.data, offered, baseType, t],
  );

  const chosenCategory = types.data?.find((type) => type.id === typeId)?.category ?? baseType?.category;

  return { typeId, typeData, ownerOption, ownerLocked, typeCategory: chosenCategory };
}
