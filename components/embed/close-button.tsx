"use client";

import { Button } from "@/components/ui/button";
import { useParentWindow } from "./parent-window";

/** Asks the host page to close the embed (`{type: "close"}` to the parent, allowed origins only). */
export function CloseButton() {
  const parent = useParentWindow();
  return (
    <Button variant="ghost" onClick={() => parent.post({ type: "close" })} aria-label="Close">
      Close
    </Button>
  );
}
