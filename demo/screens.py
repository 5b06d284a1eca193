"""Pictures of phone screens for the demo lessons, drawn by code from a few lines of YAML.

A step of the catalogue that shows a screen describes it (``kind`` and the texts on it); this
module draws a plain, generic mock-up of it (neutral shapes, no real app's look or logo) and
says where the element to tap is, so the tap marker is computed, never typed by hand.

The kinds, and the keys each takes besides ``kind`` and ``tap`` (``tap`` names the text of the
element to tap: a button, a field's label, an app, a menu item...; without it, no marker):

- ``home``: the phone's home screen; ``apps`` (names under the icons);
- ``store``: an app's page in the app store; ``search``, ``app``, ``developer``, ``button``;
- ``portal``: the public-service portal in a browser; ``address``, ``title``, ``search``
  (what is typed in the search box), ``account`` (the button top right), ``button``;
- ``menu``: an app's or a site's menu; ``title``, ``items`` (big buttons, one a line);
- ``form``: ``title``, ``note``, ``fields`` (labels of the boxes to fill), ``button``;
- ``list``: ``title``, ``items`` (rows to read), ``button``;
- ``message``: a text message; ``sender``, ``messages`` (one bubble each), ``link``;
- ``dialog``: a question over the app; ``title``, ``text``, ``buttons``;
- ``camera``: taking a photo of a paper; ``document``, ``button``.

``menu``, ``form``, ``list`` and ``dialog`` show the app's name in a bar on top (``app``) or a
browser's address bar (``address``), or neither.

The drawing is deterministic: the same description gives the same PNG, byte for byte.
"""

import hashlib
import io
import zlib
from dataclasses import dataclass
from functools import cached_property, lru_cache

from PIL import Image, ImageDraw, ImageFont

from demo.data_files import REQUIRED

WIDTH, HEIGHT = 360, 640  # logical phone screen, drawn at SCALE for sharp small copies
SCALE = 2
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
BOLD_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

_CHROME = {"app": (str, ""), "address": (str, "")}
# kind: {key: (type, default or REQUIRED)}, besides "kind" and "tap".
KINDS = {
    "home": {"apps": (list, REQUIRED)},
    "store": {
        "search": (str, REQUIRED),
        "app": (str, REQUIRED),
        "developer": (str, REQUIRED),
        "button": (str, "Cài đặt"),
    },
    "portal": {
        "address": (str, "dichvucong.gov.vn"),
        "title": (str, "Cổng Dịch vụ công quốc gia"),
        "search": (str, "Nhập tên thủ tục"),
        "account": (str, "Đăng nhập"),
        "button": (str, "Tìm kiếm"),
    },
    "menu": {**_CHROME, "title": (str, ""), "items": (list, REQUIRED)},
    "form": {
        **_CHROME,
        "title": (str, REQUIRED),
        "note": (str, ""),
        "fields": (list, []),
        "button": (str, REQUIRED),
    },
    "list": {**_CHROME, "title": (str, REQUIRED), "items": (list, REQUIRED), "button": (str, "")},
    "message": {"sender": (str, REQUIRED), "messages": (list, REQUIRED), "link": (str, "")},
    "dialog": {
        **_CHROME,
        "title": (str, REQUIRED),
        "text": (str, ""),
        "buttons": (list, REQUIRED),
    },
    "camera": {"document": (str, REQUIRED), "button": (str, "Chụp ảnh")},
}

# Flat colours, few of them: small WebP copies.
INK = (26, 32, 44)
MUTED = (90, 100, 115)
PAPER = (255, 255, 255)
GROUND = (242, 244, 247)
LINE = (200, 206, 214)
BRAND = (28, 88, 140)  # bars and main buttons: a neutral blue, nobody's brand
BRAND_LIGHT = (226, 236, 246)
LINK = (20, 90, 200)
DARK = (20, 22, 26)
ICON_COLOURS = [(28, 88, 140), (36, 128, 92), (196, 98, 30), (120, 70, 150), (70, 110, 120)]


class ScreenError(ValueError):
    """A screen description that cannot be drawn (unknown tap, text that does not fit)."""


