"""Deterministic abstract "photo-like" pictures for the demo site.

``make_picture`` draws a soft landscape (sky gradient, horizon, ground, a few palette-specific
shapes, film-grain noise) and returns JPEG bytes. The same arguments always produce the same
bytes, so the image library's content-hash dedupe treats repeated pictures as one file.

Only Pillow is used; no randomness leaks in from the process (``random.Random`` is seeded from a
CRC of the arguments, never from ``hash()``, which is salted per process).
"""

from __future__ import annotations

import io
import math
import random
import zlib

from PIL import Image, ImageDraw, ImageFilter, ImageFont

__all__ = ["DEFAULT_PALETTE", "PALETTES", "make_picture"]

# Each palette: sky top, sky bottom (horizon), ground near (horizon), ground far (bottom), accent.
PALETTES: dict[str, dict[str, tuple[int, int, int]]] = {
    "fire": {
        "sky_top": (58, 38, 44),
        "sky_bottom": (214, 108, 52),
        "ground_top": (70, 44, 36),
        "ground_bottom": (28, 20, 20),
        "accent": (255, 170, 60),
    },
    "sea": {
        "sky_top": (92, 148, 200),
        "sky_bottom": (214, 232, 240),
        "ground_top": (46, 110, 150),
        "ground_bottom": (16, 52, 84),
        "accent": (255, 236, 190),
    },
    "city": {
        "sky_top": (120, 140, 168),
        "sky_bottom": (222, 214, 204),
        "ground_top": (88, 88, 96),
        "ground_bottom": (42, 42, 50),
        "accent": (250, 214, 120),
    },
    "field": {
        "sky_top": (110, 166, 220),
        "sky_bottom": (226, 236, 240),
        "ground_top": (128, 168, 74),
        "ground_bottom": (56, 96, 40),
        "accent": (240, 220, 110),
    },
    "night": {
        "sky_top": (10, 14, 36),
        "sky_bottom": (48, 56, 100),
        "ground_top": (26, 28, 44),
        "ground_bottom": (8, 8, 16),
        "accent": (246, 238, 200),
    },
    "snow": {
        "sky_top": (160, 176, 196),
        "sky_bottom": (232, 236, 242),
        "ground_top": (244, 246, 250),
        "ground_bottom": (200, 210, 224),
        "accent": (120, 136, 160),
    },
    "stadium": {
        "sky_top": (24, 30, 56),
        "sky_bottom": (86, 96, 130),
        "ground_top": (70, 150, 70),
        "ground_bottom": (34, 100, 40),
        "accent": (250, 250, 236),
    },
    "market": {
        "sky_top": (30, 40, 60),
        "sky_bottom": (60, 84, 110),
        "ground_top": (40, 52, 70),
        "ground_bottom": (18, 24, 34),
        "accent": (90, 220, 140),
    },
    "parliament": {
        "sky_top": (150, 164, 186),
        "sky_bottom": (236, 222, 200),
        "ground_top": (110, 104, 96),
        "ground_bottom": (58, 56, 54),
        "accent": (196, 170, 120),
    },
    "desert": {
        "sky_top": (100, 160, 214),
        "sky_bottom": (246, 226, 186),
        "ground_top": (226, 180, 116),
        "ground_bottom": (170, 116, 66),
        "accent": (255, 246, 210),
    },
}
DEFAULT_PALETTE = "city"

# Pictures are drawn at this fraction of the final size, softened, then scaled up: cheaper and
# more "photographic" (nothing is pixel-sharp except the label).
_SCALE = 0.5


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _vertical_gradient(size: tuple[int, int], top, bottom) -> Image.Image:
    """A top-to-bottom gradient, built from a 1-pixel-wide strip for speed."""
    w, h = size
    strip = Image.new("RGB", (1, h))
    strip.putdata([_mix(top, bottom, y / max(h - 1, 1)) for y in range(h)])
    return strip.resize((w, h), Image.Resampling.NEAREST)


