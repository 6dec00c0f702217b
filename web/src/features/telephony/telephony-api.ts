import { telephonySettingsSchema, telephonyTestResultSchema } from "@planerka/common";
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import { api } from "../../lib/api";

export type TelephonySettings = z.infer<typeof telephonySettingsSchema>;
export type TelephonyTestResult = z.infer<typeof telephonyTestResultSchema>;

export const telephonySettingsQuery = queryOptions({
  queryKey: ["settings", "telephony"],
  queryFn: ({ signal }) => api("/settings/telephony", telephonySettingsSchema, { signal }),
});

export interface TelephonySettingsWrite {
  secret?: string;
  originateUrl: string | null;
  extensions: { extension: string; userId: string }[];
  version: number;
}

export function saveTelephonySettings(input: TelephonySettingsWrite): Promise<TelephonySettings> {
  return api("/settings/telephony", telephonySettingsSchema, { method: "PUT", json: input });
}

export function testTelephony(): Promise<TelephonyTestResult> {
  return api("/settings/telephony/test", telephonyTestResultSchema, { method: "POST" });
}
