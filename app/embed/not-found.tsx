export default function EmbedNotFound() {
  return (
    <div className="mx-auto max-w-md px-4 py-12">
      <div
        role="alert"
        data-testid="embed-not-found"
        className="rounded-lg border border-slate-200 bg-white p-6"
      >
        <h1 className="mb-1 text-lg font-semibold text-slate-900">Not found</h1>
        <p className="text-sm text-slate-600">
          This flow instance or run does not exist, or it does not belong to your account.
        </p>
      </div>
    </div>
  );
}
