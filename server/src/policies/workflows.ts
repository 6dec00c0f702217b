import type { Role } from "@planerka/common";
import { roleMay } from "../platform/http/permissions";

/**
 * Workflow templates are the company's configuration: the roles of the `workflows:configure`
 * permission (the administrator) see and change them all, with their counts. Fixed by role: the
 * matrix has no templates; what an instance shows follows its record's visibility instead.
 */
export function mayConfigureWorkflows(user: { role: Role }): boolean {
  return roleMay(user.role, "workflows:configure");
}
