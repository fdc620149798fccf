/** Shown when the embed cookie's token is refused (proxy.ts answers 401 before this in the usual cases). */
export function NotAuthorized({ reason }: { reason: string }) {
  return (
    <div className="mx-auto max-w-md px-4 py-12">
      <div
        role="alert"
        data-testid="embed-not-authorized"
        className="rounded-lg border border-red-200 bg-white p-6"
      >
        <h1 className="mb-1 text-lg font-semibold text-red-800">Not authorized</h1>
        <p className="text-sm text-slate-600">
          {reason}. Ask the application that showed this page to open it again.
        </p>
      </div>
    </div>
  );
}
