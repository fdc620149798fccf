-- Documents authors write keep their key order (a schema's property order is its form's field order): json
-- stores the text as given, jsonb reorders keys. Existing rows keep jsonb's order (the original is gone).
ALTER TABLE "flows" ALTER COLUMN "parameters_schema" SET DATA TYPE json USING "parameters_schema"::json;
--> statement-breakpoint
ALTER TABLE "flows" ALTER COLUMN "nodes" DROP DEFAULT;
--> statement-breakpoint
ALTER TABLE "flows" ALTER COLUMN "nodes" SET DATA TYPE json USING "nodes"::json;
--> statement-breakpoint
ALTER TABLE "flows" ALTER COLUMN "nodes" SET DEFAULT '{}'::json;
--> statement-breakpoint
ALTER TABLE "flow_instances" ALTER COLUMN "nodes" DROP DEFAULT;
--> statement-breakpoint
ALTER TABLE "flow_instances" ALTER COLUMN "nodes" SET DATA TYPE json USING "nodes"::json;
--> statement-breakpoint
ALTER TABLE "flow_instances" ALTER COLUMN "nodes" SET DEFAULT '{}'::json;
