"""The dashboard's own SVG on screen: the coverage map (outreach/views/commune_map.py) and the opening
charts (outreach/views/svg_charts.py), in one small Streamlit component (st.components.v2: inline in
the page, no iframe, nothing fetched). Every element with a <title> shows it as a tooltip on hover or
a tap; on the map a click opens the commune's details, and + / − / drag zoom and move.

No chart library is loaded for them: a page whose opening view is this map draws in about the time
of a page with one small chart (bench/NOTES.md, "Page speed against a trivial page")."""

from __future__ import annotations

import html

import streamlit as st

from outreach.i18n import t

_CSS = """
.oc-map-layout { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: flex-start; }
.oc-map-frame { position: relative; flex: 1 1 420px; min-width: 0; }
.oc-map-svg { display: block; width: 100%; touch-action: manipulation;
  user-select: none; -webkit-user-select: none; }
.oc-map-svg.oc-zoomed { touch-action: none; cursor: grab; }
.oc-map-svg path { stroke: #ffffff; stroke-width: 0.6px; vector-effect: non-scaling-stroke; fill-rule: evenodd; cursor: pointer; }
.oc-map-svg .oc-communes path:hover, .oc-map-svg .oc-communes path.oc-hover { stroke: #111111; stroke-width: 1.6px; }
.oc-map-svg path.oc-selected { stroke: #111111; stroke-width: 3px; pointer-events: none; }
.oc-svg-tip { position: absolute; z-index: 5; pointer-events: none; background: rgba(255,255,255,0.97);
  border: 1px solid #c9ced6; border-radius: 6px; padding: 6px 9px; font-size: 0.85rem; line-height: 1.35;
  box-shadow: 0 2px 8px rgba(0,0,0,0.15); white-space: nowrap; color: #1b1b1b; }
.oc-svg-tip b { display: block; margin-bottom: 2px; }
.oc-map-tools { display: flex; justify-content: flex-end; gap: 6px; margin: 0 0 4px; }
.oc-map-tools button { width: 34px; height: 34px; border: 1px solid #c9ced6; border-radius: 6px; background: #ffffff;
  font-size: 1.15rem; line-height: 1; cursor: pointer; color: #1b1b1b; padding: 0; }
.oc-map-tools button:focus-visible { outline: 2px solid #1f5f8b; }
.oc-map .legend { flex: 0 0 auto; font-size: 0.85rem; display: flex; flex-direction: column; gap: 0.75rem; align-items: flex-start; }
.oc-map .legend-title { font-weight: 600; margin-bottom: 4px; max-width: 16rem; }
.oc-map .bar-row { display: flex; gap: 6px; height: 150px; margin: 6px 0; }
.oc-map .bar { display: block; width: 16px; height: 100%; border: 1px solid #999999; }
.oc-map .ticks { position: relative; display: block; width: 11rem; height: 100%; }
.oc-map .tick { position: absolute; left: 0; transform: translateY(50%); white-space: nowrap; line-height: 1; }
.oc-map .tick::before { content: ""; display: inline-block; width: 5px; border-top: 1px solid #555555; margin-right: 4px;
  vertical-align: middle; }
.oc-map .swatches div { margin: 4px 0; }
.oc-map .swatch { display: inline-block; width: 16px; height: 11px; vertical-align: middle; border: 1px solid #999999; }
.oc-view { position: relative; }
.oc-chart { display: block; width: 100%; height: auto; font-family: inherit; user-select: none; -webkit-user-select: none; }
.oc-chart .oc-grid { stroke: #e5e5e5; stroke-width: 1; }
.oc-chart .oc-axis { stroke: #9e9e9e; stroke-width: 1; }
.oc-chart .oc-tick { fill: #555555; }
.oc-chart .oc-title { fill: #333333; }
.oc-chart .oc-label { font-weight: 600; }
.oc-chart circle { cursor: default; }
.oc-chart circle.oc-hover { stroke-width: 4; }
.oc-chart-legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; font-size: 0.9rem; margin: 0 0 0.25rem; }
.oc-chart-legend i { display: inline-block; width: 18px; height: 4px; border-radius: 2px; vertical-align: middle; margin-right: 6px; }
@media (max-width: 640px) {
  .oc-map .legend { flex: 1 1 100%; min-width: 0; gap: 0.25rem; }
  .oc-map .swatches div { white-space: normal; }
  .oc-map .bar-row { height: 110px; }
  .oc-svg-tip { white-space: normal; max-width: 15rem; }
}
"""

