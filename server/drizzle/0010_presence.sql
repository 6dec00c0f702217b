CREATE TABLE "user_presence" (
	"user_id" uuid NOT NULL,
	"instance_id" uuid NOT NULL,
	"connections" integer NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_presence_user_id_instance_id_pk" PRIMARY KEY("user_id","instance_id")
);
--> statement-breakpoint
ALTER TABLE "user_presence" ADD CONSTRAINT "user_presence_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_presence_instance_idx" ON "user_presence" USING btree ("instance_id");--> statement-breakpoint
-- A deleted session (logout, a disabled user, a password reset, expiry) closes its open
-- websockets at once on every server process, whatever path deleted it.
CREATE FUNCTION planerka_sessions_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('planerka_realtime', json_build_object('type', 'session_revoked', 'sessionTokenHash', token_hash)::text)
  FROM old_rows;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_revoked AFTER DELETE ON sessions REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION planerka_sessions_revoked();
