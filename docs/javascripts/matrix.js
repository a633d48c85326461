// The gallery's matrix (/models/): filters, sorting and picking models to compare. The table is
// complete without this file; it only adds controls. /models/compare/: the comparison, built from
// /models/index.json for the models named in ?models=a,b,c. Text from the data is set with
// textContent only, never as HTML.
"use strict";

const MAX_COMPARED = 4;

// A license category's or an availability's id by its words' initials, as the cells' classes
// have it (sitegen.matrix.short_id): open-source -> os.
const shortId = (id) => id.split("-").filter(Boolean).map((word) => word[0]).join("");

// At 1,000 models the work is the browser's, not the script's: at the start the script reads the
// rows once and adds one checkbox per row, with one listener for all of them; a filter change
// writes only the rows whose visibility changes, in one pass with no layout read between writes.
function matrixControls(table) {
  const frame = table.closest(".om-matrix-frame");
  const body = table.tBodies[0];
  const rows = [...body.rows];
  const headers = [...table.tHead.rows[0].cells];
  const components = headers.filter((th) => th.dataset.component);
  const firstComponent = headers.indexOf(components[0]);
  const legend = document.querySelector(".om-legend");
  const states = [...legend.querySelectorAll("li > span")].map((span) => span.className);
  const categories = [...legend.querySelectorAll(".om-legend-categories li")];
  const byState = new Map(states.map((name, index) => [name, index]));
  // What the filters ask of a row, read once: its producer and type are its second and third cells.
  const facts = rows.map((row) => ({
    row,
    level: row.dataset.level,
    kind: row.dataset.kind || "curated",
    producer: row.cells[1].textContent.trim(),
    type: row.cells[2].textContent.trim(),
    shown: true,
  }));

  const bar = document.createElement("form");
  bar.className = "om-filters";
  bar.setAttribute("role", "search");
  bar.addEventListener("submit", (event) => event.preventDefault());
  const select = (label, options, name) => {
    const wrap = document.createElement("label");
    wrap.textContent = label + " ";
    const element = document.createElement("select");
    element.name = name;
    for (const [value, text] of [["", "any"], ...options]) element.add(new Option(text, value));
    element.addEventListener("change", apply);
    wrap.append(element);
    bar.append(wrap, " ");
    return element;
  };
  const distinct = (key) =>
    [...new Set(facts.map((fact) => fact[key]).filter(Boolean))]
      .sort((a, b) => a.localeCompare(b))
      .map((value) => [value, value]);
  const levels = new Map();
  for (const fact of facts) {
    if (levels.has(fact.level)) continue;
    const cell = fact.row.cells[3];
    levels.set(fact.level, [Number(cell.dataset.sort), cell.querySelector("a").textContent]);
  }
  const levelOptions = [...levels.entries()]
    .sort((a, b) => a[1][0] - b[1][0])
    .map(([id, [, title]]) => [id, title]);
  const level = select("Level", levelOptions, "level");
  const producer = select("Producer", distinct("producer"), "producer");
  const type = select("Type", distinct("type"), "type");
  const kind = select("Reviewed", [["curated", "curated"], ["imported", "imported"]], "kind");
  const category = select(
    "License category",
    categories.map((li) => [li.firstElementChild.className, li.textContent.trim()]),
    "category",
  );
  const component = select(
    "of",
    components.map((th) => [th.dataset.component, th.textContent.trim()]),
    "component",
  );
  component.options[0].textContent = "any component";
  const count = document.createElement("output");
  const compare = document.createElement("a");
  compare.className = "om-compare-link";
  bar.append(count, " ", compare);

  const picked = [];
  const pickedChanged = () => {
    compare.textContent = `Compare the ${picked.length} picked (2 to ${MAX_COMPARED})`;
    if (picked.length >= 2) compare.href = "compare/?models=" + picked.map(encodeURIComponent).join(",");
    else compare.removeAttribute("href");
  };
  const model = document.createElement("input");
  model.type = "checkbox";
  model.title = "Pick this model to compare";
  for (const row of rows) {
    const box = model.cloneNode();
    box.setAttribute("aria-label", "Compare " + row.cells[0].firstChild.textContent);
    row.cells[0].prepend(box, " ");
  }
  body.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
    const id = box.closest("tr").dataset.id;
    const at = picked.indexOf(id);
    if (box.checked && picked.length >= MAX_COMPARED) box.checked = false;
    else if (box.checked) picked.push(id);
    else if (at >= 0) picked.splice(at, 1);
    pickedChanged();
  });
  pickedChanged();

  function apply() {
    const column = component.value ? headers.findIndex((th) => th.dataset.component === component.value) : -1;
    let shown = 0;
    const changed = [];
    for (const fact of facts) {
      let keep =
        (!level.value || fact.level === level.value) &&
        (!producer.value || fact.producer === producer.value) &&
        (!type.value || fact.type === type.value) &&
        (!kind.value || fact.kind === kind.value);
      if (keep && category.value) {
        const cells = fact.row.cells;
        if (column >= 0) keep = cells[column].className === category.value;
        else {
          keep = false;
          for (let at = firstComponent; at < cells.length && !keep; at++) keep = cells[at].className === category.value;
        }
      }
      if (keep !== fact.shown) changed.push(fact);
      fact.shown = keep;
      shown += keep ? 1 : 0;
    }
    for (const fact of changed) fact.row.hidden = !fact.shown;
    count.textContent = `${shown} of ${rows.length} models shown`;
  }
  apply();
  frame.before(bar);

  headers.forEach((header, column) => {
    header.title = header.title || "Sort by this column";
    header.tabIndex = 0;
    const sort = () => {
      const key = (row) => {
        const cell = row.cells[column];
        if (column >= firstComponent) return byState.get(cell.className) ?? states.length;
        if (cell.dataset.sort !== undefined) return -Number(cell.dataset.sort);
        return cell.textContent.trim().toLowerCase();
      };
      const keys = new Map(rows.map((row) => [row, key(row)]));
      const ascending = header.dataset.order !== "ascending";
      for (const other of headers) delete other.dataset.order;
      header.dataset.order = ascending ? "ascending" : "descending";
      header.setAttribute("aria-sort", header.dataset.order);
      rows.sort((a, b) => {
        const [x, y] = [keys.get(a), keys.get(b)];
        const order = x > y ? 1 : x < y ? -1 : 0;
        return ascending ? order : -order;
      });
      body.append(...rows); // one move of every row: one layout, after the script
    };
    header.addEventListener("click", (event) => {
      if (event.target.closest("a")) return; // a heading's link still leads to its clause
      sort();
    });
    header.addEventListener("keydown", (event) => {
      if (event.key === "Enter") sort();
    });
  });
  // The words of a cell's state, from the legend, as its tooltip when the pointer is over it.
  const said = new Map(
    [...legend.querySelectorAll("li")].map((li) => [li.firstElementChild.className, li.textContent.trim()]),
  );
  body.addEventListener("mouseover", (event) => {
    const cell = event.target.closest("td[class]");
    if (!cell || cell.title) return;
    const header = headers[cell.cellIndex].textContent.trim();
    const symbol = cell.textContent[0];
    const availability = [...said.entries()].find(([name, words]) => name.startsWith("a-") && words[0] === symbol);
    const parts = [availability ? availability[1].slice(2) : "", cell.className.startsWith("k-") ? said.get(cell.className).replace(/^\S+\s/, "") : ""];
    cell.title = header + ": " + parts.filter(Boolean).join(", ");
  });
  table.dataset.ready = "true";
}

