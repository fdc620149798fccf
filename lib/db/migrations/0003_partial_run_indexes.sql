ALTER TABLE "flow_runs" DROP CONSTRAINT "flow_runs_dedupe_key_unique";--> statement-breakpoint
DROP INDEX "flow_runs_end_time_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "flow_runs_dedupe_key_idx" ON "flow_runs" USING btree ("dedupe_key") WHERE dedupe_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX "flow_runs_end_time_idx" ON "flow_runs" USING btree ("end_time") WHERE end_time IS NOT NULL;