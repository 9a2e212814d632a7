"""The one palette every map, legend and export imports: a colour per status, the hatch, context tints.

Chosen so the four Russian-controlled statuses differ in lightness *and* hue (light pink frozen,
red occupied, dark brown de facto, dark indigo de jure) and what Ukraine gives up is orange.
`tests/test_palette.py` checks the distances in CIELAB under simulated colour-vision deficiency
(Machado et al. 2009), so a change that makes two statuses look alike fails.
"""
from __future__ import annotations

PALETTE: dict[str, str] = {
    "ukraine": "#88CCEE",          # light blue (Tol)
    "returned": "#0077BB",         # strong blue: back to Ukraine (Tol vibrant)
    "occupied": "#CC3311",         # red: Russian-held, nothing agreed (Tol vibrant)
    "frozen": "#EE99AA",           # light pink: Russian-held behind a frozen line (Tol light)
    "russia_de_facto": "#663333",  # dark brown: recognised de facto
    "russia_de_jure": "#332288",   # dark indigo: recognised de jure (Tol muted)
    "ceded": "#E69F00",            # orange: Ukraine withdraws, Russia takes over (Okabe–Ito)
    "demilitarized": "#DDCC77",    # sand, always drawn hatched (Tol muted)
    "undecided": "#E5E5E5",        # pale grey: left to later talks
}
HATCH = "#5b4a00"                  # the demilitarised zone's diagonal lines

# Quiet context under the zones (neighbours, seas, rivers): low contrast, no status colour.
SEA = "#d6e4ee"
LAND = "#f2f0eb"
NEIGHBOUR_BORDER = "#b9b4aa"
WATER = "#a9c6da"
WATER_LABEL = "#4f7a99"
