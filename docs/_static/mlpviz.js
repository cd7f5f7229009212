// What the theme and Sphinx-Gallery leave out for keyboard and screen-reader
// users. Runs once the page is parsed, after Sphinx-Gallery's own scripts.
document.addEventListener("DOMContentLoaded", () => {
  // The gallery's tag filter: Sphinx-Gallery draws its tags as <div>s that
  // only a mouse can press (sphinx_gallery/_static/sg-tags.js). They become
  // buttons the keyboard reaches and presses, that say whether they are on.
  document.querySelectorAll(".sphx-glr-tag, #sphx-glr-tag-clear").forEach((tag) => {
    tag.setAttribute("role", "button");
    tag.tabIndex = 0;
    const pressed = () => tag.setAttribute("aria-pressed", tag.classList.contains("active"));
    if (tag.classList.contains("sphx-glr-tag")) {
      pressed();
      tag.addEventListener("click", pressed);
    }
    tag.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        tag.click();
      }
    });
  });
  // An example's "Tags: a, b" line: each tag links to the gallery filtered
  // by it (sg-tags.js reads ?sg-tags=, so the links need this script too).
  const root = document.documentElement.dataset.content_root || "";
  document.querySelectorAll("p.sphx-glr-example-tags").forEach((line) => {
    const text = line.textContent;
    const end = text.indexOf("Tags:") + "Tags:".length;
    const tags = text.slice(end).split(",");
    line.replaceChildren(`${text.slice(0, end).trim()} `);
    tags.map((tag) => tag.trim()).forEach((tag, number) => {
      const link = document.createElement("a");
      link.href = `${root}auto_examples/index.html?sg-tags=${encodeURIComponent(tag)}`;
      link.textContent = tag;
      line.append(...(number ? [", ", link] : [link]));
    });
  });
  // The tags are drawn: the thumbnails below them may show (mlpviz.css).
  document.documentElement.classList.add("mlpviz-tags-drawn");
  // The sidebar's expand buttons are a <summary> holding only an icon
  // (pydata-sphinx-theme, since pydata/pydata-sphinx-theme#1582): a name.
  document.querySelectorAll(".bd-sidenav details > summary").forEach((summary) => {
    const section = summary.parentElement.previousElementSibling;
    const title = section ? section.textContent.trim() : "this section";
    summary.setAttribute("aria-label", `Pages of ${title}`);
  });
  // Wide outputs (pandas tables) scroll sideways in a box of their own
  // (mlpviz.css): the keyboard can reach it, and scroll it with the arrows.
  document.querySelectorAll(".bd-content .rendered_html").forEach((box) => {
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Table; scrolls sideways");
  });
});
