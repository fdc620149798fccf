import { expect, test } from "@playwright/test";
import { adminToken, api, sdk } from "../fixtures";

// A list filter the API does not implement must be refused with a 400 naming it: dropping it would answer
// with unfiltered data that looks filtered.
test("unsupported list filters answer 400 naming the field; supported ones filter", async () => {
  const token = await adminToken();
  const client = sdk(token);
  await expect(client.flows.find({ layer: "integration" } as never)).rejects.toThrow(
    /query\.layer: not a supported parameter/,
  );
  // connectionId is a supported flows filter: an unknown connection has no usable flows.
  expect((await client.flows.find({ connectionId: "no-such" } as never)).items).toEqual([]);
  for (const [path, field] of [
    ["/flow-runs?universalFlowId=x", "universalFlowId"],
    ["/flow-instances?layer=connection", "layer"],
    ["/flow-instances?connectionKey=x", "connectionKey"],
    ["/connections?nope=1", "nope"],
  ] as const) {
    const res = await api(token, "GET", path);
    expect(res.status, path).toBe(400);
    expect(res.body.message).toContain(`query.${field}`);
  }
  const flows = await client.flows.find({ search: "Sync new contacts" });
  expect(flows.items.map((f) => f.key)).toContain("sync-new-contacts");
  expect(flows.items.every((f) => /sync new contacts/i.test(f.name ?? ""))).toBe(true);
});