@dataclass(frozen=True)
class Drawing:
    image: Image.Image
    marker: tuple[float, float] | None  # centre of the tapped element, % of width and height
    # The box (left, top, right, bottom, in logical pixels) of each element one may tap.
    targets: dict[str, tuple[float, float, float, float]]

    @cached_property
    def digest(self) -> str:
        """Names the picture: the same for the same pixels, and quicker than the PNG."""
        return hashlib.sha1(self.image.tobytes()).hexdigest()  # noqa: S324 (not for security)

    @cached_property
    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, format="PNG", compress_level=1)  # fast; small copies are WebP
        return out.getvalue()


def tappable(screen: dict) -> list[str]:
    """The texts of the elements of ``screen`` (checked against KINDS) one may tap."""
    kind = screen["kind"]
    found = [screen.get("address")] if screen.get("address") else []
    if kind == "home":
        found += screen["apps"]
    elif kind == "store":
        found += [screen["search"], screen["app"], screen["button"]]
    elif kind == "portal":
        found += [screen["account"], screen["search"], screen["button"]]
    elif kind in ("menu", "list"):
        found += screen["items"] + ([screen["button"]] if screen.get("button") else [])
    elif kind == "form":
        found += screen["fields"] + [screen["button"]]
    elif kind == "message":
        found += screen["messages"] + ([screen["link"]] if screen["link"] else [])
    elif kind == "dialog":
        found += screen["buttons"]
    elif kind == "camera":
        found += [screen["button"]]
    return found


def describe(screen: dict) -> str:
    """A short Vietnamese description of the picture, for people who cannot see it."""
    kind = screen["kind"]
    where = f"Màn hình {screen['app']}" if screen.get("app") else "Màn hình"
    if screen.get("address"):
        where = f"Trang {screen['address']}"
    if kind == "home":
        text = f"Màn hình chính của điện thoại, có các ứng dụng {_join(screen['apps'])}."
    elif kind == "store":
        text = (
            f"Trang ứng dụng {screen['app']} trong kho ứng dụng, "
            f"nhà phát triển {screen['developer']}, có nút {screen['button']}."
        )
    elif kind == "portal":
        text = f"{where}: {screen['title']}, có ô tìm kiếm và nút {screen['account']}."
    elif kind == "menu":
        title = f" {screen['title']}" if screen["title"] else ""
        text = f"{where}{title}, có các mục {_join(screen['items'])}."
    elif kind == "form":
        boxes = f" có ô {_join(screen['fields'])} và" if screen["fields"] else ""
        text = f"{where} {screen['title']},{boxes} có nút {screen['button']}."
    elif kind == "list":
        text = f"{where} {screen['title']}: {'; '.join(screen['items'])}."
    elif kind == "message":
        text = f"Tin nhắn từ {screen['sender']}: “{' '.join(screen['messages'])}”"
        text += f" kèm đường link {screen['link']}." if screen["link"] else "."
    elif kind == "dialog":
        text = f"{where}, hộp thoại “{screen['title']}” có nút {_join(screen['buttons'])}."
    else:
        text = f"Máy ảnh của điện thoại đang chụp {screen['document'].lower()}."
    if screen.get("tap"):
        text += f" Vòng tròn chỉ chỗ bấm: “{screen['tap']}”."
    return text


def _join(names: list[str]) -> str:
    quoted = [f"“{name}”" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} và {quoted[-1]}"


def draw(screen: dict) -> Drawing:
    """The picture of ``screen`` (a description checked against KINDS) and the centre of the
    element named by its ``tap``, if any. Raises ScreenError when a text does not fit or the
    tap names nothing on the screen."""
    canvas = _Canvas()
    _PAINTERS[screen["kind"]](canvas, screen)
    marker = None
    if screen.get("tap"):
        box = canvas.targets.get(screen["tap"])
        if box is None:
            raise ScreenError(
                f"tap {screen['tap']!r} is not on the screen (on it: {', '.join(canvas.targets)})"
            )
        left, top, right, bottom = box
        marker = (
            round(100 * (left + right) / 2 / WIDTH, 1),
            round(100 * (top + bottom) / 2 / HEIGHT, 1),
        )
    return Drawing(image=canvas.image, marker=marker, targets=canvas.targets)


