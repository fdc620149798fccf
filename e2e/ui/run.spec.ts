import { expect, test } from "@playwright/test";
import { api } from "../fixtures";
import { newInstance } from "./helpers";

test("Run takes input from the generated form, the run page completes, and Repeat starts the same run again", async ({
  page,
}) => {
  const { token, id } = await newInstance("sync-new-contacts", "run");
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run with input" });
  // The form comes first, with the focus on its first field; the raw JSON is behind "Edit as JSON".
  const first = dialog.getByTestId("run-input-form").getByRole("textbox").first();
  await expect(first).toBeFocused();
  await expect(dialog.getByLabel("Input (JSON)")).toHaveCount(0);
  await page.keyboard.type("typed");
  await expect(first).toHaveValue("typed");
  await dialog.getByLabel("First name").fill("Grace");
  await dialog.getByLabel("Last name").fill("Hopper");
  await dialog.getByLabel("Email").fill("grace@example.org");
  // Round trip: the form's values as JSON, edited there, back in the form.
  await dialog.getByRole("button", { name: "Edit input as JSON" }).click();
  const json = dialog.getByLabel("Input (JSON)");
  expect(JSON.parse(await json.inputValue())).toEqual({
    firstName: "Grace",
    lastName: "Hopper",
    email: "grace@example.org",
  });
  await json.fill(JSON.stringify({ firstName: "Grace", lastName: "Hopper", email: "grace@example" }));
  await expect(dialog.getByRole("button", { name: "Edit input as fields" })).toBeEnabled();
  await json.fill('{"firstName": ');
  await expect(dialog.getByRole("button", { name: "Edit input as fields" })).toBeDisabled();
  await json.fill(JSON.stringify({ firstName: "Grace", lastName: "Hopper", email: "grace@example.com" }));
  await dialog.getByRole("button", { name: "Edit input as fields" }).click();
  await expect(dialog.getByLabel("Email")).toHaveValue("grace@example.com");
  await expect(dialog.getByLabel("First name")).toHaveValue("Grace");
  await expect(dialog.getByLabel("Input (JSON)")).toHaveCount(0);
  await dialog.getByRole("button", { name: "Start run" }).click();

  await page.waitForURL(/\/flow-runs\/[0-9a-f]{24}$/);
  const runId = page.url().split("/").pop()!;
  await expect(page.getByTestId("run-state")).toHaveText("completed");
  await expect(page.getByTestId("run-output")).toContainText("grace@example.com");
  const run = await api(token, "GET", `/flow-runs/${runId}`);
  expect(run.body.state).toBe("completed");
  expect(run.body.flowInstanceId).toBe(id);
  expect(run.body.input).toEqual({ firstName: "Grace", lastName: "Hopper", email: "grace@example.com" });

  // Every node is coloured as completed; a node's runs show its output.
  await expect(page.locator('.react-flow__node [data-state="completed"]')).toHaveCount(3);
  await page.getByRole("button", { name: /^Shape contact/ }).click();
  await expect(page.getByTestId("node-runs").getByTestId("node-run-outputs")).toContainText(
    "grace@example.com",
  );
  await page.screenshot({ path: "e2e/screenshots/flow-run-detail.png", fullPage: true });

  await page.getByRole("button", { name: "Repeat" }).click();
  await page.waitForURL(
    (url) => /\/flow-runs\/[0-9a-f]{24}$/.test(url.pathname) && !url.pathname.endsWith(runId),
  );
  await expect(page.getByTestId("run-state")).toHaveText("completed");
  const repeatId = page.url().split("/").pop()!;
  const repeated = await api(token, "GET", `/flow-runs/${repeatId}`);
  expect(repeated.body.input).toEqual(run.body.input);
  expect(repeated.body.startNodeKey).toBe(run.body.startNodeKey);

  await page.goto(`/flow-runs?flowInstanceId=${id}`);
  await expect(page.getByRole("table").getByRole("link", { name: runId })).toBeVisible();
  await expect(page.getByRole("table").getByRole("link", { name: repeatId })).toBeVisible();
  await page.screenshot({ path: "e2e/screenshots/flow-runs.png", fullPage: true });
});

test("an invalid run input shows the API's message", async ({ page }) => {
  const { id } = await newInstance("sync-new-contacts", "run-invalid");
  await page.goto(`/flow-instances/${id}`);
  await page.getByRole("button", { name: "Run", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Run with input" });
  await dialog.getByRole("button", { name: "Edit input as JSON" }).click();
  await dialog.getByLabel("Input (JSON)").fill(JSON.stringify({ lastName: "No email" }));
  await dialog.getByRole("button", { name: "Start run" }).click();
  await expect(dialog.getByRole("alert")).toContainText(/input/i);
  await expect(page).toHaveURL(new RegExp(`/flow-instances/${id}`));
});
