-- A manager's deal list (issue 23): their own deals newest first from their own index entries, not
-- by walking the whole company's (created_at, id) order past others' deals.
CREATE INDEX "deals_owner_created_idx" ON "deals" USING btree ("owner_id","created_at","id");