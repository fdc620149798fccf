import { expect, test } from "@playwright/test";
import { api } from "../fixtures";
import { customerWithInstance, embedUrl } from "./helpers";

// The embed's run list follows the change stream: a run started through the API after the customer's
// configuration page loaded appears at the top of "Recent runs" and ends there as completed, without a
// reload; the page's own stream (its EventSource, read through the browser's DevTools protocol) carries
// none of another customer's runs started meanwhile.

const input = { firstName: "Live", lastName: "List", email: "live-list@example.com" };

test("the embed's recent runs gain a run started after the page loaded, without a reload or another customer's data", async ({
  page,
}) => {
  const [mine, other] = await Promise.all([
    customerWithInstance("live-list"),
    customerWithInstance("live-other"),
  ]);
  const wire: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  cdp.on("Network.eventSourceMessageReceived", (m) => wire.push(`${m.eventId} ${m.eventName} ${m.data}`));

  await page.goto(embedUrl(`flow-instances/${mine.instanceId}/configuration`, { token: mine.token }));
  const rows = page.getByTestId("embed-runs").locator("tbody tr");
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-status", "live");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-run-id", mine.runId);
  let loads = 0;
  page.on("load", () => loads++);

  const started = await api(mine.token, "POST", "/flow-runs", { flowInstanceId: mine.instanceId, input });
  expect(started.status, JSON.stringify(started.body)).toBeLessThan(300);
  const runId = started.body.id as string;
  const theirs = await api(other.token, "POST", "/flow-runs", { flowInstanceId: other.instanceId, input });
  expect(theirs.status, JSON.stringify(theirs.body)).toBeLessThan(300);

  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute("data-run-id", runId);
  await expect(rows.first().getByText("completed")).toBeVisible({ timeout: 20_000 });
  // The link opens that run's embedded page.
  await expect(rows.first().getByRole("link")).toHaveAttribute(
    "href",
    new RegExp(`/embed/flow-runs/${runId}/editor`),
  );
  await expect
    .poll(async () => (await api(other.token, "GET", `/flow-runs/${theirs.body.id}`)).body.state, {
      timeout: 20_000,
    })
    .toBe("completed");
  expect(loads).toBe(0);

  // The stream carried this customer's run to its end, and nothing of the other customer.
  const bytes = wire.join("\n");
  expect(bytes).toContain(runId);
  expect(bytes).toMatch(new RegExp(`"runId":"${runId}"[^\\n]*"state":"completed"`));
  for (const id of [other.instanceId, other.runId, theirs.body.id as string, other.connectionId])
    expect(bytes).not.toContain(id);
  await expect(page.locator("body")).not.toContainText(theirs.body.id as string);
});
