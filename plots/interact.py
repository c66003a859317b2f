"""The report's one inline script (no CDN, nothing fetched): sortable and
filterable tables, and curve values on hover. It reads data only from
attributes the report wrote escaped, and writes text only through
textContent, so no string from a result file ever becomes markup. The page's
Content-Security-Policy allows this script by its hash and nothing else: no
other script, no fetch, no frame."""
import base64
import hashlib
import json

SCRIPT = r"""
(function () {
  "use strict";
  function num(text) {
    var t = text.replace(/[\u2212]/g, "-").replace(/T\+/, "").replace(/[,\s%h]/g, "");
    if (t === "" || t === "\u2014") return null;
    var v = Number(t);
    return isFinite(v) ? v : null;
  }
  function cellKey(row, k) {
    var c = row.cells[k];
    if (!c) return "";
    return c.hasAttribute("data-sort") ? c.getAttribute("data-sort") : c.textContent.trim();
  }
  function sortBy(table, k, th) {
    var body = table.tBodies[0];
    if (!body) return;
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = rows.every(function (r) { var s = cellKey(r, k); return s === "" || s === "\u2014" || num(s) !== null; });
    rows.sort(function (a, b) {
      var x = cellKey(a, k), y = cellKey(b, k);
      if (numeric) {
        var nx = num(x), ny = num(y);
        if (nx === null && ny === null) return 0;
        if (nx === null) return 1;
        if (ny === null) return -1;
        return dir * (nx - ny);
      }
      return dir * x.localeCompare(y);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function filterRows(table, text) {
    var q = text.trim().toLowerCase();
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    for (var i = 0; i < rows.length; i++)
      rows[i].hidden = q !== "" && rows[i].textContent.toLowerCase().indexOf(q) < 0;
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(heads, function (th, k) {
      th.tabIndex = 0;
      th.title = "sort by this column";
      th.addEventListener("click", function () { sortBy(table, k, th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sortBy(table, k, th); });
    });
    var wrap = table.parentNode;
    var input = document.createElement("input");
    input.type = "search";
    input.className = "filter";
    input.placeholder = "filter rows\u2026";
    input.setAttribute("aria-label", "filter the rows of this table");
    input.addEventListener("input", function () { filterRows(table, input.value); });
    wrap.parentNode.insertBefore(input, wrap);
  });
  // Curves: a figure with data-hover holds the axes limits and the series;
  // the axes' background patch (gid "hover-axes") gives their place in the SVG.
  var tip = document.createElement("div");
  tip.className = "hover-tip";
  tip.hidden = true;
  document.body.appendChild(tip);
  document.querySelectorAll("figure[data-hover]").forEach(function (fig) {
    var curves;
    try { curves = JSON.parse(fig.getAttribute("data-hover")); } catch (e) { return; }
    var svg = fig.querySelector("svg");
    var box = svg && svg.querySelector("[id$='hover-axes'] path, path[id$='hover-axes']");
    if (!box) return;
    var ns = "http://www.w3.org/2000/svg";
    var line = document.createElementNS(ns, "line");
    line.setAttribute("stroke", "#263238");
    line.setAttribute("stroke-width", "0.8");
    line.setAttribute("visibility", "hidden");
    line.setAttribute("pointer-events", "none");
    svg.appendChild(line);
    function at(series, t) {
      var ts = series.t, k = 0, lo = 0, hi = ts.length - 1;
      if (!ts.length || t < ts[0]) return null;
      while (lo <= hi) { var mid = (lo + hi) >> 1; if (ts[mid] <= t) { k = mid; lo = mid + 1; } else hi = mid - 1; }
      return series.v[k];
    }
    svg.addEventListener("mousemove", function (ev) {
      var b = box.getBBox(), m = box.getScreenCTM();
      if (!m || !b.width) return;
      var p = svg.createSVGPoint();
      p.x = ev.clientX; p.y = ev.clientY;
      var q = p.matrixTransform(m.inverse());
      var f = (q.x - b.x) / b.width;
      if (f < 0 || f > 1 || q.y < b.y || q.y > b.y + b.height) { tip.hidden = true; line.setAttribute("visibility", "hidden"); return; }
      var t = curves.x0 + f * (curves.x1 - curves.x0);
      var lines = [curves.xlabel.replace("{t}", (Math.round(t * 100) / 100).toString())];
      curves.series.forEach(function (s) {
        var v = at(s, t);
        if (v !== null) lines.push(s.name + ": " + (curves.percent ? (v * 100).toFixed(1) + " %" : v.toLocaleString()));
      });
      tip.textContent = lines.join("\n");
      tip.hidden = false;
      tip.style.left = (ev.pageX + 14) + "px";
      tip.style.top = (ev.pageY + 10) + "px";
      var a = svg.createSVGPoint(); a.x = b.x + f * b.width; a.y = b.y;
      var s2 = svg.getScreenCTM();
      var inRoot = s2 ? a.matrixTransform(s2.inverse().multiply(m)) : a;
      var bottom = svg.createSVGPoint(); bottom.x = a.x; bottom.y = b.y + b.height;
      var inRootB = s2 ? bottom.matrixTransform(s2.inverse().multiply(m)) : bottom;
      line.setAttribute("x1", inRoot.x); line.setAttribute("x2", inRoot.x);
      line.setAttribute("y1", inRoot.y); line.setAttribute("y2", inRootB.y);
      line.setAttribute("visibility", "visible");
    });
    svg.addEventListener("mouseleave", function () { tip.hidden = true; line.setAttribute("visibility", "hidden"); });
  });
  document.documentElement.setAttribute("data-ready", "1");  // tests: the script ran to the end
})();
""".strip()

CSS = """
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[aria-sort=ascending]::after { content: " \\25B2"; font-size: 10px; }
table.sortable th[aria-sort=descending]::after { content: " \\25BC"; font-size: 10px; }
input.filter { margin: 2px 0 6px; padding: 3px 6px; font: inherit; font-size: 13px; width: 220px; }
.hover-tip { position: absolute; z-index: 10; background: #263238; color: #fff; font-size: 12.5px;
             padding: 6px 8px; border-radius: 4px; white-space: pre; pointer-events: none; }
details > summary { cursor: pointer; font-weight: 600; margin: 4px 0; }
"""


def script_hash():
    """The CSP source for SCRIPT ('sha256-…')."""
    digest = hashlib.sha256(SCRIPT.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp_meta():
    """Only our own script runs; nothing is fetched, framed or submitted."""
    policy = (f"default-src 'none'; script-src {script_hash()}; style-src 'unsafe-inline'; "
              "img-src data:; base-uri 'none'; form-action 'none'")
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'


def hover_attr(data):
    """data-hover="…": the JSON of `data`, escaped for a double-quoted attribute."""
    text = json.dumps(data, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return ' data-hover="' + text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;") \
        .replace(">", "&gt;") + '"'