def _glow(img: Image.Image, centre, radius: float, colour, strength: int) -> None:
    """Add a soft radial glow (sun, fire, floodlight) by pasting a blurred disc."""
    r = max(int(radius), 2)
    mask = Image.new("L", (r * 4, r * 4), 0)
    ImageDraw.Draw(mask).ellipse((r, r, r * 3, r * 3), fill=strength)
    mask = mask.filter(ImageFilter.GaussianBlur(r * 0.6))
    img.paste(Image.new("RGB", mask.size, colour), (int(centre[0]) - 2 * r, int(centre[1]) - 2 * r), mask)


def _hills(draw, rng, w, h, base_y, amplitude, colour, waves=2.0) -> None:
    phase = rng.uniform(0, math.tau)
    freq = rng.uniform(0.8, 1.4) * waves
    points = [(0, h)]
    for i in range(0, 41):
        x = w * i / 40
        y = base_y + amplitude * math.sin(phase + freq * math.tau * i / 40)
        y += amplitude * 0.35 * math.sin(phase * 1.7 + freq * 2.3 * math.tau * i / 40)
        points.append((x, y))
    points.append((w, h))
    draw.polygon(points, fill=colour)


def _buildings(draw, rng, w, horizon, colour, window_colour, lit=0.25, tall=0.5) -> None:
    x = -rng.randint(0, 30)
    while x < w:
        bw = rng.randint(max(w // 28, 1), max(w // 10, 2))
        bh = rng.randint(int(horizon * 0.12), max(int(horizon * tall), int(horizon * 0.12)))
        top = horizon - bh
        draw.rectangle((x, top, x + bw, horizon + 4), fill=colour)
        if rng.random() < 0.3:  # a spire or rooftop plant
            draw.rectangle((x + bw // 2 - 2, top - bh // 6, x + bw // 2 + 2, top), fill=colour)
        step = max(w // 120, 4)
        for wy in range(top + step, horizon - step, step * 2):
            for wx in range(x + step, x + bw - step, step * 2):
                if rng.random() < lit:
                    draw.rectangle((wx, wy, wx + step - 1, wy + step - 1), fill=window_colour)
        x += bw + rng.randint(0, w // 60)


def _draw_scene(palette: str, rng: random.Random, w: int, h: int) -> Image.Image:
    p = PALETTES[palette]
    horizon = int(h * rng.uniform(0.55, 0.68))
    img = _vertical_gradient((w, horizon), p["sky_top"], p["sky_bottom"])
    canvas = Image.new("RGB", (w, h))
    canvas.paste(img, (0, 0))
    canvas.paste(_vertical_gradient((w, h - horizon), p["ground_top"], p["ground_bottom"]), (0, horizon))
    img = canvas
    draw = ImageDraw.Draw(img)
    accent = p["accent"]
    dark = _mix(p["ground_bottom"], (0, 0, 0), 0.4)

    # A few soft clouds for most daytime skies.
    if palette not in {"night", "market", "stadium"}:
        cloud = Image.new("L", (w, horizon), 0)
        cdraw = ImageDraw.Draw(cloud)
        for _ in range(rng.randint(3, 7)):
            cx, cy = rng.uniform(0, w), rng.uniform(0, horizon * 0.6)
            cw, ch = rng.uniform(w * 0.08, w * 0.25), rng.uniform(h * 0.03, h * 0.07)
            cdraw.ellipse((cx - cw, cy - ch, cx + cw, cy + ch), fill=rng.randint(60, 130))
        cloud = cloud.filter(ImageFilter.GaussianBlur(h * 0.03))
        img.paste(Image.new("RGB", cloud.size, (250, 250, 252)), (0, 0), cloud)

    if palette == "fire":
        _buildings(draw, rng, w, horizon, dark, accent, lit=0.12, tall=0.45)
        for _ in range(rng.randint(2, 4)):
            _glow(img, (rng.uniform(0.1, 0.9) * w, horizon - rng.uniform(0, 0.2) * h), h * 0.12, accent, 200)
        smoke = Image.new("L", (w, h), 0)
        sdraw = ImageDraw.Draw(smoke)
        sx = rng.uniform(0.3, 0.7) * w
        for i in range(12):
            y = horizon - i * h * 0.05
            r = h * (0.05 + i * 0.012)
            sdraw.ellipse((sx - r, y - r, sx + r, y + r), fill=150)
            sx += rng.uniform(-0.01, 0.03) * w
        smoke = smoke.filter(ImageFilter.GaussianBlur(h * 0.03))
        img.paste(Image.new("RGB", smoke.size, (60, 54, 56)), (0, 0), smoke)
    elif palette == "sea":
        _glow(img, (rng.uniform(0.2, 0.8) * w, horizon - h * 0.12), h * 0.07, accent, 230)
        if rng.random() < 0.7:  # a distant headland, then the water is laid back over its base
            _hills(draw, rng, w, h, horizon - h * 0.015, h * 0.02, _mix(p["sky_bottom"], dark, 0.45), 0.6)
            img.paste(_vertical_gradient((w, h - horizon), p["ground_top"], p["ground_bottom"]), (0, horizon))
        for i in range(26):
            y = horizon + (h - horizon) * (i / 26) ** 1.4
            x0 = rng.uniform(-0.1, 0.8) * w
            draw.line((x0, y, x0 + rng.uniform(0.1, 0.4) * w, y), fill=_mix(p["ground_top"], accent, 0.35))
    elif palette == "city":
        _buildings(draw, rng, w, horizon, _mix(p["ground_top"], (0, 0, 0), 0.25), accent, lit=0.15)
        for i in range(4):  # road markings converging on the horizon
            x = w * (0.2 + 0.2 * i)
            draw.line((w / 2, horizon, x, h), fill=_mix(p["ground_top"], (220, 220, 220), 0.3), width=2)
    elif palette == "field":
        _hills(draw, rng, w, h, horizon - h * 0.04, h * 0.03, _mix(p["ground_top"], p["sky_bottom"], 0.35))
        _hills(draw, rng, w, h, horizon + h * 0.04, h * 0.025, p["ground_top"])
        for i in range(14):  # furrows
            x = w * (i / 13)
            draw.line((w / 2 + (x - w / 2) * 0.2, horizon + h * 0.05, x, h), fill=p["ground_bottom"], width=2)
        _glow(img, (rng.uniform(0.1, 0.9) * w, h * 0.15), h * 0.06, accent, 160)
    elif palette == "night":
        for _ in range(160):
            x, y = int(rng.uniform(0, w)), int(rng.uniform(0, horizon * 0.9))
            s = rng.choice((1, 1, 1, 2))
            draw.rectangle((x, y, x + s - 1, y + s - 1), fill=_mix(accent, p["sky_top"], rng.uniform(0, 0.6)))
        mx, my = rng.uniform(0.6, 0.9) * w, rng.uniform(0.1, 0.25) * h
        _glow(img, (mx, my), h * 0.08, _mix(accent, p["sky_bottom"], 0.5), 120)
        draw.ellipse((mx - h * 0.04, my - h * 0.04, mx + h * 0.04, my + h * 0.04), fill=accent)
        _buildings(draw, rng, w, horizon, p["ground_top"], (250, 210, 120), lit=0.3, tall=0.35)
    elif palette == "snow":
        _hills(draw, rng, w, h, horizon - h * 0.08, h * 0.06, _mix(p["sky_bottom"], p["accent"], 0.4), 1.2)
        _hills(draw, rng, w, h, horizon, h * 0.03, p["ground_top"])
        for _ in range(5):  # fir trees
            tx, ty = rng.uniform(0, w), horizon + rng.uniform(0, 0.1) * h
            th = rng.uniform(0.06, 0.14) * h
            draw.polygon(((tx, ty - th), (tx - th * 0.35, ty), (tx + th * 0.35, ty)), fill=(52, 76, 70))
        for _ in range(220):
            x, y = rng.uniform(0, w), rng.uniform(0, h)
            draw.ellipse((x, y, x + 2, y + 2), fill=(255, 255, 255))
    elif palette == "stadium":
        stand = _mix(p["sky_bottom"], (0, 0, 0), 0.4)
        draw.polygon(((0, horizon), (0, horizon - h * 0.2), (w, horizon - h * 0.26), (w, horizon)), fill=stand)
        for _ in range(500):  # crowd speckle
            x = rng.uniform(0, w)
            y = horizon - rng.uniform(0, 0.2) * h * (1 + 0.3 * x / w)
            draw.point((x, y), fill=rng.choice(((200, 60, 60), (230, 230, 230), (60, 90, 200), (240, 200, 80))))
        for i in range(0, 12, 2):  # mown stripes
            y0 = horizon + (h - horizon) * i / 12
            y1 = horizon + (h - horizon) * (i + 1) / 12
            draw.rectangle((0, y0, w, y1), fill=_mix(p["ground_top"], p["ground_bottom"], 0.45))
        line = accent
        draw.line((w * 0.05, horizon + h * 0.03, w * 0.95, horizon + h * 0.03), fill=line, width=3)
        draw.line((w / 2, horizon + h * 0.03, w / 2, h), fill=line, width=3)
        cy = horizon + (h - horizon) * 0.55
        draw.ellipse((w / 2 - h * 0.16, cy - h * 0.07, w / 2 + h * 0.16, cy + h * 0.07), outline=line, width=3)
        for fx in (0.08, 0.92):
            _glow(img, (fx * w, h * 0.1), h * 0.07, accent, 230)
    elif palette == "market":
        for i in range(1, 6):  # faint grid
            y = horizon * i / 6
            draw.line((0, y, w, y), fill=_mix(p["sky_top"], p["sky_bottom"], 0.7))
        price = horizon * rng.uniform(0.45, 0.7)
        bar_w = w / 48
        for i in range(44):
            move = rng.gauss(-0.004 * horizon, 0.04 * horizon)
            o, c = price, min(max(price + move, horizon * 0.1), horizon * 0.9)
            up = c < o
            colour = accent if up else (230, 90, 90)
            x = bar_w * (i + 2)
            hi, lo = min(o, c) - rng.uniform(0, 0.03) * horizon, max(o, c) + rng.uniform(0, 0.03) * horizon
            draw.line((x + bar_w * 0.35, hi, x + bar_w * 0.35, lo), fill=colour)
            draw.rectangle((x, min(o, c), x + bar_w * 0.7, max(o, c) + 1), fill=colour)
            price = c
        for _ in range(6):  # screens on the trading floor
            sx, sw = rng.uniform(0, w), rng.uniform(0.06, 0.14) * w
            sy = horizon + rng.uniform(0.04, 0.2) * h
            draw.rectangle((sx, sy, sx + sw, sy + sw * 0.5), fill=_mix(p["sky_bottom"], accent, 0.25))
    elif palette == "parliament":
        base = _mix(p["ground_top"], p["accent"], 0.4)
        bx = rng.uniform(0.05, 0.2) * w
        draw.rectangle((bx, horizon - h * 0.18, w * 0.95, horizon), fill=base)
        for i in range(int((w * 0.95 - bx) / (w / 40))):  # gothic windows
            x = bx + w / 80 + i * w / 40
            draw.rectangle((x, horizon - h * 0.14, x + w / 160, horizon - h * 0.04), fill=p["ground_bottom"])
        tx = rng.uniform(0.6, 0.85) * w
        draw.rectangle((tx, horizon - h * 0.5, tx + w * 0.05, horizon), fill=base)
        draw.polygon(
            (
                (tx - w * 0.005, horizon - h * 0.5),
                (tx + w * 0.025, horizon - h * 0.6),
                (tx + w * 0.055, horizon - h * 0.5),
            ),
            fill=base,
        )
        draw.ellipse((tx + w * 0.008, horizon - h * 0.46, tx + w * 0.042, horizon - h * 0.40), fill=accent)
        draw.rectangle((0, horizon + h * 0.02, w, horizon + h * 0.05), fill=_mix(p["sky_bottom"], (60, 80, 100), 0.5))
    elif palette == "desert":
        _glow(img, (rng.uniform(0.2, 0.8) * w, h * 0.18), h * 0.09, accent, 220)
        _hills(draw, rng, w, h, horizon - h * 0.02, h * 0.04, _mix(p["ground_top"], p["sky_bottom"], 0.4), 0.7)
        _hills(draw, rng, w, h, horizon + h * 0.06, h * 0.05, p["ground_top"], 0.9)
        _hills(draw, rng, w, h, horizon + h * 0.2, h * 0.06, _mix(p["ground_top"], p["ground_bottom"], 0.6), 0.6)
    return img


def _grain(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Deterministic soft noise: random bytes at low resolution, smoothed up to full size."""
    small = (max(size[0] // 4, 1), max(size[1] // 4, 1))
    noise = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    return noise.resize(size, Image.Resampling.BILINEAR)


def _font(px: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=px)
    except (TypeError, OSError):  # Pillow built without FreeType
        return ImageFont.load_default()


def make_picture(*, palette: str, label: str, width: int = 1600, height: int = 900, seed: int) -> bytes:
    """Return a deterministic JPEG (``width`` x ``height``) for ``palette`` with ``label`` in a corner.

    Unknown palette names fall back to ``DEFAULT_PALETTE``. Same arguments → same bytes.
    """
    if width < 16 or height < 16:
        raise ValueError("picture must be at least 16x16")
    palette = palette if palette in PALETTES else DEFAULT_PALETTE
    key = f"{palette}\x00{label}\x00{width}x{height}\x00{seed}".encode()
    rng = random.Random(zlib.crc32(key) ^ (seed & 0xFFFFFFFF))

    sw, sh = max(int(width * _SCALE), 8), max(int(height * _SCALE), 8)
    scene = _draw_scene(palette, rng, sw, sh)
    scene = scene.filter(ImageFilter.GaussianBlur(0.8)).resize((width, height), Image.Resampling.BICUBIC)

    # Film grain plus a gentle vignette.
    grain = _grain((width, height), rng)
    scene = Image.blend(scene, Image.merge("RGB", (grain, grain, grain)), 0.06)
    vignette = Image.new("L", (sw // 4 or 1, sh // 4 or 1), 0)
    vw, vh = vignette.size
    ImageDraw.Draw(vignette).ellipse((-vw * 0.15, -vh * 0.2, vw * 1.15, vh * 1.2), fill=255)
    vignette = vignette.filter(ImageFilter.GaussianBlur(max(vw, vh) * 0.08)).resize((width, height))
    scene = Image.composite(
        scene, Image.new("RGB", (width, height), (0, 0, 0)), vignette.point(lambda v: 150 + v * 105 // 255)
    )

    if label:
        draw = ImageDraw.Draw(scene, "RGBA")
        px = max(height // 40, 10)
        font = _font(px)
        text = label[:60]
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        pad = px // 2
        x0 = width - (right - left) - 3 * pad
        y0 = height - (bottom - top) - 3 * pad
        draw.rectangle((x0, y0, width - pad, height - pad), fill=(0, 0, 0, 110))
        draw.text((x0 + pad - left, y0 + pad - top), text, font=font, fill=(255, 255, 255, 230))

    out = io.BytesIO()
    scene.save(out, format="JPEG", quality=84, optimize=False, progressive=False, subsampling="4:2:0")
    return out.getvalue()
