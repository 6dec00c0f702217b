-- Substring search in the CRM lists (issue 23): trigram indexes over each table's searched
-- text. Each searched field list is one text, the fields joined by newlines (no search word holds
-- one, so a word never matches across two fields); the lists search the same expression
-- (`searchDocument` in crm-schema.ts), so the index serves them. pg_trgm is a trusted extension:
-- the database's owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- array_to_string is only STABLE because some element types print by the session's settings;
-- text does not, so over text[] it is immutable, as an index expression must be.
CREATE FUNCTION planerka_search_text(parts text[]) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_to_string(parts, E'\n')
$$;
--> statement-breakpoint
CREATE INDEX "activities_search_idx" ON "activities" USING gin (planerka_search_text(array[subject, description]) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "companies_search_idx" ON "companies" USING gin (planerka_search_text(array[name, bin, city] || emails || phones) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contacts_search_idx" ON "contacts" USING gin (planerka_search_text(array[name, position] || emails || phones) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "deals_title_search_idx" ON "deals" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "leads_search_idx" ON "leads" USING gin (planerka_search_text(array[title, contact_name, company_name, email, phone]) gin_trgm_ops);--> statement-breakpoint
-- The planner estimates a search from the indexed expressions' statistics, which only ANALYZE
-- gathers (autovacuum analyses a table only after many of its rows change).
ANALYZE "companies", "contacts", "leads", "deals", "activities";
