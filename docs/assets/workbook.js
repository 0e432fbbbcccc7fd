/* The Reflective Therapist: the workbook.
 *
 * Saves ticks and notes in this browser only (localStorage), keyed by checklist id and
 * item id, never by position or text. Nothing is ever sent anywhere. One JSON document
 * under KEY holds everything; FORMAT and VERSION mark its shape. If storage is blocked or
 * full, the page still works for the visit. Unreadable or unknown data is kept aside under
 * ASIDE, never deleted, and the reader is told.
 */
(() => {
  "use strict";

  const KEY = "reflective-therapist/workbook";
  const ASIDE = KEY + "/set-aside";
  const FORMAT = "reflective-therapist-workbook";
  const VERSION = 1;
  const MAX_IMPORT_BYTES = 1024 * 1024;

  const state = { data: null, saving: true, notice: "" };

  /* ---------- data ---------- */

  const empty = () => ({ format: FORMAT, version: VERSION, checklists: {}, lastExport: null });
  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

  /* Why a document is not a workbook we can use, or "" when it is. */
  function problemWith(doc) {
    if (!isObject(doc) || doc.format !== FORMAT) return "it is not a Reflective Therapist workbook export";
    if (doc.version !== VERSION) return `it uses format version ${JSON.stringify(doc.version)}, which this site does not know (it knows version ${VERSION})`;
    if (!isObject(doc.checklists)) return "its list of checklists is missing or damaged";
    for (const [id, entry] of Object.entries(doc.checklists)) {
      const items = entry && entry.items;
      if (!isObject(entry) || !isObject(items) || typeof (entry.note ?? "") !== "string" || !Array.isArray(entry.checkins ?? [])) {
        return `the answers for "${id}" are damaged`;
      }
      for (const answer of Object.values(items)) {
        if (!isObject(answer) || typeof (answer.checked ?? false) !== "boolean" || typeof (answer.note ?? "") !== "string") {
          return `the answers for "${id}" are damaged`;
        }
      }
    }
    return "";
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function load() {
    const store = storage();
    let raw = null;
    try {
      raw = store.getItem(KEY);
      store.setItem(KEY + "/probe", "1");
      store.removeItem(KEY + "/probe");
    } catch (error) {
      state.saving = false;
      state.notice = "This browser is not letting the site save anything (private browsing or strict settings can do this). Your ticks and notes work for this visit, but they will be gone when you close the page. Export your answers before you leave.";
      return empty();
    }
    if (raw === null) return empty();
    let doc = null;
    try {
      doc = JSON.parse(raw);
    } catch (error) {
      doc = undefined;
    }
    const problem = doc === undefined ? "they could not be read" : problemWith(doc);
    if (!problem) return doc;
    try {
      store.setItem(ASIDE, raw);
      store.removeItem(KEY);
    } catch (error) {
      state.saving = false;
    }
    state.notice = `Your saved answers could not be used (${problem}). They have been kept aside, not deleted, and the workbook has started afresh. You can download the set-aside copy from the workbook page.`;
    return empty();
  }

  function save() {
    if (!state.saving) return;
    try {
      storage().setItem(KEY, JSON.stringify(state.data));
    } catch (error) {
      state.saving = false;
      state.notice = "Your answers can no longer be saved in this browser (its storage is full or blocked). They will last for this visit only: export them now to keep a copy.";
      showNotice();
    }
  }

  function entryFor(id, create) {
    let entry = state.data.checklists[id];
    if (!entry && create) entry = state.data.checklists[id] = { items: {}, note: "", updated: null, checkins: [] };
    return entry;
  }

  function update(id, change) {
    const entry = entryFor(id, true);
    change(entry);
    entry.updated = new Date().toISOString();
    save();
  }

  /* Items reflected on: ticked, or with a note, among the items the checklist has now. */
  function progress(id, itemIds) {
    const entry = entryFor(id, false);
    if (!entry) return "Not started yet.";
    const done = itemIds.filter((item) => entry.items[item] && (entry.items[item].checked || (entry.items[item].note || "").trim())).length;
    return `Reflected on ${done} of ${itemIds.length} items` + (entry.updated ? `, last on ${day(entry.updated)}.` : ".");
  }

  const day = (iso) => new Date(iso).toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
  const stamp = () => new Date().toISOString().slice(0, 10);

  /* ---------- page ---------- */

  function say(scope, message) {
    const status = scope.querySelector(".rt-status");
    if (status) status.textContent = message;
  }

  function showNotice() {
    document.querySelectorAll(".rt-notice").forEach((el) => el.remove());
    if (!state.notice) return;
    const first = document.querySelector(".rt-checklist, .rt-workbook-tools");
    if (!first) return;
    const notice = document.createElement("p");
    notice.className = "rt-notice admonition warning";
    notice.setAttribute("role", "status");
    notice.textContent = state.notice;
    first.before(notice);
  }

  function showProgress() {
    document.querySelectorAll("[data-rt-progress]").forEach((el) => {
      el.textContent = progress(el.dataset.rtProgress, el.dataset.items.split(" "));
      el.hidden = false;
    });
    const exported = state.data.lastExport ? `You last exported your answers on ${day(state.data.lastExport)}.` : "You have not exported your answers yet.";
    document.querySelectorAll("[data-rt-last-export]").forEach((el) => { el.textContent = exported; });
  }

  function mirror(textarea) {
    /* Printed pages show notes as text (a textarea prints only its visible part). */
    let copy = textarea.nextElementSibling;
    if (!copy || !copy.classList.contains("rt-print-note")) {
      copy = document.createElement("div");
      copy.className = "rt-print-only rt-print-note";
      textarea.after(copy);
    }
    copy.textContent = textarea.value;
  }

  function bindChecklist(root) {
    const id = root.dataset.checklist;
    const entry = entryFor(id, false);
    root.querySelectorAll(".rt-checklist__item").forEach((li) => {
      const item = li.dataset.item;
      const box = li.querySelector("input[type=checkbox]");
      const answer = entry && entry.items[item];
      box.checked = Boolean(answer && answer.checked);
      box.onchange = () => {
        update(id, (e) => { e.items[item] = { ...e.items[item], checked: box.checked }; });
        showProgress();
      };
      const details = li.querySelector(".rt-item-note");
      details.hidden = false;
      details.open = Boolean(answer && answer.note);
    });
    root.querySelectorAll("textarea[data-rt-note]").forEach((textarea) => {
      const item = textarea.dataset.rtNote;
      textarea.value = (item ? entry && entry.items[item] && entry.items[item].note : entry && entry.note) || "";
      mirror(textarea);
      let timer = 0;
      textarea.oninput = () => {
        mirror(textarea);
        clearTimeout(timer);
        timer = setTimeout(() => {
          update(id, (e) => {
            if (item) e.items[item] = { ...e.items[item], note: textarea.value };
            else e.note = textarea.value;
          });
          showProgress();
        }, 300);
      };
    });
    const tools = root.querySelector(".rt-tools");
    tools.hidden = false;
    tools.querySelector("[data-rt-action=checkin]").onclick = () => {
      update(id, (e) => {
        e.checkins.push({ date: new Date().toISOString(), note: e.note, items: JSON.parse(JSON.stringify(e.items)) });
      });
      renderCheckins(root);
      say(tools, `Check-in saved for ${day(new Date().toISOString())}.`);
    };
    tools.querySelector("[data-rt-action=export-json]").onclick = () => exportJson(tools);
    renderCheckins(root);
  }

  function labelFor(root, item) {
    const label = root.querySelector(`label[for="${root.dataset.checklist}-${item}-box"]`);
    return label ? label.textContent.trim().replace(/\.$/, "") : `(an item that is no longer in this checklist: ${item})`;
  }

  function renderCheckins(root) {
    const entry = entryFor(root.dataset.checklist, false);
    const checkins = (entry && entry.checkins) || [];
    const list = root.querySelector(".rt-checkins__list");
    root.querySelector(".rt-checkins__empty").hidden = checkins.length > 0;
    list.replaceChildren(...checkins.map((checkin, index) => {
      const li = document.createElement("li");
      const ticked = Object.values(checkin.items).filter((a) => a.checked).length;
      li.append(`${day(checkin.date)}: ${ticked} ticked. `);
      const button = document.createElement("button");
      button.type = "button";
      button.className = "rt-link-button";
      button.textContent = "What has changed since?";
      button.onclick = () => say(root.querySelector(".rt-tools"), changesSince(root, checkins[index]));
      li.append(button);
      return li;
    }).reverse());
  }

  function changesSince(root, checkin) {
    const now = entryFor(root.dataset.checklist, false).items;
    const ids = new Set([...Object.keys(now), ...Object.keys(checkin.items)]);
    const was = (item) => Boolean(checkin.items[item] && checkin.items[item].checked);
    const is = (item) => Boolean(now[item] && now[item].checked);
    const noteOf = (answers, item) => (answers[item] && answers[item].note) || "";
    const ticked = [...ids].filter((item) => is(item) && !was(item)).map((item) => labelFor(root, item));
    const unticked = [...ids].filter((item) => was(item) && !is(item)).map((item) => labelFor(root, item));
    const notes = [...ids].filter((item) => noteOf(now, item) !== noteOf(checkin.items, item)).length;
    const parts = [];
    if (ticked.length) parts.push(`Newly ticked: ${ticked.join("; ")}.`);
    if (unticked.length) parts.push(`No longer ticked: ${unticked.join("; ")}.`);
    if (notes) parts.push(`${notes} item note${notes === 1 ? "" : "s"} changed.`);
    return `Since ${day(checkin.date)}: ` + (parts.length ? parts.join(" ") : "no changes.");
  }

  /* ---------- export, import, clear ---------- */

  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function markExported(scope, what) {
    state.data.lastExport = new Date().toISOString();
    save();
    showProgress();
    say(scope, `${what} downloaded. Keep the file somewhere safe and private.`);
  }

  function exportJson(scope) {
    const doc = { ...state.data, exported: new Date().toISOString() };
    download(`reflective-therapist-answers-${stamp()}.json`, "application/json", JSON.stringify(doc, null, 2) + "\n");
    markExported(scope, "Your answers were");
  }

  function exportMarkdown(scope) {
    const catalog = JSON.parse(document.getElementById("rt-catalog").textContent).checklists;
    const lines = ["# My reflections: The Reflective Therapist", "", `Exported on ${day(new Date().toISOString())}.`, ""];
    const known = new Set(catalog.map((c) => c.id));
    const sections = [...catalog, ...Object.keys(state.data.checklists).filter((id) => !known.has(id)).map((id) => ({ id, title: id, items: [] }))];
    for (const checklist of sections) {
      const entry = entryFor(checklist.id, false);
      if (!entry) continue;
      lines.push(`## ${checklist.title}`, "");
      const listed = new Set(checklist.items.map((i) => i.id));
      const rows = [...checklist.items, ...Object.keys(entry.items).filter((id) => !listed.has(id)).map((id) => ({ id, prompt: `(no longer in the checklist: ${id})` }))];
      for (const item of rows) {
        const answer = entry.items[item.id] || {};
        lines.push(`- [${answer.checked ? "x" : " "}] ${item.prompt}`);
        if ((answer.note || "").trim()) lines.push(`  - Note: ${answer.note.trim().replace(/\n+/g, " ")}`);
      }
      if ((entry.note || "").trim()) lines.push("", `Notes: ${entry.note.trim()}`);
      if (entry.checkins.length) lines.push("", `Check-ins saved: ${entry.checkins.map((c) => day(c.date)).join(", ")}.`);
      lines.push("");
    }
    download(`reflective-therapist-summary-${stamp()}.md`, "text/markdown", lines.join("\n"));
    markExported(scope, "Your summary was");
  }

  function hasAnswers() {
    return Object.keys(state.data.checklists).length > 0;
  }

  async function importFile(scope, input) {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    const refuse = (why) => say(scope, `That file was not imported: ${why}. Your current answers are unchanged.`);
    if (!/\.json$/i.test(file.name) && file.type !== "application/json") return refuse("it is not a JSON export from this site (the file name should end in .json)");
    if (file.size > MAX_IMPORT_BYTES) return refuse("it is larger than any export from this site could be");
    let doc;
    try {
      doc = JSON.parse(await file.text());
    } catch (error) {
      return refuse("it is damaged or incomplete, and could not be read");
    }
    const problem = problemWith(doc);
    if (problem) return refuse(problem);
    if (hasAnswers() && !window.confirm("Replace the answers saved in this browser with the ones in this file? Your current answers will be lost unless you have exported them.")) {
      return say(scope, "Import cancelled. Your current answers are unchanged.");
    }
    const { exported, ...answers } = doc;
    state.data = { ...answers, lastExport: answers.lastExport ?? null };
    save();
    init();
    say(scope, `Imported answers for ${Object.keys(doc.checklists).length} checklists.`);
  }

  function clearAll(scope) {
    if (!window.confirm("Clear every tick, note and check-in saved in this browser? This cannot be undone.")) {
      return say(scope, "Nothing was cleared.");
    }
    state.data = empty();
    save();
    init();
    say(scope, "Your answers have been cleared from this browser.");
  }

  function bindTools(root) {
    root.hidden = false;
    root.querySelector("[data-rt-action=export-json]").onclick = () => exportJson(root);
    root.querySelector("[data-rt-action=export-md]").onclick = () => exportMarkdown(root);
    root.querySelector("[data-rt-action=clear]").onclick = () => clearAll(root);
    root.querySelector("[data-rt-import]").onchange = (event) => importFile(root, event.target);
    let aside = null;
    try {
      aside = storage().getItem(ASIDE);
    } catch (error) {
      aside = null;
    }
    root.querySelector(".rt-aside")?.remove();
    if (aside) {
      const p = document.createElement("p");
      p.className = "rt-aside";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = "Download the set-aside answers";
      button.onclick = () => download(`reflective-therapist-set-aside-${stamp()}.json`, "application/json", aside);
      p.append("Some earlier answers could not be used and were kept aside. ", button);
      root.querySelector(".rt-status").before(p);
    }
  }

  /* ---------- copy a permanent link (objectives, questions, checklists, items) ---------- */

  function permanentLink(id) {
    const canonical = document.querySelector("link[rel=canonical]");
    const base = canonical ? canonical.href : location.href.split("#")[0];
    return `${base.split("#")[0]}#${id}`;
  }

  function announce(message) {
    let region = document.getElementById("rt-announce");
    if (!region) {
      region = document.createElement("div");
      region.id = "rt-announce";
      region.className = "rt-visually-hidden";
      region.setAttribute("role", "status");
      document.body.append(region);
    }
    region.textContent = "";
    setTimeout(() => { region.textContent = message; }, 50);
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      const field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "rt-visually-hidden";
      document.body.append(field);
      field.select();
      const done = document.execCommand && document.execCommand("copy");
      field.remove();
      return Boolean(done);
    }
  }

  function addCopyButtons() {
    const targets = document.querySelectorAll(
      "article li[id^='objective-'], article li[id^='question-'], article h1[id^='checklist-'], " +
      "article h2[id^='checklist-'], article h3[id^='checklist-'], article .rt-checklist__item[id]");
    targets.forEach((target) => {
      if (target.querySelector(":scope > .rt-copy")) return;
      const what = target.matches(".rt-checklist__item") ? "this item" : target.matches("[id^='checklist-']")
        ? "this checklist" : target.id.startsWith("objective-") ? "this objective" : "this question";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "rt-copy";
      button.textContent = "Copy link";
      button.setAttribute("aria-label", `Copy link to ${what}`);
      button.onclick = async () => {
        const link = permanentLink(target.id);
        announce(await copy(link) ? `Link copied: ${link}` : `Copy this link: ${link}`);
      };
      const anchor = target.querySelector(":scope > .headerlink");
      if (target.matches(".rt-checklist__item")) target.querySelector("label").after(button);
      else if (anchor) anchor.after(button);
      else target.append(" ", button);
    });
  }

  /* ---------- print: open collapsed blocks so every note and detail is on paper ---------- */

  let reopened = [];
  window.addEventListener("beforeprint", () => {
    reopened = [...document.querySelectorAll("details:not([open])")];
    reopened.forEach((d) => { d.open = true; });
  });
  window.addEventListener("afterprint", () => {
    reopened.forEach((d) => { d.open = false; });
    reopened = [];
  });

  function init() {
    addCopyButtons();
    if (document.getElementById("print-site-page")) return; // the printable workbook stays blank
    if (!state.data) state.data = load();
    document.querySelectorAll(".rt-checklist[data-checklist]").forEach(bindChecklist);
    document.querySelectorAll(".rt-workbook-tools").forEach(bindTools);
    showProgress();
    showNotice();
  }

  /* Read stored answers afresh: another tab may have changed them. */
  function reload() {
    if (!state.saving) return;
    state.data = null;
    init();
  }

  /* Material's instant navigation swaps pages without reloading: initialize on each one.
   * Opened from disk (the offline copy), Material completes document$ without a value,
   * so fall back to the page's own load. */
  let started = false;
  const start = () => { started = true; init(); };
  const whenLoaded = () => {
    if (started) return;
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
    else start();
  };
  if (window.document$) window.document$.subscribe({ next: start, complete: whenLoaded });
  else whenLoaded();
  /* A page restored from the back-forward cache, or answers changed in another tab. */
  window.addEventListener("pageshow", (event) => { if (event.persisted) reload(); });
  window.addEventListener("storage", (event) => { if (event.key === KEY) reload(); });
})();
