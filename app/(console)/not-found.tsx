import Link from "next/link";

export default function NotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-8 text-center">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-1 text-sm text-slate-500">It may have been removed, or the link is wrong.</p>
      <Link href="/flow-instances" className="mt-4 inline-block text-sm text-brand-700 hover:underline">
        Back to flow instances
      </Link>
    </div>
  );
}
