CREATE TABLE IF NOT EXISTS "console_session_revocations" (
	"sid" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
