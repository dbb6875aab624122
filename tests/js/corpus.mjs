// The shared case corpus as the node runners read it: its files, and `{"$fixture": name}` values
// replaced by the fixture's document (or, for a file that is no `.json`, the base64 of its bytes).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The tests/ folder. */
export const testsDir = fileURLToPath(new URL("..", import.meta.url));

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** Every `.json` file under tests/<folder>, in path order. */
export function corpus(folder) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".json")) files.push(path);
    }
  };
  walk(join(testsDir, folder));
  return files.sort();
}

/**
 * The file a fixture name stands for: tests/fixtures/<name> for a bare name, tests/<name> for a
 * name with `/`; names that leave tests/ are refused.
 */
export function fixturePath(name) {
  const parts = name.replace(/\\/g, "/").split("/");
  if (name.startsWith("/") || parts.some((part) => part === "" || part === "..")) {
    throw new Error(`$fixture ${JSON.stringify(name)} must be a relative path inside tests/`);
  }
  return name.includes("/") ? join(testsDir, name) : join(testsDir, "fixtures", name);
}

/**
 * `value` with every `{"$fixture": name}` replaced by the file it names (see `fixturePath`): its
 * JSON value, or the base64 of its bytes when it is no `.json` file
 * (`{"$fixture": "registers/clean_risk_register.xlsx"}`).
 */
export function withFixtures(value) {
  if (Array.isArray(value)) return value.map(withFixtures);
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$fixture") {
      const path = fixturePath(value.$fixture);
      if (value.$fixture.endsWith(".json")) return JSON.parse(readFileSync(path, "utf8"));
      return readFileSync(path).toString("base64");
    }
    return Object.fromEntries(keys.map((k) => [k, withFixtures(value[k])]));
  }
  return value;
}