function compareView(root) {
  const wanted = (new URLSearchParams(location.search).get("models") || "")
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  fetch(root.dataset.index)
    .then((response) => response.json())
    .then((index) => {
      root.textContent = "";
      const byId = new Map(index.models.map((model) => [model.id, model]));
      const chosen = [...new Set(wanted)].filter((id) => byId.has(id)).slice(0, MAX_COMPARED);
      const unknown = wanted.filter((id) => !byId.has(id));
      const picker = document.createElement("form");
      picker.className = "om-filters";
      const input = document.createElement("input");
      input.setAttribute("list", "om-compare-models");
      input.placeholder = "a model's name";
      input.setAttribute("aria-label", "Add a model by its name");
      const list = document.createElement("datalist");
      list.id = "om-compare-models";
      for (const model of index.models) {
        const option = document.createElement("option");
        option.value = `${model.name} (${model.producer}, ${model.kind}) [${model.id}]`;
        list.append(option);
      }
      const add = document.createElement("button");
      add.type = "submit";
      add.textContent = "Add";
      picker.append(input, list, " ", add);
      picker.addEventListener("submit", (event) => {
        event.preventDefault();
        const found = /\[([^\]]+)\]$/.exec(input.value);
        const id = found ? found[1] : input.value.trim();
        if (byId.has(id) && !chosen.includes(id) && chosen.length < MAX_COMPARED) {
          go([...chosen, id]);
        }
      });
      root.append(picker);
      if (unknown.length) {
        const note = document.createElement("p");
        note.textContent = "Not in the gallery: " + unknown.join(", ");
        root.append(note);
      }
      if (chosen.length < 2) {
        const note = document.createElement("p");
        note.textContent = `Pick ${2 - chosen.length} more model${chosen.length ? "" : "s"} (up to ${MAX_COMPARED}).`;
        root.append(note);
      }
      if (chosen.length) root.append(table(index, chosen.map((id) => byId.get(id)), chosen));
      root.dataset.ready = "true";
    })
    .catch((error) => {
      root.dataset.ready = "error";
      const note = document.createElement("p");
      note.textContent = "The gallery's data could not be read: " + error;
      root.append(note);
    });

  function go(ids) {
    const url = new URL(location.href);
    url.searchParams.set("models", ids.join(","));
    history.replaceState(null, "", url.pathname + "?models=" + ids.map(encodeURIComponent).join(",").replace(/%2F/g, "/"));
    compareView(root);
  }

  function table(index, models, ids) {
    const element = document.createElement("table");
    element.className = "om-compare";
    const head = element.createTHead().insertRow();
    const corner = document.createElement("th");
    corner.textContent = "Model";
    head.append(corner);
    models.forEach((model, at) => {
      const th = document.createElement("th");
      th.scope = "col";
      const link = document.createElement("a");
      link.href = "../" + model.id + "/";
      link.textContent = model.name;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.textContent = "×";
      remove.title = "Remove " + model.name;
      remove.addEventListener("click", () => go(ids.filter((_, other) => other !== at)));
      th.append(link, " ", remove);
      head.append(th);
    });
    const body = element.createTBody();
    const line = (label, cell) => {
      const row = body.insertRow();
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = label;
      row.append(th);
      for (const model of models) {
        const td = row.insertCell();
        cell(model, td);
      }
    };
    const words = (td, main, why) => {
      td.append(main);
      if (why) {
        const small = document.createElement("small");
        small.className = "om-why";
        small.textContent = why;
        td.append(document.createElement("br"), small);
      }
    };
    line("Producer", (model, td) => (td.textContent = model.producer));
    line("Type", (model, td) => (td.textContent = model.type || ""));
    line("Reviewed", (model, td) => (td.textContent = model.kind + " (" + model.sources.join(", ") + ")"));
    line(`Level (definition ${index.definition.version})`, (model, td) => words(td, model.level.title, model.level.why));
    for (const framework of index.frameworks) {
      line(framework.short_title, (model, td) => {
        const said = model.frameworks[framework.id];
        if (said) words(td, said.verdict, said.why);
      });
    }
    const categories = new Map(index.license_categories.map((item) => [item.id, item.title]));
    for (const component of index.components) {
      line(component.title, (model, td) => {
        const state = model.components[component.id];
        if (!state) return;
        td.className = state.category ? "k-" + shortId(state.category) : "a-" + shortId(state.availability);
        let text = state.availability.replace(/-/g, " ");
        if (state.license) text += ": " + state.license;
        if (state.category) text += " (" + (categories.get(state.category) || "terms unknown").toLowerCase() + ")";
        td.textContent = text;
      });
    }
    return element;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const table = document.querySelector("table.om-matrix");
  if (table) matrixControls(table);
  const root = document.getElementById("om-compare");
  if (root) compareView(root);
});
