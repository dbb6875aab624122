// The shared case corpus as the node runners read it: its files, and `{"$fixture": name}` values
// replaced by the fixture's document.
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

/** `value` with every `{"$fixture": "name.isms.json"}` replaced by that file of tests/fixtures. */
export function withFixtures(value) {
  if (Array.isArray(value)) return value.map(withFixtures);
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$fixture") {
      return JSON.parse(readFileSync(join(testsDir, "fixtures", value.$fixture), "utf8"));
    }
    return Object.fromEntries(keys.map((k) => [k, withFixtures(value[k])]));
  }
  return value;
}