_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let box = parentElement.querySelector(".oc-view");
  if (!box) {
    box = document.createElement("div");
    box.className = "oc-view";
    parentElement.appendChild(box);
  }
  box.innerHTML = data.html;
  const tip = document.createElement("div");
  tip.className = "oc-svg-tip";
  tip.hidden = true;
  box.appendChild(tip);

  // Tooltips: any path or point with a <title> (moved to its accessible name on first hover, so the
  // browser's own tooltip does not show as well). Shown on hover, and on a tap on a touch screen.
  let hovered = null;
  function showTip(element, event) {
    if (hovered !== element) {
      if (hovered) hovered.classList.remove("oc-hover");
      hovered = element;
      element.classList.add("oc-hover");
      const title = element.querySelector("title");
      if (title) { element.setAttribute("aria-label", title.textContent); title.remove(); }
      const lines = (element.getAttribute("aria-label") || "").split("\\n");
      tip.replaceChildren();
      const head = document.createElement("b");
      head.textContent = lines[0];
      tip.appendChild(head);
      for (const line of lines.slice(1)) {
        const row = document.createElement("div");
        row.textContent = line;
        tip.appendChild(row);
      }
    }
    tip.hidden = false;
    const rect = box.getBoundingClientRect();
    let x = event.clientX - rect.left + 14, y = event.clientY - rect.top + 14;
    if (x + tip.offsetWidth > rect.width) x = Math.max(0, event.clientX - rect.left - tip.offsetWidth - 14);
    if (y + tip.offsetHeight > rect.height) y = Math.max(0, event.clientY - rect.top - tip.offsetHeight - 14);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function hideTip() {
    tip.hidden = true;
    if (hovered) hovered.classList.remove("oc-hover");
    hovered = null;
  }
  // A tap leaves the tooltip open (a finger has no hover) until the next tap elsewhere.
  if (box.__ocOutside) document.removeEventListener("pointerdown", box.__ocOutside, true);
  box.__ocOutside = (event) => { if (!box.contains(event.target)) hideTip(); };
  document.addEventListener("pointerdown", box.__ocOutside, true);
  const target = (event) => event.target.closest && event.target.closest("[data-code], circle[aria-label], circle:has(title)");
  for (const chart of box.querySelectorAll("svg.oc-chart")) {
    chart.addEventListener("pointermove", (event) => { const el = target(event); if (el) showTip(el, event); else hideTip(); });
    chart.addEventListener("pointerdown", (event) => { const el = target(event); if (el) showTip(el, event); });
    chart.addEventListener("pointerleave", (event) => { if (event.pointerType === "mouse") hideTip(); });
  }

  const cleanup = () => {
    document.removeEventListener("pointerdown", box.__ocOutside, true);
    if (box.__ocResize) box.__ocResize.disconnect();
  };
  const svg = box.querySelector("svg.oc-map-svg");
  const frame = box.querySelector(".oc-map-frame");
  if (!svg || !frame) return cleanup;
  const base = svg.viewBox.baseVal;
  const home = [base.x, base.y, base.width, base.height];
  // The zoom survives a rerun (another measure, a click) as long as the drawing is the same.
  let view = (box.__ocHome === home.join() && box.__ocView) || home.slice();
  box.__ocHome = home.join();

  function apply() {
    svg.setAttribute("viewBox", view.join(" "));
    svg.classList.toggle("oc-zoomed", view[2] < home[2] - 1e-6);
    box.__ocView = view;
  }
  function zoom(factor, cx, cy) {
    const width = Math.min(Math.max(view[2] * factor, home[2] / 40), home[2] * 3);
    const real = width / view[2];
    if (cx === undefined) { cx = view[0] + view[2] / 2; cy = view[1] + view[3] / 2; }
    view = [cx - (cx - view[0]) * real, cy - (cy - view[1]) * real, view[2] * real, view[3] * real];
    apply();
  }
  function toView(event) {
    const rect = svg.getBoundingClientRect();
    const scale = Math.max(view[2] / rect.width, view[3] / rect.height);
    const offsetX = (rect.width * scale - view[2]) / 2, offsetY = (rect.height * scale - view[3]) / 2;
    return [view[0] - offsetX + (event.clientX - rect.left) * scale,
            view[1] - offsetY + (event.clientY - rect.top) * scale, scale];
  }
  apply();
  // As wide as the column, as tall as its shape needs, but never taller than most of the screen
  // (72% of its height; 62% on a phone), so the whole province is in view on any screen.
  function fit() {
    const share = window.innerWidth <= 640 ? 0.62 : 0.72;
    svg.style.height = Math.round(Math.min(frame.clientWidth * home[3] / home[2], window.innerHeight * share)) + "px";
  }
  fit();
  if (box.__ocResize) box.__ocResize.disconnect();
  box.__ocResize = new ResizeObserver(fit);
  box.__ocResize.observe(frame);

  const tools = box.querySelector(".oc-map-tools");
  if (tools) {
    tools.querySelector("[data-zoom=in]").onclick = () => zoom(1 / 1.6);
    tools.querySelector("[data-zoom=out]").onclick = () => zoom(1.6);
    tools.querySelector("[data-zoom=home]").onclick = () => { view = home.slice(); apply(); };
  }

  const commune = (event) => event.target.closest && event.target.closest(".oc-communes path[data-code]");
  let drag = null;
  svg.addEventListener("pointerdown", (event) => {
    drag = {x: event.clientX, y: event.clientY, start: toView(event), view: view.slice(), moved: false,
            pan: event.pointerType === "mouse" || view[2] < home[2] - 1e-6};
  });
  svg.addEventListener("pointermove", (event) => {
    if (drag && drag.pan && (event.buttons & 1 || event.pointerType !== "mouse")) {
      const dx = event.clientX - drag.x, dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 5) {
        drag.moved = true;
        const scale = drag.start[2];
        view = [drag.view[0] - dx * scale, drag.view[1] - dy * scale, view[2], view[3]];
        apply();
        hideTip();
        return;
      }
    }
    const path = commune(event);
    if (path) showTip(path, event); else hideTip();
  });
  svg.addEventListener("pointerleave", (event) => { if (event.pointerType === "mouse") hideTip(); });
  svg.addEventListener("pointerup", (event) => {
    const moved = drag && drag.moved;
    drag = null;
    if (moved) return;
    const path = commune(event);
    if (path) {
      showTip(path, event);
      setTriggerValue("clicked", path.getAttribute("data-code"));
    }
  });
  svg.addEventListener("wheel", (event) => {
    if (!event.ctrlKey && !event.metaKey) return;  // a plain wheel scrolls the page; ctrl + wheel (or a pinch) zooms
    event.preventDefault();
    const [x, y] = toView(event);
    zoom(event.deltaY > 0 ? 1.25 : 0.8, x, y);
  }, {passive: false});
  return cleanup;  // when the view leaves the page
}
"""

_component = st.components.v2.component("outreach_svg", css=_CSS, js=_JS, isolate_styles=False)


def show(content: str, *, key: str, on_click=None):
    """Draw `content` (SVG and HTML built from escaped text only: outreach/views/commune_map.py,
    svg_charts.py, report_map.py) with its tooltips; returns the component's result."""
    return _component(key=key, data={"html": content}, on_clicked_change=on_click)


def commune_map(svg: str, legend: str, *, lang: str, key: str, on_click) -> None:
    """The coverage map with its zoom buttons and legend; on_click runs (before the page's next run)
    when a commune is clicked: its code is st.session_state[key].clicked."""
    esc = html.escape
    buttons = "".join(
        f'<button type="button" data-zoom="{zoom}" title="{esc(t(text, lang))}" aria-label="{esc(t(text, lang))}">{sign}</button>'
        for zoom, text, sign in (("in", "map_zoom_in", "+"), ("out", "map_zoom_out", "−"), ("home", "map_zoom_home", "⤢")))
    # The buttons sit above the drawing, never over a commune or the legend.
    show(f'<div class="oc-map"><div class="oc-map-layout"><div class="oc-map-frame">'
         f'<div class="oc-map-tools">{buttons}</div>{svg}</div>{legend}</div></div>', key=key, on_click=on_click)
