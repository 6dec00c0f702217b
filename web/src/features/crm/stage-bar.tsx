import type { Deal, Stage } from "@planerka/common";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import classes from "./crm.module.css";
import { textOn } from "./crm-common";

interface StageBarProps {
  deal: Deal;
  stages: Stage[];
  disabled: boolean;
  pendingStageId: string | null;
  onMove: (stage: Stage) => void;
}

/**
 * The deal's stages as arrows: stages behind the current one are filled, the current one is bold;
 * won and lost come last in their own colours. Clicking a stage moves the deal there.
 */
export function StageBar({ deal, stages, disabled, pendingStageId, onMove }: StageBarProps) {
  const { t } = useTranslation();
  const sorted = [...stages].sort((left, right) => left.sort - right.sort);
  const current = sorted.find((stage) => stage.id === deal.stageId);
  const currentOpenIndex = sorted.filter((stage) => stage.semantic === "open").findIndex((s) => s.id === deal.stageId);
  const openStages = sorted.filter((stage) => stage.semantic === "open");

  const passed = (stage: Stage) => {
    if (stage.semantic !== "open") return false;
    if (current?.semantic === "won") return true;
    if (current?.semantic === "lost") return false;
    return openStages.indexOf(stage) < currentOpenIndex;
  };

  return (
    <fieldset aria-label={t("crm.stageBar.label")} className={classes.stageBar}>
      {sorted.map((stage) => {
        const isCurrent = stage.id === deal.stageId;
        const isFinal = stage.semantic !== "open";
        const style = {
          "--stage-color": stage.color,
          "--stage-text": textOn(stage.color),
          ...(isFinal && !isCurrent ? { color: stage.color, fontWeight: 600 } : {}),
        } as CSSProperties;
        return (
          <button
            key={stage.id}
            type="button"
            className={classes.stageButton}
            style={style}
            data-passed={passed(stage) || undefined}
            data-current={isCurrent || undefined}
            aria-current={isCurrent ? "step" : undefined}
            aria-busy={pendingStageId === stage.id || undefined}
            disabled={disabled || isCurrent || pendingStageId !== null}
            title={isCurrent ? `${stage.name} — ${t("crm.stageBar.current")}` : stage.name}
            onClick={() => onMove(stage)}
          >
            {stage.name}
          </button>
        );
      })}
    </fieldset>
  );
}
