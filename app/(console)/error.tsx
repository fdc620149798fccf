"use client";

import { useEffect } from "react";

export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => console.error(error), [error]);
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-red-900">
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="mt-1 text-sm">{error.message || "The page could not be loaded."}</p>
      {error.digest && <p className="mt-1 font-mono text-xs text-red-700">Reference: {error.digest}</p>}
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-red-100"
      >
        Try again
      </button>
    </div>
  );
}
