// Tables inside <div class="sortable"> sort by a column when its heading is clicked.
// A cell may carry its sort key in a data-sort attribute (a level's rank, for instance).
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll(".sortable table")) {
    table.querySelectorAll("th").forEach((header, column) => {
      header.title = "Sort by this column";
      header.addEventListener("click", () => {
        const body = table.tBodies[0];
        const key = (row) => {
          const cell = row.cells[column];
          const marked = cell.querySelector("[data-sort]");
          return marked ? Number(marked.dataset.sort) : cell.textContent.trim().toLowerCase();
        };
        const ascending = header.dataset.order !== "ascending";
        header.dataset.order = ascending ? "ascending" : "descending";
        const rows = [...body.rows].sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0));
        if (!ascending) rows.reverse();
        body.append(...rows);
      });
    });
  }
});
