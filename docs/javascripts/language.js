// The language switch keeps the clause a reader is on: /zh-Hans/1.0/#open-weights leads to
// /zh-Hant/1.0/#open-weights and /1.0/#open-weights. The links work without it, to the page's top.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-keep-anchor]");
  if (link && location.hash) {
    link.href = link.href.split("#")[0] + location.hash;
  }
});
