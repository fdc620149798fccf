export type Principal =
  | { kind: "admin"; via: "token" | "session" }
  | { kind: "customer"; customerId: string; internalId: string; name?: string };

export const isAdmin = (p: Principal): p is Extract<Principal, { kind: "admin" }> => p.kind === "admin";