@lru_cache(maxsize=64)
def _font(size: int, bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(BOLD_FONT if bold else FONT, size * SCALE)


class _Canvas:
    """Drawing in logical pixels (360 x 640); remembers the box of each tappable text."""

    def __init__(self, ground=GROUND):
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), ground)
        self.pen = ImageDraw.Draw(self.image)
        self.targets: dict[str, tuple[float, float, float, float]] = {}

    def _s(self, *values):
        return [round(value * SCALE) for value in values]

    def rect(self, box, fill=None, outline=None, radius=0, width=1):
        self.pen.rounded_rectangle(
            self._s(*box), radius=radius * SCALE, fill=fill, outline=outline, width=width * SCALE
        )

    def ellipse(self, box, fill=None, outline=None, width=1):
        self.pen.ellipse(self._s(*box), fill=fill, outline=outline, width=width * SCALE)

    def polygon(self, points, fill):
        self.pen.polygon([tuple(self._s(x, y)) for x, y in points], fill=fill)

    def line(self, points, fill, width=1):
        self.pen.line([tuple(self._s(x, y)) for x, y in points], fill=fill, width=width * SCALE)

    def target(self, label, box):
        self.targets.setdefault(label, box)

    def lines(self, text, width, size, bold=False, max_lines=3, min_size=11):
        """``text`` wrapped to ``width``, at ``size`` or smaller; (lines, size)."""
        for current in range(size, min_size - 1, -1):
            found = _wrap(text, _font(current, bold), width * SCALE)
            if len(found) <= max_lines:
                return found, current
        raise ScreenError(f"the text {text!r} does not fit on the screen")

    def text(self, xy, text, width, size=15, bold=False, fill=INK, max_lines=3, align="left"):
        """Wrapped text from ``xy`` (top left, or top centre for align=centre); the bottom."""
        found, size = self.lines(text, width, size, bold, max_lines)
        font = _font(size, bold)
        x, y = xy
        step = size * 1.3
        for line in found:
            left = x - font.getlength(line) / SCALE / 2 if align == "centre" else x
            self.pen.text(self._s(left, y), line, font=font, fill=fill)
            y += step
        return y

    def text_height(self, text, width, size=15, bold=False, max_lines=3):
        found, size = self.lines(text, width, size, bold, max_lines)
        return len(found) * size * 1.3

    def button(self, box, label, primary=True, size=17):
        left, top, right, bottom = box
        fill, ink = (BRAND, PAPER) if primary else (PAPER, BRAND)
        self.rect(box, fill=fill, outline=BRAND, radius=10, width=2)
        height = self.text_height(label, right - left - 20, size, bold=True, max_lines=2)
        self.text(
            ((left + right) / 2, (top + bottom - height) / 2 + 1),
            label,
            right - left - 20,
            size,
            bold=True,
            fill=ink,
            max_lines=2,
            align="centre",
        )
        self.target(label, box)


def _wrap(text: str, font, width: float) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if not line or font.getlength(word) > width:
            return ["", "", "", "", "", "", ""]  # a word wider than the line: does not fit
        lines.append(line)
        line = word
    return [*lines, line] if line else lines


# Small pictures drawn with primitives: generic, nobody's logo.


def _shield(canvas, x, y, size, fill=PAPER, mark=BRAND):
    s = size
    canvas.polygon(
        [
            (x + s * 0.5, y),
            (x + s, y + s * 0.18),
            (x + s * 0.92, y + s * 0.62),
            (x + s * 0.5, y + s),
            (x + s * 0.08, y + s * 0.62),
            (x, y + s * 0.18),
        ],
        fill,
    )
    canvas.line(
        [(x + s * 0.3, y + s * 0.5), (x + s * 0.45, y + s * 0.65), (x + s * 0.72, y + s * 0.36)],
        mark,
        width=max(2, round(s / 10)),
    )


