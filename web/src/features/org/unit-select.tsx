import { Select, type SelectProps, Text } from "@mantine/core";
import type { Unit } from "@planerka/common";
import { useMemo } from "react";
import { buildUnitTree, flattenTree } from "./unit-tree-model";

interface UnitSelectProps extends Omit<SelectProps, "data" | "value" | "onChange"> {
  units: Unit[];
  value: string | null;
  onChange: (value: string | null) => void;
  /** Only these units may be chosen (others are left out). */
  allowed?: Set<string> | "all";
  /** Units that may not be chosen, e.g. a unit itself and its descendants as its own parent. */
  exclude?: Set<string>;
}

/** Units in tree order, indented by depth; searching matches the plain name. */
export function UnitSelect({ units, value, onChange, allowed = "all", exclude, ...props }: UnitSelectProps) {
  const { data, depthOf } = useMemo(() => {
    const nodes = flattenTree(buildUnitTree(units)).filter(
      (node) => (allowed === "all" || allowed.has(node.unit.id)) && !exclude?.has(node.unit.id),
    );
    const depths = new Map(nodes.map((node) => [node.unit.id, node.depth]));
    return { data: nodes.map((node) => ({ value: node.unit.id, label: node.unit.name })), depthOf: depths };
  }, [units, allowed, exclude]);
  const minDepth = Math.min(...data.map((option) => depthOf.get(option.value) ?? 0));

  return (
    <Select
      data={data}
      value={value}
      onChange={(next) => onChange(next)}
      searchable
      maxDropdownHeight={320}
      renderOption={({ option }) => (
        <Text size="sm" pl={((depthOf.get(option.value) ?? 0) - minDepth) * 14}>
          {option.label}
        </Text>
      )}
      {...props}
    />
  );
}
