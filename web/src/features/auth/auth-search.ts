import { z } from "zod";
import { optionalParam } from "../../lib/search-params";

/** Only same-site paths, so a crafted link cannot send the user elsewhere after login. */
const sameSitePath = z.string().refine((path) => path.startsWith("/") && !path.startsWith("//"));

export const loginSearchSchema = z.object({
  /** Where to go after signing in. */
  redirect: optionalParam(sameSitePath),
});
export type LoginSearch = z.output<typeof loginSearchSchema>;