def _house(canvas, x, y, size, fill=PAPER, mark=BRAND):
    s = size
    canvas.polygon([(x + s * 0.5, y), (x + s, y + s * 0.45), (x, y + s * 0.45)], fill)
    canvas.rect((x + s * 0.15, y + s * 0.42, x + s * 0.85, y + s), fill=fill)
    canvas.rect((x + s * 0.42, y + s * 0.62, x + s * 0.58, y + s), fill=mark)


def _icon_colour(name: str):
    return ICON_COLOURS[zlib.crc32(name.encode()) % len(ICON_COLOURS)]


def _status_bar(canvas, dark=False):
    ink = PAPER if dark else INK
    canvas.text((14, 5), "08:30", 60, size=12, bold=True, fill=ink, max_lines=1)
    for number in range(4):  # signal
        height = 3 + number * 2.5
        canvas.rect((300 + number * 5, 17 - height, 303 + number * 5, 17), fill=ink)
    canvas.rect((324, 7, 344, 17), outline=ink, radius=2, width=1)
    canvas.rect((326, 9, 338, 15), fill=ink)
    canvas.rect((344, 10, 346, 14), fill=ink)


def _chrome(canvas, screen) -> float:
    """The status bar and the app's bar or the browser's address bar; the top of the rest."""
    _status_bar(canvas)
    if screen.get("address"):
        canvas.rect((0, 24, WIDTH, 76), fill=(232, 234, 237))
        box = (12, 32, 348, 68)
        canvas.rect(box, fill=PAPER, radius=18)
        canvas.rect((26, 46, 36, 56), fill=MUTED, radius=2)  # a padlock
        canvas.rect((28, 40, 34, 50), outline=MUTED, radius=3, width=2)
        canvas.text((44, 40), screen["address"], 290, size=15, max_lines=1)
        found, size = canvas.lines(screen["address"], 290, 15, max_lines=1)
        length = _font(size, False).getlength(found[0]) / SCALE
        canvas.target(screen["address"], (40, 32, min(48 + length, 348), 68))  # the text
        return 76
    if screen.get("app"):
        canvas.rect((0, 24, WIDTH, 80), fill=BRAND)
        _shield(canvas, 16, 36, 32)
        canvas.text((58, 40), screen["app"], 280, size=18, bold=True, fill=PAPER, max_lines=1)
        return 80
    return 24


def _home(canvas, screen):
    canvas.rect((0, 0, WIDTH, HEIGHT), fill=(214, 228, 238))
    _status_bar(canvas)
    canvas.text((WIDTH / 2, 60), "08:30", 300, size=48, fill=INK, max_lines=1, align="centre")
    canvas.text((WIDTH / 2, 128), "Thứ Hai, 6 tháng 4", 300, size=15, fill=MUTED, align="centre")
    columns, cell = 4, WIDTH / 4
    for number, name in enumerate(screen["apps"]):
        row, column = divmod(number, columns)
        x, y = column * cell + (cell - 56) / 2, 200 + row * 104
        canvas.rect((x, y, x + 56, y + 56), fill=_icon_colour(name), radius=14)
        canvas.text(
            (x + 28, y + 13),
            name[0].upper(),
            40,
            size=24,
            bold=True,
            fill=PAPER,
            max_lines=1,
            align="centre",
        )
        canvas.text((x + 28, y + 62), name, cell - 6, size=12, max_lines=2, align="centre")
        canvas.target(name, (x, y, x + 56, y + 56))
    canvas.rect((16, 560, 344, 624), fill=(236, 242, 247), radius=24)  # the dock
    for number in range(4):
        x = 40 + number * 78
        canvas.ellipse((x, 572, x + 40, 612), fill=LINE)


def _search_box(canvas, box, text, placeholder=False):
    left, top, right, bottom = box
    canvas.rect(box, fill=PAPER, outline=LINE, radius=(bottom - top) / 2, width=1)
    middle = (top + bottom) / 2
    canvas.ellipse((left + 14, middle - 8, left + 28, middle + 6), outline=MUTED, width=2)
    canvas.line([(left + 26, middle + 4), (left + 32, middle + 10)], MUTED, width=2)
    canvas.text(
        (left + 42, middle - 10),
        text,
        right - left - 56,
        size=16,
        fill=MUTED if placeholder else INK,
        max_lines=1,
    )
    canvas.target(text, box)


