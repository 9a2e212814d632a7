"""The palette keeps statuses apart, also for readers with colour-vision deficiency.

Colours are compared in CIELAB (ΔE*ab, CIE 1976) after simulating full dichromacy with the
matrices of Machado, Oliveira & Fernandes (2009, severity 1.0), applied in linear sRGB. A ΔE
of about 2.3 is a just-noticeable difference; map fills read apart at a glance from ~20.
"""
import itertools

import numpy as np
import pytest

from geo.maps import palette
from proposals.model import STATUSES

MACHADO = {
    "normal": np.eye(3),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
RUSSIAN_CONTROLLED = ("occupied", "frozen", "russia_de_facto", "russia_de_jure")


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) \
        @ np.clip(linear_rgb, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])  # D65 white
    f = np.where(t > 0.008856, np.cbrt(t), 7.787 * t + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str = "normal") -> float:
    m = MACHADO[vision]
    return float(np.linalg.norm(_lab(m @ _linear(a)) - _lab(m @ _linear(b))))


def test_delta_e_is_the_cie76_distance():
    assert delta_e("#000000", "#ffffff") == pytest.approx(100.0, abs=0.01)  # L* 0 → 100
    assert delta_e("#777777", "#777777") == 0.0


def test_one_palette_every_face_uses():
    assert set(palette.PALETTE) == set(STATUSES)


def test_russian_controlled_statuses_differ_at_a_glance():
    """The complaint was 'three similar magenta-purples': each pair of these four now differs
    strongly in normal vision and stays apart under every simulated dichromacy."""
    p = palette.PALETTE
    for a, b in itertools.combinations(RUSSIAN_CONTROLLED, 2):
        assert delta_e(p[a], p[b]) >= 40, (a, b)
        for vision in ("deuteranopia", "protanopia", "tritanopia"):
            assert delta_e(p[a], p[b], vision) >= 30, (a, b, vision)


@pytest.mark.parametrize("vision,floor", [("normal", 24), ("deuteranopia", 16), ("protanopia", 16),
                                          ("tritanopia", 10)])
def test_every_pair_of_statuses_stays_apart(vision, floor):
    p = palette.PALETTE
    worst = min((delta_e(p[a], p[b], vision), a, b) for a, b in itertools.combinations(STATUSES, 2))
    assert worst[0] >= floor, worst


# Pairs whose colours alone fall under ΔE 25 for some reader (normal vision, deuteranopia or protanopia),
# and the pattern that tells them apart on every map (geo/maps/patterns.py STATUS_PATTERN). Tritanopia
# (about 1 in 10,000) is checked above at a lower floor; its closest pair, frozen and ceded (ΔE 10.5),
# rests on the legend's labels and the tooltips.
CLOSE = 25.0
RELY_ON_A_PATTERN = {
    ("frozen", "undecided"): "undecided",     # deuteranopia ΔE 18.4, protanopia 22.4: dashes on land left to talks
    ("ukraine", "undecided"): "undecided",    # protanopia ΔE 22.9
    # protanopia ΔE 22.8, no pattern: frozen land is Russian-held, so where it meets Ukrainian land the
    # dashed line of contact runs along their border
    ("ukraine", "frozen"): None,
}


def close_pairs(visions=("normal", "deuteranopia", "protanopia")) -> set[tuple[str, str]]:
    p = palette.PALETTE
    return {(a, b) for a, b in itertools.combinations(STATUSES, 2)
            if min(delta_e(p[a], p[b], v) for v in visions) < CLOSE}


def test_deuteranopia_and_protanopia_are_simulated():
    # red against green, far apart in normal vision, loses most of its distance for both red-green
    # dichromacies and keeps it for tritanopia (a blue-yellow deficiency); greys are unchanged
    normal = delta_e("#ff0000", "#00ff00")
    assert delta_e("#ff0000", "#00ff00", "deuteranopia") < normal / 2
    assert delta_e("#ff0000", "#00ff00", "protanopia") < normal / 2
    assert delta_e("#ff0000", "#00ff00", "tritanopia") > normal * 0.8
    for vision in ("deuteranopia", "protanopia"):
        assert delta_e("#777777", "#ffffff", vision) == pytest.approx(delta_e("#777777", "#ffffff"), abs=0.01)


def test_statuses_too_close_in_colour_are_the_ones_named_and_carry_a_pattern():
    from geo.maps.patterns import STATUS_PATTERN, zone_patterns
    from proposals.model import DEFAULT_RECOGNITION
    assert close_pairs() == set(RELY_ON_A_PATTERN)
    for (a, b), lined in RELY_ON_A_PATTERN.items():
        if lined is None:
            continue
        other = b if lined == a else a
        assert zone_patterns(lined, DEFAULT_RECOGNITION[lined]) == [STATUS_PATTERN[lined]], (a, b)
        assert zone_patterns(other, DEFAULT_RECOGNITION[other]) == [], (a, b)  # so the pair differs by lines
