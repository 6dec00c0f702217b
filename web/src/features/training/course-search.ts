import { z } from "zod";
import { optionalId } from "../../lib/search-params";

/** A course's page: the lesson open (none: the course's overview and its test). */
export const courseSearchSchema = z.object({ lesson: optionalId });
export type CourseSearch = z.output<typeof courseSearchSchema>;
