import { type Me, meSchema } from "@planerka/common";
import { api } from "../../lib/api";

export interface LoginInput {
  login: string;
  password: string;
}

export function login(input: LoginInput): Promise<Me> {
  return api("/auth/login", meSchema, { method: "POST", json: input });
}

export interface SetupInput {
  companyName: string;
  name: string;
  login: string;
  password: string;
  email?: string | null;
}

export function setupPortal(input: SetupInput): Promise<Me> {
  return api("/setup", meSchema, { method: "POST", json: input });
}

/** The server checks the current password and ends the other sessions; this one stays. */
export function changeOwnPassword(input: { currentPassword: string; newPassword: string }): Promise<Me> {
  return api("/me", meSchema, { method: "PATCH", json: input });
}

/** The zone one's calendar shows times in; null follows the company's. */
export function setOwnCalendarTimeZone(calendarTimeZone: string | null): Promise<Me> {
  return api("/me", meSchema, { method: "PATCH", json: { calendarTimeZone } });
}