def _store(canvas, screen):
    canvas.rect((0, 0, WIDTH, HEIGHT), fill=PAPER)
    _status_bar(canvas)
    _search_box(canvas, (14, 34, 346, 80), screen["search"])
    y = 104
    colour = _icon_colour(screen["app"])
    canvas.rect((20, y, 100, y + 80), fill=colour, radius=18)
    _shield(canvas, 38, y + 16, 44, mark=colour)
    bottom = canvas.text((116, y + 4), screen["app"], 224, size=22, bold=True, max_lines=2)
    bottom = canvas.text(
        (116, bottom + 4), screen["developer"], 224, size=13, fill=LINK, max_lines=3
    )
    canvas.target(screen["app"], (20, y, 340, max(bottom, y + 80)))
    y = max(bottom, y + 80) + 20
    for number, (big, small) in enumerate(
        [("4,5 ★", "Đánh giá"), ("3+", "Độ tuổi"), ("Miễn phí", "Giá")]
    ):
        x = 20 + number * 110
        canvas.text((x + 50, y), big, 100, size=15, bold=True, max_lines=1, align="centre")
        canvas.text((x + 50, y + 22), small, 100, size=12, fill=MUTED, max_lines=1, align="centre")
    y += 60
    canvas.button((20, y, 340, y + 50), screen["button"], size=18)
    y += 74
    for number in range(3):  # pictures of the app: grey boxes
        x = 20 + number * 110
        canvas.rect((x, y, x + 100, y + 180), fill=GROUND, radius=10)
        canvas.rect((x + 14, y + 20, x + 86, y + 32), fill=LINE, radius=4)
        canvas.rect((x + 14, y + 44, x + 70, y + 54), fill=LINE, radius=4)
    y += 200
    canvas.text((20, y), "Giới thiệu", 320, size=17, bold=True, max_lines=1)
    for number in range(3):
        canvas.rect(
            (20, y + 32 + number * 18, 340 - number * 60, y + 42 + number * 18),
            fill=GROUND,
            radius=4,
        )


def _portal(canvas, screen):
    top = _chrome(canvas, screen)
    canvas.rect((0, top, WIDTH, top + 64), fill=BRAND)
    _house(canvas, 14, top + 16, 30)
    canvas.text((54, top + 12), screen["title"], 170, size=14, bold=True, fill=PAPER, max_lines=2)
    account = (234, top + 14, 348, top + 50)
    canvas.rect(account, fill=PAPER, radius=8)
    canvas.text(
        (291, top + 23),
        screen["account"],
        104,
        size=14,
        bold=True,
        fill=BRAND,
        max_lines=1,
        align="centre",
    )
    canvas.target(screen["account"], account)
    y = top + 64
    canvas.rect((0, y, WIDTH, y + 210), fill=BRAND_LIGHT)
    canvas.text(
        (WIDTH / 2, y + 24),
        "Tìm thủ tục, dịch vụ công",
        320,
        size=19,
        bold=True,
        align="centre",
        max_lines=1,
    )
    placeholder = screen["search"] == KINDS["portal"]["search"][1]
    _search_box(canvas, (20, y + 64, 340, y + 112), screen["search"], placeholder)
    canvas.button((20, y + 126, 340, y + 174), screen["button"], size=17)
    y += 234
    for number in range(6):  # the portal's sections: plain tiles
        row, column = divmod(number, 3)
        x, tile_y = 20 + column * 110, y + row * 116
        canvas.rect((x, tile_y, x + 100, tile_y + 100), fill=PAPER, outline=LINE, radius=10)
        canvas.ellipse((x + 32, tile_y + 18, x + 68, tile_y + 54), fill=BRAND_LIGHT)
        canvas.rect((x + 16, tile_y + 68, x + 84, tile_y + 78), fill=LINE, radius=4)


def _title(canvas, screen, y) -> float:
    if not screen.get("title"):
        return y
    return canvas.text((20, y + 20), screen["title"], 320, size=21, bold=True) + 8


