import { type ThemeChoice, useTheme } from "./theme.ts";

export function ThemeSelect() {
  const [choice, choose] = useTheme();
  return (
    <label className="theme-select">
      <span className="visually-hidden">Theme</span>
      <select value={choice} onChange={(e) => choose(e.target.value as ThemeChoice)}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
