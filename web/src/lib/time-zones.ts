/** Time zones to choose from: Kazakhstan's first (with their offsets), then every other the browser knows. */

const kazakhZones = [
  "Asia/Almaty",
  "Asia/Qostanay",
  "Asia/Qyzylorda",
  "Asia/Aqtobe",
  "Asia/Aqtau",
  "Asia/Atyrau",
  "Asia/Oral",
];
function zoneLabel(zone: string): string {
  try {
    const offset = new Intl.DateTimeFormat("en", { timeZone: zone, timeZoneName: "shortOffset" })
      .formatToParts(new Date())
      .find((part) => part.type === "timeZoneName")?.value;
    return offset ? `${zone} (${offset.replace("GMT", "UTC")})` : zone;
  } catch {
    return zone;
  }
}

function allZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC", "Europe/Moscow", "Asia/Tashkent", "Asia/Bishkek"];
  }
}

/** The groups of a zone picker; `current` is kept even when the browser does not list it. */
export function timeZoneGroups(current: string | null, kazakhstanLabel: string, otherLabel: string) {
  const others = allZones().filter((zone) => !kazakhZones.includes(zone));
  if (current && !kazakhZones.includes(current) && !others.includes(current)) others.unshift(current);
  return [
    { group: kazakhstanLabel, items: kazakhZones.map((zone) => ({ value: zone, label: zoneLabel(zone) })) },
    { group: otherLabel, items: others.map((zone) => ({ value: zone, label: zone })) },
  ];
}
