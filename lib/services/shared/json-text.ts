/**
 * A response body that is already JSON (written by the database, see `lib/db/api-json.ts`): the route wrapper
 * sends it as is instead of serialising an object.
 */
export class JsonText {
  constructor(readonly text: string) {}
}
