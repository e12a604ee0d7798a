"""Moved to :mod:`coigraph.delegation.powers`; this name stays importable (README, older code)."""

from coigraph.delegation.powers import ChainStep, Power, Powers, Reserved, powers_of

__all__ = ["powers_of", "Powers", "Power", "Reserved", "ChainStep"]
