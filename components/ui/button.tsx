import type { ButtonHTMLAttributes } from "react";

const variants = {
  primary: "bg-brand-600 text-white hover:bg-brand-700 border-transparent",
  secondary: "bg-white text-slate-700 hover:bg-slate-50 border-slate-300",
  danger: "bg-white text-red-700 hover:bg-red-50 border-red-300",
  dangerSolid: "bg-red-600 text-white hover:bg-red-700 border-transparent",
  ghost: "bg-transparent text-slate-600 hover:bg-slate-100 border-transparent",
} as const;

export type ButtonVariant = keyof typeof variants;

export function buttonClass(variant: ButtonVariant = "secondary", size: "sm" | "md" = "md") {
  return `inline-flex items-center justify-center gap-1.5 rounded-md border font-medium shadow-xs transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${
    size === "sm" ? "px-2 py-1 text-xs" : "px-3 py-1.5 text-sm"
  } ${variants[variant]}`;
}

/** A button; `pending` (an action in flight) disables it and marks it busy. */
export function Button({
  variant = "secondary",
  size = "md",
  className = "",
  type = "button",
  pending,
  disabled,
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: "sm" | "md";
  pending?: boolean;
}) {
  return (
    <button
      type={type}
      className={`${buttonClass(variant, size)} ${className}`}
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      {...props}
    />
  );
}
