// Assessments: create, open, duplicate and delete the assessments kept on this device; import and
// export `.isms.json` files (optionally encrypted with a passphrase); load the example ISMS.
import * as store from "../store.js";
import * as engine from "../engine.js";
import { seal, unseal, opened, isSealed, passphraseProblem, MIN_PASSPHRASE } from "../vault.js";
import { el, button, download, section, humanise } from "../dom.js";
import { askPassphrase } from "./passphrase.js";

const blank = (name) => ({ schema: "isms/2", organisation: { name } });

async function create(app, name, document) {
  const record = await store.create({ id: store.newId(), name, document });
  app.session.changed(record.id);
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

async function importFile(app, file) {
  let value = JSON.parse(await file.text());
  if (isSealed(value)) {
    opened(value); // a malformed or out-of-bounds envelope is refused before a passphrase is asked
    let plain;
    const passphrase = await askPassphrase({
      title: "Open an encrypted file",
      intro: `“${file.name}” is encrypted. Enter the passphrase it was exported with.`,
      action: "Decrypt",
      check: async (pass) => {
        try {
          plain = await unseal(value, pass);
          return null;
        } catch (err) {
          return err.message;
        }
      },
    });
    if (passphrase === null) throw new Error("cancelled: the file is encrypted and no passphrase was given");
    value = JSON.parse(plain);
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
          const copy = await store.create({ ...source, id: store.newId(), name: `${source.name} (copy)`, revision: undefined });
          app.session.changed(copy.id);
          app.render();
        }, { "aria-label": `Duplicate ${r.name || "Untitled"}` }),
        button("Delete", async () => {
          if (!confirm(`Delete “${r.name}” from this device?`)) return;
          if (r.id === app.record?.id) await app.close();
          await store.remove(r.id);
          app.session.deleted(r.id);
          app.render();
        }, { class: "danger", "aria-label": `Delete ${r.name || "Untitled"}` })))));
  });
  const storage = el("p", { class: "muted small", "data-testid": "storage-persistence" });
  app.session.persisted().then((kept) => {
    storage.textContent = kept === true
      ? "Storage is persistent: the browser keeps these assessments until you delete them."
      : kept === false
        ? "Storage is not persistent: the browser may clear these assessments when it runs short of space. Export a backup of each one."
        : "This browser does not say whether it keeps these assessments: export a backup of each one.";
  });
  root.append(section("On this device", list, storage));

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

  const fileIn = el("input", { id: "import-file", type: "file", accept: ".json,application/json" });
  const importMsg = el("p", { class: "muted", role: "status", "data-testid": "import-message" });
  fileIn.addEventListener("change", async () => {
    const file = fileIn.files[0];
    if (!file) return;
    try {
      await importFile(app, file);
    } catch (err) {
      importMsg.textContent = `Not imported: ${err.message}${err.path ? ` (at ${err.path})` : ""}`;
    }
    fileIn.value = "";
  });
  root.append(section("Import",
    el("div", { class: "inline-form" },
      el("div", { class: "field" }, el("label", { for: "import-file", text: "An .isms.json file (encrypted files ask for their passphrase)" }), fileIn)),
    importMsg));

  if (app.record) {
    const fileName = () => (app.doc.organisation?.name || "assessment").replace(/[^\w.-]+/g, "-").toLowerCase();
    const exportDoc = button("Export .isms.json", () => {
      download(`${fileName()}.isms.json`, "application/json", JSON.stringify(app.doc, null, 2));
      app.session.exported();
      app.notify("Exported.");
    }, { id: "export-document" });
    const exportSealed = button("Export encrypted…", async () => {
      const passphrase = await askPassphrase({
        title: "Export encrypted",
        intro: "The file can be opened only with this passphrase. Nobody can recover it if it is lost.",
        hint: `At least ${MIN_PASSPHRASE} characters; a few unrelated words are easy to remember.`,
        action: "Export encrypted",
        repeat: true,
        check: async (pass, again) => passphraseProblem(pass, again),
      });
      if (passphrase === null) return;
      download(`${fileName()}.encrypted.isms.json`, "application/json", await seal(JSON.stringify(app.doc, null, 2), passphrase));
      app.session.exported();
      app.notify("Exported, encrypted with your passphrase.");
    }, { id: "export-encrypted" });
    const last = app.session.lastExport(app.record.id);
    root.append(section("Export the open assessment",
      el("div", { class: "inline-form" }, exportDoc, exportSealed),
      el("p", { class: "muted", "data-testid": "last-export", text: last ? `Last exported ${new Date(last).toLocaleString()}.` : "Not exported yet: an export is your backup if the browser clears its storage." }),
      el("p", { class: "muted", text: "Encryption: AES-GCM with a key derived from the passphrase by PBKDF2 (SHA-256, 600,000 iterations). Without the passphrase the file cannot be read." })));
  }
  return root;
}
