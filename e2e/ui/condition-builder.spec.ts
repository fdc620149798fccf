import { expect, test } from "@playwright/test";
import { sdk } from "../fixtures";
import { getInstance, newInstance } from "./helpers";

test("the filter condition is built as rows with a picked field, saved as formulas, and the run follows it", async ({
  page,
}) => {
  const { token, id } = await newInstance("notify-on-won-deal", "condition");
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: /won deals/ }).click();
  const panel = page.getByTestId("node-panel");
  const builder = panel.getByTestId("condition-builder");

  // The hand-written comparison opens as one row: field chip · operator · value.
  const first = builder.getByRole("listitem", { name: "Condition condition 1" });
  await expect(first.getByRole("button", { name: "Variable Deal updated › stage" })).toBeVisible();
  await expect(first.getByRole("combobox", { name: "Condition condition 1 operator" })).toHaveValue("is");
  await expect(first.getByRole("textbox", { name: "Condition condition 1 value" })).toHaveValue("won");
  await expect(panel.getByText("$eval")).toHaveCount(0);

  // Add "amount ≥ 1000", the field picked with the keyboard alone.
  await builder.getByRole("button", { name: "+ Add condition" }).click();
  const second = builder.getByRole("listitem", { name: "Condition condition 2" });
  await second.getByRole("button", { name: "Pick a variable…" }).focus();
  await page.keyboard.press("Enter");
  const search = page.getByRole("combobox", { name: "Search variables" });
  await expect(search).toBeFocused();
  await page.keyboard.type("amount");
  await page.keyboard.press("Enter");
  await expect(second.getByRole("button", { name: "Variable Deal updated › amount" })).toBeVisible();
  await second.getByRole("combobox", { name: "Condition condition 2 operator" }).selectOption("gte");
  // A number field is compared with a number input.
  await second.getByRole("spinbutton", { name: "Condition condition 2 value" }).fill("1000");

  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await builder.getByRole("combobox", { name: "Condition match" }).selectOption("or");
  await builder.getByRole("combobox", { name: "Condition match" }).selectOption("and");
  await expect(builder.getByTestId("value-preview")).toBeVisible();
  expect(requests).toEqual([]);
  await panel.screenshot({ path: "e2e/screenshots/condition-builder.png" });

  await panel.getByRole("button", { name: "Save node" }).click();
  await expect(panel.getByTestId("node-customized")).toBeVisible();
  const instance = await getInstance(token, id);
  // The flow has one filter node.
  const filterNode = Object.values(instance.nodes).find((n) => n.type === "filter");
  expect(filterNode?.config).toEqual({
    filter: {
      $and: [
        { $eval: { $var: "$.input.deal-updated.stage" }, is: "won" },
        { $eval: { $var: "$.input.deal-updated.amount" }, gte: 1000 },
      ],
    },
  });

  const client = sdk(token);
  const outputsFor = async (amount: number) => {
    const run = await client
      .flowInstance(id)
      .run({ input: { dealId: "d1", title: "Big", stage: "won", amount } });
    await expect
      .poll(async () => (await client.flowRun(run.id).get()).state, { timeout: 20_000 })
      .toBe("completed");
    return JSON.stringify(await client.flowRun(run.id).getNodeOutputs("message"));
  };
  expect(await outputsFor(5000)).toContain("Deal Big was won (5000 USD)");
  expect(await outputsFor(500)).not.toContain("Deal Big was won");
});
