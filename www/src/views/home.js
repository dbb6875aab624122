// Assessments: create, open, duplicate and delete the assessments kept on this device; import and
// export `.isms.json` files (optionally encrypted with a passphrase); load the example ISMS.
import * as store from "../store.js";
import * as engine from "../engine.js";
import { seal, unseal, isSealed } from "../vault.js";
import { el, button, download, section, humanise } from "../dom.js";

const blank = (name) => ({ schema: "isms/2", organisation: { name } });

async function create(app, name, document) {
  const record = { id: store.newId(), name, document };
  await app.open(record);
  app.notify(`Assessment “${name}” created.`);
  app.navigate("context");
}

/** Turns a parsed file into a document the engine accepts, or throws with the reason. */
function accept(value) {
  const document = engine.migrate(value);
  engine.check(document);
  return document;
}

async function importFile(app, file, passphrase) {
  let value = JSON.parse(await file.text());
  if (isSealed(value)) {
    if (!passphrase) throw new Error("this file is encrypted: enter its passphrase and choose the file again");
    value = JSON.parse(await unseal(value, passphrase));
  }
  const document = accept(value);
  await create(app, document.organisation?.name || file.name.replace(/\.isms\.json$|\.json$/, ""), document);
}

export function home(app) {
  const root = el("div", { class: "view-home" }, el("h1", { text: "Assessments" }));
  const list = el("ul", { class: "assessments", "data-testid": "assessments" }, el("li", { class: "muted", text: "Loading…" }));
  store.list().then((records) => {
    if (!records.length) {
      list.replaceChildren(el("li", { class: "muted", text: "No assessment yet: start one below or load the example." }));
      return;
    }
    list.replaceChildren(...records.map((r) => el("li", { class: r.id === app.record?.id ? "assessment current" : "assessment", "data-id": r.id },
      el("span", { class: "name", text: r.name || "Untitled" }),
      el("span", { class: "meta", text: `changed ${new Date(r.updated).toLocaleString()}${r.score !== undefined ? ` · readiness ${r.score} (${humanise(r.verdict)})` : ""}` }),
      el("span", { class: "actions" },
        button(r.id === app.record?.id ? "Open (current)" : "Open", async () => {
          await app.open(await store.get(r.id));
          app.navigate("readiness");
        }, { "aria-label": `Open ${r.name || "Untitled"}` }),
        button("Duplicate", async () => {
          const source = await store.get(r.id);
          await store.put({ ...source, id: store.newId(), name: `${source.name} (copy)` });
          app.render();
        }, { "aria-label": `Duplicate ${r.name || "Untitled"}` }),
        button("Delete", async () => {
          if (!confirm(`Delete “${r.name}” from this device?`)) return;
          await store.remove(r.id);
          if (r.id === app.record?.id) app.close();
          else app.render();
        }, { class: "danger", "aria-label": `Delete ${r.name || "Untitled"}` })))));
  });
  root.append(section("On this device", list));

  const nameInput = el("input", { id: "new-name", type: "text", required: true, autocomplete: "organization", placeholder: "Organisation name" });
  const form = el("form", { class: "inline-form", "aria-label": "New assessment" },
    el("div", { class: "field" }, el("label", { for: "new-name", text: "Organisation" }), nameInput),
    el("button", { type: "submit", id: "create", text: "Create assessment" }));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const name = nameInput.value.trim();
    if (name) create(app, name, blank(name));
  });
  const example = button("Load example", async () => {
    try {
      const response = await fetch("example.isms.json");
      const document = accept(await response.json());
      await create(app, document.organisation.name, document);
      app.navigate("readiness");
    } catch (err) {
      app.notify(`The example could not be loaded: ${err.message}`);
    }
  }, { id: "load-example" });
  root.append(section("Start", form,
    el("p", {}, example, " A fictional 52-person SaaS company, complete enough to explore every view.")));

  const passIn = el("input", { id: "import-passphrase", type: "password", autocomplete: "off" });
  const fileIn = el("input", { id: "import-file", type: "file", accept: ".json,application/json" });
  const importMsg = el("p", { class: "muted", role: "status", "data-testid": "import-message" });
  fileIn.addEventListener("change", async () => {
    const file = fileIn.files[0];
    if (!file) return;
    try {
      await importFile(app, file, passIn.value);
    } catch (err) {
      importMsg.textContent = `Not imported: ${err.message}${err.path ? ` (at ${err.path})` : ""}`;
    }
    fileIn.value = "";
  });
  root.append(section("Import",
    el("div", { class: "inline-form" },
      el("div", { class: "field" }, el("label", { for: "import-file", text: "An .isms.json file" }), fileIn),
      el("div", { class: "field" }, el("label", { for: "import-passphrase", text: "Passphrase (encrypted files only)" }), passIn)),
    importMsg));

  if (app.record) {
    const passOut = el("input", { id: "export-passphrase", type: "password", autocomplete: "new-password" });
    const exportDoc = button("Export .isms.json", async () => {
      const text = JSON.stringify(app.doc, null, 2);
      const name = (app.doc.organisation?.name || "assessment").replace(/[^\w.-]+/g, "-").toLowerCase();
      if (passOut.value) {
        download(`${name}.encrypted.isms.json`, "application/json", await seal(text, passOut.value));
        app.notify("Exported, encrypted with your passphrase.");
      } else {
        download(`${name}.isms.json`, "application/json", text);
        app.notify("Exported.");
      }
    }, { id: "export-document" });
    root.append(section("Export the open assessment",
      el("div", { class: "inline-form" },
        el("div", { class: "field" }, el("label", { for: "export-passphrase", text: "Passphrase (optional: encrypts the file)" }), passOut),
        exportDoc),
      el("p", { class: "muted", text: "Encryption: AES-GCM with a key derived from the passphrase by PBKDF2 (SHA-256, 600,000 iterations). Without the passphrase the file cannot be read." })));
  }
  return root;
}
