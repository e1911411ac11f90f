"""WCAG 2 contrast between two colours (no Kivy: a plain function of RGB values).

https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio: (L1 + 0.05) / (L2 + 0.05), L1 the
relative luminance of the lighter colour. Body text needs at least 4.5:1.
"""

MINIMUM_TEXT_CONTRAST = 4.5


def _linear(channel: float) -> float:
    """An sRGB channel (0–1) as linear light."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb) -> float:
    """The relative luminance of an sRGB colour given as 0–1 channels (alpha ignored)."""
    red, green, blue = (_linear(float(channel)) for channel in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second) -> float:
    """How far apart two colours are, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
