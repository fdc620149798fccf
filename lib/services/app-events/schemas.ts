import { z } from "zod";

// The input of the app-event verb; the routes parse the event key in their path with the same schema.

export const appEventKeySchema = z
  .string()
  .regex(/^[a-zA-Z0-9_.:-]{1,200}$/, "letters, digits, . : - and _ only");

export const receiveAppEventInput = z.object({
  appEventKey: appEventKeySchema,
  payload: z.unknown(),
  /** The customer (id or internalId) an admin delivers the event for. */
  customerId: z.string().max(200).optional(),
  /** A connection's webhook: the event goes to that connection's instances. */
  connectionId: z.string().max(100).optional(),
});
