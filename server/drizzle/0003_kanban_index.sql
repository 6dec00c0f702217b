DROP INDEX "deals_stage_idx";--> statement-breakpoint
CREATE INDEX "deals_stage_changed_idx" ON "deals" USING btree ("stage_id","stage_changed_at");