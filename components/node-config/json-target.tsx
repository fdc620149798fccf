"use client";

import { createContext, useContext } from "react";

/** The JSON field that last had focus: the variable picker inserts into it. */
export type JsonTarget = { label: string; insert: (text: string) => void };

export type JsonTargetApi = {
  setActive: (target: JsonTarget) => void;
  /** JSON fields report whether their text parses, so Save can refuse half-typed JSON. */
  setInvalid: (id: string, invalid: boolean) => void;
};

export const JsonTargetContext = createContext<JsonTargetApi | null>(null);
export const useJsonTarget = () => useContext(JsonTargetContext);
