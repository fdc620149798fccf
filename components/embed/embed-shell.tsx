import type { ReactNode } from "react";
import type { EmbedTheme } from "@/lib/core/embed";
import { EmbedThemeStyle } from "./embed-theme";
import { ParentWindowProvider } from "./parent-window";
import { CloseButton } from "./close-button";

/** Frame of every embed page: theme, messaging towards the host window, title row with Close. */
export function EmbedShell({
  theme,
  allowedOrigins,
  title,
  subtitle,
  badges,
  actions,
  children,
}: {
  theme: EmbedTheme;
  allowedOrigins: string[];
  title: ReactNode;
  subtitle?: ReactNode;
  badges?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <ParentWindowProvider allowedOrigins={allowedOrigins}>
      <EmbedThemeStyle theme={theme} />
      <div className="mx-auto max-w-6xl px-4 py-4" data-testid="embed-page" data-theme={theme.theme}>
        <header className="mb-4 flex flex-wrap items-start gap-3 border-b border-slate-200 pb-3">
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <h1 className="truncate text-xl font-semibold text-slate-900">{title}</h1>
              {badges}
            </div>
            {subtitle && <p className="mt-0.5 text-sm text-slate-500">{subtitle}</p>}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {actions}
            <CloseButton />
          </div>
        </header>
        {children}
      </div>
    </ParentWindowProvider>
  );
}
