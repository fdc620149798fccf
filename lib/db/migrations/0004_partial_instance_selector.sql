DROP INDEX "flow_instances_selector_uq";--> statement-breakpoint
CREATE UNIQUE INDEX "flow_instances_selector_uq" ON "flow_instances" USING btree ("flow_id","connection_id","instance_key") WHERE archived_at IS NULL;
