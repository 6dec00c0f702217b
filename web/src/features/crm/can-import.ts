type AccessMap = Record<string, Record<string, string> | undefined>;

/** Whoever may write companies, contacts or deals may load them from a file. */
export function canImport(access: AccessMap): boolean {
  return (["companies", "contacts", "deals"] as const).some((entity) => {
    const level = access[entity]?.write;
    return level !== undefined && level !== "none";
  });
}
