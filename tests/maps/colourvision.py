"""Colour-vision arithmetic for the palette test: Machado et al. (2009) simulation and CIEDE2000.

Written out here rather than taken from a library so the test states exactly what it checks:

* sRGB (IEC 61966-2-1) to linear RGB and back;
* the dichromacy matrices of Machado, Oliveira and Fernandes, "A Physiologically-based Model
  for Simulation of Color Vision Deficiency", IEEE TVCG 15(6), 2009, at severity 1.0 (their
  published table), applied to linear RGB and clipped to the gamut;
* linear RGB to CIE XYZ (D65) to CIELAB;
* CIEDE2000 colour difference (Sharma, Wu and Dalal, "The CIEDE2000 Color-Difference
  Formula: Implementation Notes...", Color Research & Application 30(1), 2005), with
  kL = kC = kH = 1.  Checked against the paper's test pairs in ``test_palette.py``.
"""

from __future__ import annotations

import math

Vec = tuple[float, float, float]

#: Machado et al. (2009), severity 1.0 (rows: output R, G, B; columns: input R, G, B; linear RGB).
MACHADO: dict[str, tuple[Vec, Vec, Vec]] = {
    "protanopia": ((0.152286, 1.052583, -0.204868),
                   (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968),
                     (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779),
                   (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}
SIMULATIONS = ("normal", *MACHADO)


def hex_to_srgb(colour: str) -> Vec:
    h = colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return (int(h[0:2], 16) / 255, int(h[2:4], 16) / 255, int(h[4:6], 16) / 255)


def to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def simulate(colour: str, deficiency: str) -> Vec:
    """Linear RGB of ``colour`` as seen with ``deficiency`` ("normal": unchanged)."""
    lin = tuple(to_linear(c) for c in hex_to_srgb(colour))
    if deficiency == "normal":
        return lin  # type: ignore[return-value]
    m = MACHADO[deficiency]
    out = tuple(sum(m[r][k] * lin[k] for k in range(3)) for r in range(3))
    return tuple(min(1.0, max(0.0, v)) for v in out)  # type: ignore[return-value]


# D65 white and the sRGB primaries (IEC 61966-2-1).
_XYZ = ((0.4124564, 0.3575761, 0.1804375),
        (0.2126729, 0.7151522, 0.0721750),
        (0.0193339, 0.1191920, 0.9503041))
_WHITE = (0.95047, 1.0, 1.08883)


def linear_to_lab(lin: Vec) -> Vec:
    xyz = [sum(_XYZ[r][k] * lin[k] for k in range(3)) / _WHITE[r] for r in range(3)]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(t) for t in xyz)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def ciede2000(lab1: Vec, lab2: Vec) -> float:
    """CIEDE2000 difference of two CIELAB colours (kL = kC = kH = 1)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    C1, C2 = math.hypot(a1, b1), math.hypot(a2, b2)
    Cbar = (C1 + C2) / 2
    G = 0.5 * (1 - math.sqrt(Cbar ** 7 / (Cbar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = math.hypot(a1p, b1), math.hypot(a2p, b2)

    def hue(a: float, b: float) -> float:
        if a == 0 and b == 0:
            return 0.0
        h = math.degrees(math.atan2(b, a))
        return h + 360 if h < 0 else h

    h1p, h2p = hue(a1p, b1), hue(a2p, b2)
    dLp = L2 - L1
    dCp = C2p - C1p
    if C1p * C2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    elif h2p - h1p > 180:
        dhp = h2p - h1p - 360
    else:
        dhp = h2p - h1p + 360
    dHp = 2 * math.sqrt(C1p * C2p) * math.sin(math.radians(dhp / 2))
    Lbp = (L1 + L2) / 2
    Cbp = (C1p + C2p) / 2
    if C1p * C2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbp = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hbp = (h1p + h2p + 360) / 2
    else:
        hbp = (h1p + h2p - 360) / 2
    T = (1 - 0.17 * math.cos(math.radians(hbp - 30)) + 0.24 * math.cos(math.radians(2 * hbp))
         + 0.32 * math.cos(math.radians(3 * hbp + 6)) - 0.20 * math.cos(math.radians(4 * hbp - 63)))
    dtheta = 30 * math.exp(-(((hbp - 275) / 25) ** 2))
    Rc = 2 * math.sqrt(Cbp ** 7 / (Cbp ** 7 + 25 ** 7))
    Sl = 1 + 0.015 * (Lbp - 50) ** 2 / math.sqrt(20 + (Lbp - 50) ** 2)
    Sc = 1 + 0.045 * Cbp
    Sh = 1 + 0.015 * Cbp * T
    Rt = -math.sin(math.radians(2 * dtheta)) * Rc
    return math.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2
                     + Rt * (dCp / Sc) * (dHp / Sh))


def distance(c1: str, c2: str, deficiency: str = "normal") -> float:
    """CIEDE2000 between two sRGB hex colours as seen with ``deficiency``."""
    return ciede2000(linear_to_lab(simulate(c1, deficiency)), linear_to_lab(simulate(c2, deficiency)))
