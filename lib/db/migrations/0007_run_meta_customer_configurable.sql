ALTER TABLE "flow_runs" ADD COLUMN IF NOT EXISTS "meta" jsonb;
--> statement-breakpoint
-- A node's boolean `userConfig` (Flowdeck's old "customers may configure") is now `customerConfigurable`;
-- `userConfig` is the SDK's free value.
UPDATE "flows" SET "nodes" = (
  SELECT jsonb_object_agg(k, CASE WHEN jsonb_typeof(v->'userConfig') = 'boolean'
    THEN (v - 'userConfig') || jsonb_build_object('customerConfigurable', v->'userConfig') ELSE v END)
  FROM jsonb_each("nodes") AS e(k, v))
WHERE jsonb_typeof("nodes") = 'object'
  AND EXISTS (SELECT 1 FROM jsonb_each("nodes") AS e(k, v) WHERE jsonb_typeof(v->'userConfig') = 'boolean');
--> statement-breakpoint
UPDATE "flow_instances" SET "nodes" = (
  SELECT jsonb_object_agg(k, CASE WHEN jsonb_typeof(v->'userConfig') = 'boolean'
    THEN (v - 'userConfig') || jsonb_build_object('customerConfigurable', v->'userConfig') ELSE v END)
  FROM jsonb_each("nodes") AS e(k, v))
WHERE jsonb_typeof("nodes") = 'object'
  AND EXISTS (SELECT 1 FROM jsonb_each("nodes") AS e(k, v) WHERE jsonb_typeof(v->'userConfig') = 'boolean');
