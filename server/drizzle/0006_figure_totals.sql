CREATE TABLE "activity_completed_days" (
	"owner_id" uuid NOT NULL,
	"day" date NOT NULL,
	"type_id" uuid NOT NULL,
	"activity_count" integer NOT NULL,
	CONSTRAINT "activity_completed_days_owner_id_day_type_id_pk" PRIMARY KEY("owner_id","day","type_id")
);
--> statement-breakpoint
CREATE TABLE "activity_completed_months" (
	"month" date NOT NULL,
	"owner_id" uuid NOT NULL,
	"type_id" uuid NOT NULL,
	"activity_count" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_closed_months" (
	"month" date NOT NULL,
	"owner_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"deal_count" integer NOT NULL,
	"amount" numeric(20, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deal_stage_totals" (
	"owner_id" uuid NOT NULL,
	"stage_id" uuid NOT NULL,
	"deal_count" integer NOT NULL,
	"amount" numeric(20, 2) NOT NULL,
	CONSTRAINT "deal_stage_totals_owner_id_stage_id_pk" PRIMARY KEY("owner_id","stage_id")
);
--> statement-breakpoint
CREATE INDEX "activity_completed_days_day_idx" ON "activity_completed_days" USING btree ("day");--> statement-breakpoint
ALTER TABLE "deal_closed_months" ADD CONSTRAINT "deal_closed_months_pk" PRIMARY KEY ("month", "owner_id", "stage_id") INCLUDE ("deal_count", "amount");
--> statement-breakpoint
ALTER TABLE "activity_completed_months" ADD CONSTRAINT "activity_completed_months_pk" PRIMARY KEY ("month", "owner_id", "type_id") INCLUDE ("activity_count");
--> statement-breakpoint
-- The company's zone, for the day tables; UTC before the company is set up.
CREATE FUNCTION planerka_company_zone() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT time_zone FROM company_settings WHERE id = 1), 'UTC')
$$;
--> statement-breakpoint
-- The rows a statement changed, as (+1 new, -1 old) for the delta of every total. Transition
-- tables are visible to EXECUTE, which lets one function serve INSERT, UPDATE and DELETE.
CREATE FUNCTION planerka_changed_rows(operation text, columns text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE operation
    WHEN 'INSERT' THEN format('SELECT %s, 1 AS sign FROM new_rows', columns)
    WHEN 'DELETE' THEN format('SELECT %s, -1 AS sign FROM old_rows', columns)
    ELSE format('SELECT %1$s, 1 AS sign FROM new_rows UNION ALL SELECT %1$s, -1 FROM old_rows', columns)
  END
$$;
--> statement-breakpoint
CREATE FUNCTION planerka_deal_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed text := planerka_changed_rows(TG_OP, 'owner_id, stage_id, amount, closed_at, deleted_at');
BEGIN
  EXECUTE format($sql$
    INSERT INTO deal_stage_totals AS t (owner_id, stage_id, deal_count, amount)
    SELECT owner_id, stage_id, sum(sign)::int, sum(sign * amount) FROM (%s) delta
    WHERE deleted_at IS NULL
    GROUP BY owner_id, stage_id HAVING sum(sign) <> 0 OR sum(sign * amount) <> 0
    ORDER BY owner_id, stage_id
    ON CONFLICT (owner_id, stage_id) DO UPDATE
      SET deal_count = t.deal_count + excluded.deal_count, amount = t.amount + excluded.amount$sql$, changed);
  EXECUTE format($sql$
    INSERT INTO deal_closed_months AS t (owner_id, month, stage_id, deal_count, amount)
    SELECT owner_id, date_trunc('month', closed_at AT TIME ZONE $1)::date, stage_id, sum(sign)::int, sum(sign * amount)
    FROM (%s) delta
    WHERE deleted_at IS NULL AND closed_at IS NOT NULL
    GROUP BY 1, 2, 3 HAVING sum(sign) <> 0 OR sum(sign * amount) <> 0
    ORDER BY 1, 2, 3
    ON CONFLICT (month, owner_id, stage_id) DO UPDATE
      SET deal_count = t.deal_count + excluded.deal_count, amount = t.amount + excluded.amount$sql$, changed)
    USING planerka_company_zone();
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION planerka_activity_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- One statement: the delta per day, written to the days and (summed) to the months; a
  -- data-modifying CTE runs even though nothing reads its result.
  EXECUTE format($sql$
    WITH delta AS (
      SELECT owner_id, (completed_at AT TIME ZONE $1)::date AS day, type_id, sum(sign)::int AS n FROM (%s) changed
      WHERE deleted_at IS NULL AND completed_at IS NOT NULL
      GROUP BY 1, 2, 3 HAVING sum(sign) <> 0
    ), days AS (
      INSERT INTO activity_completed_days AS t (owner_id, day, type_id, activity_count)
      SELECT owner_id, day, type_id, n FROM delta ORDER BY 1, 2, 3
      ON CONFLICT (owner_id, day, type_id) DO UPDATE SET activity_count = t.activity_count + excluded.activity_count
    )
    INSERT INTO activity_completed_months AS t (owner_id, month, type_id, activity_count)
    SELECT owner_id, date_trunc('month', day)::date, type_id, sum(n)::int FROM delta
    GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (month, owner_id, type_id) DO UPDATE SET activity_count = t.activity_count + excluded.activity_count$sql$,
    planerka_changed_rows(TG_OP, 'owner_id, type_id, completed_at, deleted_at'))
    USING planerka_company_zone();
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- Recomputes the totals from the source tables: after a bulk load that bypassed the triggers,
-- and (the day tables) when the company's zone changes.
CREATE FUNCTION planerka_rebuild_figure_totals() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM deal_stage_totals;
  INSERT INTO deal_stage_totals (owner_id, stage_id, deal_count, amount)
    SELECT owner_id, stage_id, count(*), sum(amount) FROM deals WHERE deleted_at IS NULL GROUP BY 1, 2;
  PERFORM planerka_rebuild_figure_days();
END
$$;
--> statement-breakpoint
CREATE FUNCTION planerka_rebuild_figure_days() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  zone text := planerka_company_zone();
BEGIN
  DELETE FROM deal_closed_months;
  INSERT INTO deal_closed_months (owner_id, month, stage_id, deal_count, amount)
    SELECT owner_id, date_trunc('month', closed_at AT TIME ZONE zone)::date, stage_id, count(*), sum(amount) FROM deals
    WHERE deleted_at IS NULL AND closed_at IS NOT NULL GROUP BY 1, 2, 3;
  DELETE FROM activity_completed_days;
  INSERT INTO activity_completed_days (owner_id, day, type_id, activity_count)
    SELECT owner_id, (completed_at AT TIME ZONE zone)::date, type_id, count(*) FROM activities
    WHERE deleted_at IS NULL AND completed_at IS NOT NULL GROUP BY 1, 2, 3;
  DELETE FROM activity_completed_months;
  INSERT INTO activity_completed_months (owner_id, month, type_id, activity_count)
    SELECT owner_id, date_trunc('month', day)::date, type_id, sum(activity_count) FROM activity_completed_days GROUP BY 1, 2, 3;
END
$$;
--> statement-breakpoint
CREATE FUNCTION planerka_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM planerka_rebuild_figure_days();
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER deals_totals_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_deal_totals_apply();
--> statement-breakpoint
CREATE TRIGGER deals_totals_update AFTER UPDATE ON deals REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_deal_totals_apply();
--> statement-breakpoint
CREATE TRIGGER deals_totals_delete AFTER DELETE ON deals REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_deal_totals_apply();
--> statement-breakpoint
CREATE TRIGGER activities_totals_insert AFTER INSERT ON activities REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_activity_totals_apply();
--> statement-breakpoint
CREATE TRIGGER activities_totals_update AFTER UPDATE ON activities REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_activity_totals_apply();
--> statement-breakpoint
CREATE TRIGGER activities_totals_delete AFTER DELETE ON activities REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_activity_totals_apply();
--> statement-breakpoint
CREATE TRIGGER company_zone_changed AFTER UPDATE OF time_zone ON company_settings
  FOR EACH ROW WHEN (old.time_zone IS DISTINCT FROM new.time_zone) EXECUTE FUNCTION planerka_zone_changed();
--> statement-breakpoint
SELECT planerka_rebuild_figure_totals();