def _menu(canvas, screen):
    y = _title(canvas, screen, _chrome(canvas, screen)) + 8
    for name in screen["items"]:
        height = max(60, canvas.text_height(name, 232, size=16, bold=True, max_lines=3) + 24)
        box = (16, y, 344, y + height)
        canvas.rect(box, fill=PAPER, outline=LINE, radius=12)
        colour = _icon_colour(name)
        canvas.rect((28, y + height / 2 - 18, 64, y + height / 2 + 18), fill=colour, radius=9)
        _shield(canvas, 36, y + height / 2 - 10, 20, mark=colour)
        text_height = canvas.text_height(name, 232, size=16, bold=True, max_lines=3)
        canvas.text((78, y + (height - text_height) / 2 + 1), name, 232, size=16, bold=True)
        canvas.line(
            [(326, y + height / 2 - 6), (332, y + height / 2), (326, y + height / 2 + 6)],
            MUTED,
            width=2,
        )
        canvas.target(name, box)
        y += height + 10
        if y > HEIGHT - 20:
            raise ScreenError("too many menu items for one screen")


def _form(canvas, screen):
    y = _title(canvas, screen, _chrome(canvas, screen))
    if screen["note"]:
        y = canvas.text((20, y), screen["note"], 320, size=15, fill=MUTED) + 12
    for label in screen["fields"]:
        y = canvas.text((20, y + 6), label, 320, size=15, bold=True, max_lines=2) + 4
        box = (20, y, 340, y + 42)
        canvas.rect(box, fill=PAPER, outline=(140, 150, 164), radius=8, width=1)
        canvas.rect((32, y + 20, 140, y + 23), fill=LINE)
        canvas.target(label, box)
        y += 54
    y += 10
    canvas.button((20, y, 340, y + 52), screen["button"], size=18)
    if y + 52 > HEIGHT - 10:
        raise ScreenError("too many fields for one screen")


def _list(canvas, screen):
    y = _title(canvas, screen, _chrome(canvas, screen))
    canvas.rect((16, y, 344, y + 2), fill=LINE)
    for item in screen["items"]:
        height = canvas.text_height(item, 296, size=15, max_lines=3) + 26
        canvas.ellipse((22, y + height / 2 - 5, 32, y + height / 2 + 5), fill=BRAND)
        canvas.text((44, y + 13), item, 296, size=15)
        canvas.target(item, (16, y, 344, y + height))
        y += height
        canvas.rect((16, y, 344, y + 1), fill=LINE)
    if screen["button"]:
        y += 24
        canvas.button((20, y, 340, y + 52), screen["button"], size=18)
        y += 52
    if y > HEIGHT - 10:
        raise ScreenError("too many rows for one screen")


def _message(canvas, screen):
    canvas.rect((0, 0, WIDTH, HEIGHT), fill=PAPER)
    _status_bar(canvas)
    canvas.rect((0, 24, WIDTH, 80), fill=GROUND)
    canvas.line([(22, 52), (14, 44), (22, 36)], INK, width=2)  # back
    canvas.line([(14, 44), (30, 44)], INK, width=2)
    canvas.ellipse((40, 32, 72, 64), fill=LINE)
    canvas.text((84, 38), screen["sender"], 250, size=17, bold=True, max_lines=1)
    y = 104
    canvas.text((WIDTH / 2, y), "Hôm nay 08:15", 200, size=12, fill=MUTED, align="centre")
    y += 30
    texts = list(screen["messages"])
    for number, text in enumerate(texts):
        height = canvas.text_height(text, 230, size=16, max_lines=6)
        last = number == len(texts) - 1
        link_height = (
            canvas.text_height(screen["link"], 230, size=16, max_lines=2) + 6
            if last and screen["link"]
            else 0
        )
        box = (16, y, 270, y + height + link_height + 24)
        canvas.rect(box, fill=(233, 236, 240), radius=16)
        bottom = canvas.text((30, y + 12), text, 230, size=16, max_lines=6)
        canvas.target(text, box)
        if link_height:
            found, size = canvas.lines(screen["link"], 230, 16, max_lines=2)
            link_top = bottom + 6
            canvas.text((30, link_top), screen["link"], 230, size=size, fill=LINK, max_lines=2)
            for row, line in enumerate(found):
                under = link_top + row * size * 1.3 + size * 1.18
                length = _font(size, False).getlength(line) / SCALE
                canvas.rect((30, under, 30 + length, under + 1), fill=LINK)
            canvas.target(screen["link"], (26, link_top - 4, 264, link_top + link_height))
        y = box[3] + 12
    if y > HEIGHT - 70:
        raise ScreenError("the messages do not fit on one screen")
    canvas.rect((0, 580, WIDTH, HEIGHT), fill=GROUND)
    canvas.rect((14, 592, 300, 628), fill=PAPER, outline=LINE, radius=18)
    canvas.text((30, 601), "Tin nhắn", 200, size=14, fill=MUTED, max_lines=1)
    canvas.ellipse((310, 592, 346, 628), fill=BRAND)


