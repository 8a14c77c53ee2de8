import { useCallback, useEffect, useState } from "react";

export type ThemeChoice = "system" | "light" | "dark";
const storageKey = "finchat.theme";
const darkQuery = "(prefers-color-scheme: dark)";

export function storedTheme(): ThemeChoice {
  const value = localStorage.getItem(storageKey);
  return value === "light" || value === "dark" ? value : "system";
}

/** Sets `data-theme` on the root element, which the stylesheet's colour variables follow. */
export function applyTheme(choice: ThemeChoice): void {
  const dark = choice === "dark" || (choice === "system" && matchMedia(darkQuery).matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
}

/** The theme in effect now, for code that draws its own colours (diagrams). */
export function currentTheme(): "light" | "dark" {
  return document.documentElement.dataset.theme === "dark" ? "dark" : "light";
}

/** The person's theme choice, remembered in this browser; "system" follows the OS setting live. */
export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(storedTheme);
  useEffect(() => {
    applyTheme(choice);
    if (choice !== "system") return;
    const media = matchMedia(darkQuery);
    const follow = () => applyTheme("system");
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, [choice]);
  const choose = useCallback((next: ThemeChoice) => {
    if (next === "system") localStorage.removeItem(storageKey);
    else localStorage.setItem(storageKey, next);
    setChoice(next);
  }, []);
  return [choice, choose];
}
