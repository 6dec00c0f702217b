-- Exports by period (issue 23): deals created or closed in the period and activities due in it are
-- read in keyset pages of (the period's column, id), so a quarter reads its own rows and no others;
-- (created_at, id) also serves the lists' newest-first order without a sort of its ties.
DROP INDEX "deals_created_idx";--> statement-breakpoint
CREATE INDEX "activities_due_idx" ON "activities" USING btree ("due_at","id");--> statement-breakpoint
CREATE INDEX "deals_closed_idx" ON "deals" USING btree ("closed_at","id");--> statement-breakpoint
CREATE INDEX "deals_created_idx" ON "deals" USING btree ("created_at","id");
