// A modal dialog asking for a passphrase (a <dialog> with labelled inputs, never window.prompt):
// once to open an encrypted file, twice (they must match) to seal an export.
import { el, button } from "../dom.js";

/**
 * Asks for a passphrase. `repeat` asks for it twice; `check(passphrase, repeated)` resolves to a
 * problem to show (the dialog stays open) or null to accept. Resolves to the passphrase, or null
 * when cancelled.
 */
export function askPassphrase({ title, intro, action, repeat = false, hint, check }) {
  return new Promise((done) => {
    const input = el("input", { id: "passphrase-input", type: "password", autocomplete: repeat ? "new-password" : "current-password", required: true, "aria-describedby": hint ? "passphrase-hint" : undefined });
    const again = repeat ? el("input", { id: "passphrase-repeat", type: "password", autocomplete: "new-password", required: true }) : null;
    const problem = el("p", { class: "field-error", id: "passphrase-problem", role: "alert", "data-testid": "passphrase-problem" });
    const ok = el("button", { type: "submit", id: "passphrase-ok", text: action });
    const form = el("form", { method: "dialog", novalidate: true },
      el("h2", { id: "passphrase-title", text: title }),
      intro ? el("p", { text: intro }) : null,
      el("div", { class: "field" }, el("label", { for: "passphrase-input", text: "Passphrase" }), input,
        hint ? el("p", { class: "muted small", id: "passphrase-hint", text: hint }) : null),
      again ? el("div", { class: "field" }, el("label", { for: "passphrase-repeat", text: "Repeat the passphrase" }), again) : null,
      problem,
      el("div", { class: "dialog-actions" }, ok, button("Cancel", () => finish(null), { id: "passphrase-cancel" })));
    const dialog = el("dialog", { class: "passphrase-dialog", "aria-labelledby": "passphrase-title", "data-testid": "passphrase-dialog" }, form);
    let settled = false;
    function finish(value) {
      if (settled) return;
      settled = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      done(value);
    }
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      finish(null);
    });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      ok.disabled = true;
      problem.textContent = "";
      try {
        const why = check ? await check(input.value, again?.value) : null;
        if (why) {
          problem.textContent = `${why[0].toUpperCase()}${why.slice(1)}.`;
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", [hint ? "passphrase-hint" : null, "passphrase-problem"].filter(Boolean).join(" "));
          input.focus();
          return;
        }
        finish(input.value);
      } finally {
        ok.disabled = false;
      }
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}
