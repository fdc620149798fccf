CREATE TABLE "audit_events" (
	"id" text PRIMARY KEY NOT NULL,
	"actor" jsonb NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text NOT NULL,
	"customer_id" text,
	"diff" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"customer_id" text NOT NULL,
	"integration_id" text NOT NULL,
	"credentials" text,
	"disconnected" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"internal_id" text NOT NULL,
	"name" text NOT NULL,
	"fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "customers_internal_id_unique" UNIQUE("internal_id")
);
--> statement-breakpoint
CREATE TABLE "flow_instances" (
	"id" text PRIMARY KEY NOT NULL,
	"flow_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"integration_id" text NOT NULL,
	"instance_key" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"parameters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"nodes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"is_customized" boolean DEFAULT false NOT NULL,
	"customized" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"flow_revision" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"state" text DEFAULT 'READY' NOT NULL,
	"errors" jsonb,
	"last_run_id" text,
	"last_run_state" text,
	"last_run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "flow_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"flow_instance_id" text NOT NULL,
	"flow_id" text NOT NULL,
	"connection_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"integration_id" text NOT NULL,
	"start_node_key" text,
	"input" jsonb,
	"state" text DEFAULT 'queued' NOT NULL,
	"launched_by" jsonb DEFAULT '{"type":"api-trigger"}'::jsonb NOT NULL,
	"nodes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"output" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"worker_id" text,
	"heartbeat_at" timestamp with time zone,
	"stop_requested" boolean DEFAULT false NOT NULL,
	"dedupe_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"start_time" timestamp with time zone,
	"end_time" timestamp with time zone,
	CONSTRAINT "flow_runs_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "flows" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"integration_id" text,
	"parameters_schema" jsonb,
	"nodes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"revision" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "flows_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "integrations" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"base_uri" text DEFAULT '' NOT NULL,
	"auth" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"data_collections" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"logo_uri" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"archived_at" timestamp with time zone,
	CONSTRAINT "integrations_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "node_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"flow_run_id" text NOT NULL,
	"node_key" text NOT NULL,
	"upstream_runs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"input" jsonb,
	"status" text NOT NULL,
	"logs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outputs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"start_time" timestamp with time zone NOT NULL,
	"end_time" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_instances" ADD CONSTRAINT "flow_instances_flow_id_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."flows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_instances" ADD CONSTRAINT "flow_instances_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_instances" ADD CONSTRAINT "flow_instances_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_instances" ADD CONSTRAINT "flow_instances_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_runs" ADD CONSTRAINT "flow_runs_flow_instance_id_flow_instances_id_fk" FOREIGN KEY ("flow_instance_id") REFERENCES "public"."flow_instances"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flows" ADD CONSTRAINT "flows_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "node_runs" ADD CONSTRAINT "node_runs_flow_run_id_flow_runs_id_fk" FOREIGN KEY ("flow_run_id") REFERENCES "public"."flow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target_id","id");--> statement-breakpoint
CREATE INDEX "connections_customer_idx" ON "connections" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "connections_integration_idx" ON "connections" USING btree ("integration_id","id");--> statement-breakpoint
CREATE INDEX "customers_name_idx" ON "customers" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "flow_instances_selector_uq" ON "flow_instances" USING btree ("flow_id","connection_id","instance_key");--> statement-breakpoint
CREATE INDEX "flow_instances_customer_idx" ON "flow_instances" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "flow_instances_connection_idx" ON "flow_instances" USING btree ("connection_id","id");--> statement-breakpoint
CREATE INDEX "flow_instances_flow_idx" ON "flow_instances" USING btree ("flow_id","id");--> statement-breakpoint
CREATE INDEX "flow_instances_integration_idx" ON "flow_instances" USING btree ("integration_id","id");--> statement-breakpoint
CREATE INDEX "flow_instances_active_idx" ON "flow_instances" USING btree ("id") WHERE archived_at IS NULL;--> statement-breakpoint
CREATE INDEX "flow_runs_instance_idx" ON "flow_runs" USING btree ("flow_instance_id","id");--> statement-breakpoint
CREATE INDEX "flow_runs_customer_idx" ON "flow_runs" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "flow_runs_flow_idx" ON "flow_runs" USING btree ("flow_id","id");--> statement-breakpoint
CREATE INDEX "flow_runs_connection_idx" ON "flow_runs" USING btree ("connection_id","id");--> statement-breakpoint
CREATE INDEX "flow_runs_state_idx" ON "flow_runs" USING btree ("state","id");--> statement-breakpoint
CREATE INDEX "flow_runs_running_idx" ON "flow_runs" USING btree ("heartbeat_at") WHERE state = 'running';--> statement-breakpoint
CREATE INDEX "node_runs_run_node_idx" ON "node_runs" USING btree ("flow_run_id","node_key","id");