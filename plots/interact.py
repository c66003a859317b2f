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
    // Numbers sort as numbers; text cells ("not by T+960", "—") after them.
    var numeric = rows.some(function (r) { return num(cellKey(r, k)) !== null; });
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
  // Curves: a figure's data-hover lists its axes (limits and series); each
  // axes' background patch (gid "hover-axes-K") gives its place in the SVG.
  var tip = document.createElement("div");
  tip.className = "hover-tip";
  tip.hidden = true;
  document.body.appendChild(tip);
  function valueAt(series, t) {
    var ts = series.t, k = -1, lo = 0, hi = ts.length - 1;
    while (lo <= hi) { var mid = (lo + hi) >> 1; if (ts[mid] <= t) { k = mid; lo = mid + 1; } else hi = mid - 1; }
    return k < 0 ? null : series.v[k];
  }
  function fmt(v, percent) {
    return percent ? (v * 100).toFixed(1) + " %" : Math.round(v).toLocaleString("en-US");
  }
  document.querySelectorAll("figure[data-hover]").forEach(function (fig) {
    var axes;
    try { axes = JSON.parse(fig.getAttribute("data-hover")); } catch (e) { return; }
    var svg = fig.querySelector("svg");
    if (!svg || !Array.isArray(axes)) return;
    axes.forEach(function (a) { a.box = svg.querySelector("[id$='-" + a.gid + "'] path"); });
    var ns = "http://www.w3.org/2000/svg";
    var line = document.createElementNS(ns, "line");
    line.setAttribute("stroke", "#263238");
    line.setAttribute("stroke-width", "0.8");
    line.setAttribute("visibility", "hidden");
    line.setAttribute("pointer-events", "none");
    svg.appendChild(line);
    function hide() { tip.hidden = true; line.setAttribute("visibility", "hidden"); }
    svg.addEventListener("mousemove", function (ev) {
      var root = svg.getScreenCTM();
      if (!root) return;
      for (var i = 0; i < axes.length; i++) {
        var a = axes[i];
        if (!a.box) continue;
        var b = a.box.getBBox(), m = a.box.getScreenCTM();
        if (!m || !b.width) continue;
        var p = svg.createSVGPoint();
        p.x = ev.clientX; p.y = ev.clientY;
        var q = p.matrixTransform(m.inverse());
        var f = (q.x - b.x) / b.width;
        if (f < 0 || f > 1 || q.y < b.y || q.y > b.y + b.height) continue;
        var t = a.x0 + f * (a.x1 - a.x0);
        var lines = [a.xlabel.replace("{t}", (Math.round(t * 100) / 100).toString())];
        a.series.forEach(function (s) {
          var v = valueAt(s, t);
          if (v !== null) lines.push(s.name + ": " + fmt(v, a.percent));
        });
        tip.textContent = lines.join("\n");
        tip.hidden = false;
        tip.style.left = (ev.pageX + 14) + "px";
        tip.style.top = (ev.pageY + 10) + "px";
        var toRoot = root.inverse().multiply(m);
        var top = svg.createSVGPoint(), bottom = svg.createSVGPoint();
        top.x = bottom.x = b.x + f * b.width; top.y = b.y; bottom.y = b.y + b.height;
        top = top.matrixTransform(toRoot); bottom = bottom.matrixTransform(toRoot);
        line.setAttribute("x1", top.x); line.setAttribute("x2", top.x);
        line.setAttribute("y1", top.y); line.setAttribute("y2", bottom.y);
        line.setAttribute("visibility", "visible");
        return;
      }
      hide();
    });
    svg.addEventListener("mouseleave", hide);
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


def hover_axes(ax, k, xlabel, percent, series):
    """Marks axes `ax` for hover (its background patch gets gid hover-axes-K)
    and returns its data-hover entry; series: [{"name", "t", "v"}]."""
    gid = f"hover-axes-{k}"
    ax.patch.set_gid(gid)
    x0, x1 = ax.get_xlim()
    return {"gid": gid, "x0": x0, "x1": x1, "xlabel": xlabel, "percent": percent, "series": series}


def hover_series(name, times, values):
    """{"name", "t", "v"} with only the samples where the value changes (each
    sample holds until the next, as the scores count it); NaN is null."""
    ts, vs, last = [], [], object()
    for t, v in zip(list(times), list(values)):
        v = None if v != v else round(float(v), 4)
        if v != last:
            ts.append(round(float(t), 4))
            vs.append(v)
            last = v
    return {"name": name, "t": ts, "v": vs}


def hover_attr(data):
    """data-hover="…": the JSON of `data`, escaped for a double-quoted attribute."""
    text = json.dumps(data, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return ' data-hover="' + text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;") \
        .replace(">", "&gt;") + '"'