def _dialog(canvas, screen):
    top = _chrome(canvas, screen)
    for number in range(4):  # the app behind, in plain shapes
        y = top + 24 + number * 84
        canvas.rect((16, y, 344, y + 70), fill=PAPER, outline=LINE, radius=12)
    veil = Image.new("RGB", canvas.image.size, DARK)
    canvas.image = Image.blend(canvas.image, veil, 0.55)
    canvas.pen = ImageDraw.Draw(canvas.image)
    height = canvas.text_height(screen["title"], 260, size=19, bold=True)
    if screen["text"]:
        height += 12 + canvas.text_height(screen["text"], 260, size=15, max_lines=5)
    buttons = [
        (label, 12 + canvas.text_height(label, 240, size=16, bold=True, max_lines=2) + 20)
        for label in screen["buttons"]
    ]
    height += 28 + sum(size + 10 for _, size in buttons) + 14
    y = max(top + 20, (HEIGHT - height) / 2)
    canvas.rect((30, y, 330, y + height), fill=PAPER, radius=16)
    bottom = canvas.text((50, y + 24), screen["title"], 260, size=19, bold=True)
    if screen["text"]:
        bottom = canvas.text(
            (50, bottom + 12), screen["text"], 260, size=15, fill=MUTED, max_lines=5
        )
    y = bottom + 18
    for number, (label, size) in enumerate(buttons):
        canvas.button((50, y, 310, y + size), label, primary=number == 0, size=16)
        y += size + 10


def _camera(canvas, screen):
    canvas.rect((0, 0, WIDTH, HEIGHT), fill=DARK)
    _status_bar(canvas, dark=True)
    canvas.text(
        (WIDTH / 2, 44),
        "Đặt giấy tờ vào trong khung",
        320,
        size=15,
        fill=PAPER,
        align="centre",
        max_lines=1,
    )
    canvas.rect((56, 110, 304, 440), fill=(236, 232, 220), radius=6)  # the paper
    canvas.text(
        (180, 134), screen["document"], 210, size=17, bold=True, align="centre", max_lines=2
    )
    for number in range(8):
        canvas.rect(
            (78, 200 + number * 26, 282 - (number % 3) * 40, 208 + number * 26),
            fill=(190, 186, 176),
            radius=3,
        )
    for x, y, dx, dy in [(40, 90, 1, 1), (320, 90, -1, 1), (40, 460, 1, -1), (320, 460, -1, -1)]:
        canvas.line([(x, y + 30 * dy), (x, y), (x + 30 * dx, y)], PAPER, width=3)
    shutter = (144, 510, 216, 582)
    canvas.ellipse(shutter, fill=PAPER)
    canvas.ellipse((150, 516, 210, 576), outline=DARK, width=2)
    canvas.text(
        (WIDTH / 2, 592),
        screen["button"],
        300,
        size=15,
        bold=True,
        fill=PAPER,
        align="centre",
        max_lines=1,
    )
    canvas.target(screen["button"], shutter)


_PAINTERS = {
    "home": _home,
    "store": _store,
    "portal": _portal,
    "menu": _menu,
    "form": _form,
    "list": _list,
    "message": _message,
    "dialog": _dialog,
    "camera": _camera,
}
