"""Dependency heat map: sector × sector strengths from model.json. Asset-level
dependencies count for their nodes' sectors, aggregated as the maximum."""
import matplotlib.pyplot as plt
import numpy as np

from . import style
from .results import param_value


def strength_matrix(model):
    """(sectors, M) with M[consumer, supplier] = max strength of any dependency
    from the supplier sector (or one of its nodes) to the consumer's."""
    sectors = model.get("sectors") or []
    index = {str(s.get("id")): i for i, s in enumerate(sectors)}
    sector_of = {str(n.get("id")): str(n.get("sector")) for n in model.get("nodes") or []}
    m = np.zeros((len(sectors), len(sectors)))
    for dep in model.get("dependencies") or []:
        if dep.get("effect", "function") != "function":
            continue
        a = str(dep.get("from"))
        b = str(dep.get("to"))
        i = index.get(sector_of.get(b, b))
        j = index.get(sector_of.get(a, a))
        if i is None or j is None:
            continue
        m[i, j] = max(m[i, j], param_value(dep.get("strength", 1.0), 1.0))
    return sectors, m


def plot(res):
    """Heat-map figure, or None without model.json."""
    if not res.model or not res.model.get("sectors"):
        return None
    sectors, m = strength_matrix(res.model)
    n = len(sectors)
    size = max(5.5, 0.55 * n + 3.2)
    fig, ax = plt.subplots(figsize=(size + 1.4, size))
    masked = np.ma.masked_equal(m, 0.0)
    cmap = plt.get_cmap("Reds").copy()
    cmap.set_bad("#f7f7f7")
    image = ax.imshow(masked, cmap=cmap, vmin=0, vmax=1, aspect="equal")
    for i in range(n):
        for j in range(n):
            if m[i, j] > 0:
                ax.text(j, i, f"{m[i, j]:.2f}".rstrip("0").rstrip("."), ha="center", va="center",
                        fontsize=8 if n > 10 else 10,
                        color="white" if m[i, j] > 0.6 else "black")
    labels = [style.sector_label(s) for s in sectors]
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xticklabels(labels, rotation=50, ha="right", rotation_mode="anchor")
    ax.set_yticklabels(labels)
    ax.set_xticks(np.arange(-0.5, n, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, n, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.2)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("supplier sector (from)")
    ax.set_ylabel("consumer sector (to): depends on the column")
    detail = " (asset dependencies: max per sector pair)" if res.model.get("nodes") else ""
    ax.set_title(f"Dependency strengths{detail}", loc="left")
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("strength: share of function lost at full supply loss")
    return fig
