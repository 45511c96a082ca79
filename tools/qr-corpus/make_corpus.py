#!/usr/bin/python3
# An independent hard camera-QR corpus: 1280x720 8-bit grey PGM frames as a kiosk camera sees them, plus a manifest.
"""make_corpus.py OUT_DIR [--per-category N] [--seed S]

Writes OUT_DIR/NNNN_<category>.pgm (binary P5, 1280x720, maxval 255) and OUT_DIR/manifest.tsv:
one line per frame, "file<TAB>category<TAB>expected content", the content being the code's exact
bytes as UTF-8 text, or "" for a frame that holds no code. Lines starting with '#' are comments.
OUT_DIR/params.tsv says how each frame was made (module size in px, blur lengths, lighting...).

Deterministic: frame i of a category depends only on (seed, category, i), so a corpus of 8 per
category is the first 8 of every category of the 40-per-category corpus.

The scene model (chosen from how a kiosk camera sees codes, not from any decoder's results):
- A 720p camera with about 65 degrees of horizontal field (focal length ~1000 px), fixed focus.
- Codes are either printed (receipts, paper forms: reflective, ink 5-20 % reflectance) or shown
  on a phone screen (e-ID: emissive, bezel, reflections, auto-exposure clipping, moire bands).
- Held 15-40 cm away: a 60-byte URL (version 4-6) or a 300-byte UTF-8 JSON with Chinese text
  (version 11-19) gives modules of about 1.5-6 px; most categories use the 2.5-5 px that a
  resident following the on-screen guide produces, "small_modules" uses 1.5-2.5 px, "mixed"
  derives module size from physical code size and distance.
- Every frame gets a baseline: lens blur (Gaussian, sigma 0.4-0.8 px), sensor noise, a little
  uneven light, roll within +-30 degrees and tilt within 12 degrees, and on half the frames
  MJPEG compression at quality 70-90 (many USB webcams deliver 720p only as MJPEG). Each
  category then stresses one thing much harder; "mixed" draws every stress at moderate levels.
- ECC level L/M/Q/H at random; payload a 60-byte URL or a 300-byte JSON (json_utf8: always JSON).
- "empty" frames hold no decodable code: text, lines, boxes, stripes, finder-like squares, and
  on some a damaged code (real finder and format patterns, random data region) that must not
  decode to anything.
"""

import argparse
import math
import os
import string
import sys

import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1280, 720
SUPER = 3  # supersampling factor of the render canvas (area sampling of each sensor pixel)
FOCAL = 1000.0  # px, ~65 degrees horizontal field at 1280 px
FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

CATEGORIES = [
    "small_modules",
    "defocus",
    "motion_blur",
    "sensor_noise",
    "low_contrast",
    "uneven_light",
    "perspective",
    "clutter",
    "jpeg",
    "json_utf8",
    "phone_screen",
    "mixed",
    "empty",
]

ECC_LEVELS = [
    qrcode.constants.ERROR_CORRECT_L,
    qrcode.constants.ERROR_CORRECT_M,
    qrcode.constants.ERROR_CORRECT_Q,
    qrcode.constants.ERROR_CORRECT_H,
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志文玉海燕红春"
PLACES = [
    "北京市朝阳区建国路",
    "上海市浦东新区世纪大道",
    "广州市天河区天河路",
    "成都市武侯区人民南路",
    "杭州市西湖区文三路",
    "武汉市洪山区珞喻路",
    "西安市雁塔区长安南路",
    "南京市鼓楼区中山北路",
]
SERVICES = ["社保查询", "户籍证明", "居住证办理", "医保缴费", "不动产登记", "公积金提取"]
TEXT_LINES = [
    "请将二维码对准摄像头",
    "政务服务自助终端",
    "办理业务请取号",
    "缴费凭证 请妥善保管",
    "Please hold the code steady",
    "受理编号 2026113000417",
    "金额 ￥36.00",
    "Yiwang Government Services",
    "温馨提示：请勿遮挡",
    "打印时间 2026-11-30 14:02",
]
B62 = string.ascii_letters + string.digits


# ----------------------------------------------------------------------------- payloads


def make_url(rng):
    prefix = "https://zw.example.gov.cn/eid/v?t="
    return prefix + "".join(rng.choice(list(B62), 60 - len(prefix)))


def make_json(rng):
    name = str(rng.choice(list(SURNAMES))) + "".join(rng.choice(list(GIVEN), int(rng.integers(1, 3))))
    addr = str(rng.choice(PLACES)) + f"{int(rng.integers(1, 999))}号{int(rng.integers(1, 30))}栋"
    idno = "".join(str(d) for d in rng.integers(0, 10, 17)) + str(rng.choice(list("0123456789X")))
    head = (
        '{"t":"eid","v":2,"name":"%s","addr":"%s","id":"%s","svc":"%s","exp":"2027-%02d-%02d","sig":"'
        % (name, addr, idno, rng.choice(SERVICES), int(rng.integers(1, 13)), int(rng.integers(1, 29)))
    )
    tail = '"}'
    room = 300 - len(head.encode("utf-8")) - len(tail)
    assert room > 0
    text = head + "".join(rng.choice(list(B62 + "+/"), room)) + tail
    assert len(text.encode("utf-8")) == 300
    return text


def qr_matrix(content, ecc):
    qr = qrcode.QRCode(error_correction=ecc, border=0)
    qr.add_data(content.encode("utf-8"), optimize=0)  # byte mode, the bytes as they are
    qr.make(fit=True)
    return np.array(qr.get_matrix(), dtype=bool), qr.version


def damaged_matrix(rng):
    """A real code whose data region is replaced by random modules: finder, timing and format
    information are intact, the codewords are noise, so no decoder should report content."""
    matrix, version = qr_matrix(make_url(rng), ECC_LEVELS[int(rng.integers(0, 4))])
    n = matrix.shape[0]
    function = np.zeros_like(matrix)
    function[:9, :9] = function[:9, n - 8 :] = function[n - 8 :, :9] = True
    function[6, :] = function[:, 6] = True
    if version >= 2:  # the alignment pattern near the bottom-right corner
        function[n - 9 : n - 4, n - 9 : n - 4] = True
    noise = rng.random(matrix.shape) < 0.5
    return np.where(function, matrix, noise)


# ----------------------------------------------------------------------------- geometry


def rotation(tilt_x, tilt_y, roll):
    cx, sx = math.cos(tilt_x), math.sin(tilt_x)
    cy, sy = math.cos(tilt_y), math.sin(tilt_y)
    cz, sz = math.cos(roll), math.sin(roll)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ rx @ ry


def homography(src, dst):
    """3x3 H with dst ~ H src, from four point pairs."""
    rows, rhs = [], []
    for (u, v), (x, y) in zip(src, dst):
        rows.append([u, v, 1, 0, 0, 0, -u * x, -v * x])
        rhs.append(x)
        rows.append([0, 0, 0, u, v, 1, -u * y, -v * y])
        rhs.append(y)
    h = np.linalg.solve(np.array(rows, float), np.array(rhs, float))
    return np.append(h, 1.0).reshape(3, 3)


def apply_h(h, pts):
    pts = np.asarray(pts, float)
    p = np.c_[pts, np.ones(len(pts))] @ h.T
    return p[:, :2] / p[:, 2:3]


# ----------------------------------------------------------------------------- drawing helpers


_fonts = {}


def font(size):
    size = max(8, int(size))
    if size not in _fonts:
        try:
            _fonts[size] = ImageFont.truetype(FONT_PATH, size)
        except OSError:
            _fonts[size] = ImageFont.load_default()
    return _fonts[size]


def draw_clutter(img, rng, count, level_dark, level_light, box=None):
    """Text, lines, boxes, stripes and finder-like squares on a PIL 'L' image (within box)."""
    draw = ImageDraw.Draw(img)
    x0, y0, x1, y1 = box if box else (0, 0, img.width, img.height)
    for _ in range(count):
        kind = rng.integers(0, 6)
        x, y = int(rng.integers(x0, max(x0 + 1, x1))), int(rng.integers(y0, max(y0 + 1, y1)))
        ink = int(rng.uniform(level_dark, (level_dark + level_light) / 2))
        if kind <= 1:
            draw.text((x, y), str(rng.choice(TEXT_LINES)), fill=ink, font=font(rng.uniform(12, 40)))
        elif kind == 2:
            draw.line(
                (x, y, x + int(rng.integers(-300, 300)), y + int(rng.integers(-300, 300))),
                fill=ink,
                width=int(rng.integers(1, 5)),
            )
        elif kind == 3:
            w, h = int(rng.integers(15, 160)), int(rng.integers(15, 160))
            draw.rectangle((x, y, x + w, y + h), outline=ink, width=int(rng.integers(1, 4)))
        elif kind == 4:  # barcode-like stripes
            w = int(rng.integers(60, 220))
            h = int(rng.integers(25, 80))
            pos = x
            while pos < x + w:
                bar = int(rng.integers(1, 6))
                if rng.random() < 0.5:
                    draw.rectangle((pos, y, pos + bar - 1, y + h), fill=ink)
                pos += bar
        else:  # a finder-like square (logos, checkboxes): 1:1:3:1:1
            s = int(rng.integers(3, 9))
            draw.rectangle((x, y, x + 7 * s - 1, y + 7 * s - 1), fill=ink)
            draw.rectangle((x + s, y + s, x + 6 * s - 1, y + 6 * s - 1), fill=int(level_light))
            draw.rectangle((x + 2 * s, y + 2 * s, x + 5 * s - 1, y + 5 * s - 1), fill=ink)


def disk_kernel(radius):
    r = int(math.ceil(radius)) + 1
    y, x = np.mgrid[-r : r + 1, -r : r + 1]
    # anti-aliased disk: coverage by 4x4 sub-samples
    k = np.zeros_like(x, float)
    for dy in (-0.375, -0.125, 0.125, 0.375):
        for dx in (-0.375, -0.125, 0.125, 0.375):
            k += ((x + dx) ** 2 + (y + dy) ** 2) <= radius * radius
    k[r, r] += 1e-6  # a radius below the sub-sample spacing is a point
    return k / k.sum()


def gauss_kernel(sigma):
    r = max(1, int(math.ceil(3 * sigma)))
    x = np.arange(-r, r + 1)
    g = np.exp(-(x**2) / (2 * sigma * sigma))
    g /= g.sum()
    return np.outer(g, g)


def line_kernel(length, angle):
    r = int(math.ceil(length / 2)) + 1
    k = np.zeros((2 * r + 1, 2 * r + 1))
    steps = max(8, int(length * 8))
    for t in np.linspace(-length / 2, length / 2, steps):
        x, y = r + t * math.cos(angle), r + t * math.sin(angle)
        ix, iy = int(math.floor(x)), int(math.floor(y))
        fx, fy = x - ix, y - iy
        k[iy, ix] += (1 - fx) * (1 - fy)
        k[iy, ix + 1] += fx * (1 - fy)
        k[iy + 1, ix] += (1 - fx) * fy
        k[iy + 1, ix + 1] += fx * fy
    return k / k.sum()


def fast_size(n):
    """The smallest size >= n with no prime factor above 5 (fast for the FFT)."""
    while True:
        m = n
        for f in (2, 3, 5):
            while m % f == 0:
                m //= f
        if m == 1:
            return n
        n += 1


def convolve(img, kernel):
    """2-D convolution by FFT with edge padding (no wrap-around)."""
    kh, kw = kernel.shape
    py, px = kh // 2 + 1, kw // 2 + 1
    ey = fast_size(img.shape[0] + 2 * py) - img.shape[0] - 2 * py
    ex = fast_size(img.shape[1] + 2 * px) - img.shape[1] - 2 * px
    padded = np.pad(img, ((py, py + ey), (px, px + ex)), mode="edge")
    shape = padded.shape
    out = np.fft.irfft2(np.fft.rfft2(padded) * np.fft.rfft2(kernel, shape), shape)
    cy, cx = kh // 2, kw // 2
    out = np.roll(out, (-cy, -cx), axis=(0, 1))
    return out[py : py + img.shape[0], px : px + img.shape[1]]


# ----------------------------------------------------------------------------- a frame


def base_params(rng):
    """The baseline every frame gets; categories override what they stress."""
    return dict(
        module=rng.uniform(2.5, 5.0),
        roll=math.radians(rng.uniform(-30, 30)),
        tilt=math.radians(rng.uniform(0, 12)),
        psf_sigma=rng.uniform(0.4, 0.8),
        defocus=0.0,
        motion=0.0,
        read_noise=rng.uniform(1.5, 3.5),
        shot=rng.uniform(0.2, 0.6),  # variance per grey level
        exposure=1.0,
        gradient=rng.uniform(0.0, 0.2),  # fraction of light lost across the frame
        glare=0.0,
        shadow=0.0,
        contrast=None,  # (dark, light) reflectance levels of the code, None = carrier default
        jpeg=int(rng.uniform(70, 90)) if rng.random() < 0.5 else 0,
        clutter=int(rng.integers(3, 10)),
        quiet=4,
        carrier="screen" if rng.random() < 0.5 else "paper",
        moire=0.0,
    )


def category_params(category, rng):
    p = base_params(rng)
    if category == "small_modules":
        p["module"] = rng.uniform(1.5, 2.5)
    elif category == "defocus":
        t = rng.random()  # closer to the camera: larger modules, more out of focus
        p["module"] = 3.0 + 2.5 * t
        p["defocus"] = 1.2 + 2.3 * t
    elif category == "motion_blur":
        p["motion"] = rng.uniform(3.0, 10.0)
    elif category == "sensor_noise":
        p["module"] = rng.uniform(2.5, 4.5)
        p["exposure"] = rng.uniform(0.25, 0.5)  # dim scene, then gain brings it back up
        p["read_noise"] = rng.uniform(3.0, 6.0)
        p["shot"] = rng.uniform(0.8, 1.6)
    elif category == "low_contrast":
        dark = rng.uniform(0.25, 0.65)
        p["contrast"] = (dark, dark + rng.uniform(0.10, 0.25))
        p["carrier"] = "paper"
    elif category == "uneven_light":
        p["gradient"] = rng.uniform(0.35, 0.65)
        p["glare"] = rng.uniform(60, 180)
        p["shadow"] = rng.uniform(0.3, 0.6) if rng.random() < 0.5 else 0.0
    elif category == "perspective":
        p["roll"] = math.radians(rng.uniform(0, 360))
        p["tilt"] = math.radians(rng.uniform(25, 50))
    elif category == "clutter":
        p["clutter"] = int(rng.integers(25, 60))
        p["quiet"] = int(rng.integers(2, 5))
        p["carrier"] = "paper"
    elif category == "jpeg":
        p["module"] = rng.uniform(2.5, 4.5)
        p["jpeg"] = int(rng.uniform(10, 35))
    elif category == "json_utf8":
        p["module"] = rng.uniform(2.0, 3.5)
    elif category == "phone_screen":
        p["carrier"] = "screen"
        p["module"] = rng.uniform(2.5, 4.5)
        p["moire"] = rng.uniform(0.06, 0.18)
        p["exposure"] = rng.uniform(1.0, 1.5)
        p["glare"] = rng.uniform(30, 120)
    elif category == "mixed":
        p["roll"] = math.radians(rng.uniform(0, 360))
        p["tilt"] = math.radians(rng.uniform(0, 35))
        p["defocus"] = rng.uniform(0, 2.0) if rng.random() < 0.5 else 0.0
        p["motion"] = rng.uniform(0, 5.0) if rng.random() < 0.5 else 0.0
        p["exposure"] = rng.uniform(0.5, 1.2)
        p["read_noise"] = rng.uniform(1.5, 4.5)
        p["gradient"] = rng.uniform(0.0, 0.45)
        p["glare"] = rng.uniform(0, 100) if rng.random() < 0.4 else 0.0
        p["jpeg"] = int(rng.uniform(30, 90)) if rng.random() < 0.6 else 0
        p["clutter"] = int(rng.integers(5, 30))
        p["moire"] = rng.uniform(0.0, 0.1) if p["carrier"] == "screen" else 0.0
        if rng.random() < 0.3:
            dark = rng.uniform(0.1, 0.5)
            p["contrast"] = (dark, dark + rng.uniform(0.2, 0.5))
    elif category == "empty":
        p["clutter"] = int(rng.integers(10, 50))
        p["roll"] = math.radians(rng.uniform(0, 360))
        p["tilt"] = math.radians(rng.uniform(0, 35))
        p["defocus"] = rng.uniform(0, 2.0) if rng.random() < 0.3 else 0.0
        p["glare"] = rng.uniform(0, 120) if rng.random() < 0.3 else 0.0
    return p


def render_frame(category, rng):
    """Returns (8-bit frame as uint8 HxW array, expected content or "", the frame's parameters)."""
    p = category_params(category, rng)
    content = ""
    if category == "empty":
        if rng.random() < 0.3:
            matrix = damaged_matrix(rng)
        else:
            matrix = None
    else:
        content = make_json(rng) if category == "json_utf8" or rng.random() < 0.5 else make_url(rng)
        matrix, _ = qr_matrix(content, ECC_LEVELS[int(rng.integers(0, 4))])
    n = matrix.shape[0] if matrix is not None else 33

    if category == "mixed":  # module size from the code's physical size and distance
        width_cm = rng.uniform(3.5, 5.5) if p["carrier"] == "screen" else rng.uniform(2.5, 4.5)
        distance_cm = rng.uniform(15, 40)
        p["module"] = float(np.clip(FOCAL * width_cm / distance_cm / n, 1.5, 6.0))

    # --- the carrier plane: code, quiet zone, paper or phone around it; K plane px per module
    m = p["module"]
    k = int(math.ceil(SUPER * m)) + 1
    quiet = p["quiet"]
    margin = int(rng.integers(2, 10))
    if p["carrier"] == "paper":
        light = rng.uniform(0.75, 0.95)
        dark = rng.uniform(0.05, 0.2)
        bezel = 0
    else:  # emissive screen: levels as displayed, bezel is the phone body
        light = rng.uniform(0.85, 1.0)
        dark = rng.uniform(0.04, 0.15)
        bezel = int(rng.integers(2, 5))
    if p["contrast"] is not None:
        dark, light = p["contrast"]
    side = n + 2 * quiet + 2 * margin
    below = int(rng.integers(0, 12))  # text area under the code (receipt lines, app text)
    plane_w, plane_h = (side + 2 * bezel) * k, (side + below + 2 * bezel) * k
    plane = Image.new("L", (plane_w, plane_h), 20 if bezel else int(light * 255))
    draw = ImageDraw.Draw(plane)
    draw.rectangle(
        (bezel * k, bezel * k, plane_w - bezel * k - 1, plane_h - bezel * k - 1), fill=int(light * 255)
    )
    if category == "clutter":  # receipt text crowding the code
        draw_clutter(plane, rng, int(p["clutter"] // 2), int(dark * 255), int(light * 255),
                     (bezel * k, bezel * k, plane_w - bezel * k, plane_h - bezel * k))
        draw.rectangle(
            ((bezel + margin) * k, (bezel + margin) * k,
             (bezel + margin + n + 2 * quiet) * k - 1, (bezel + margin + n + 2 * quiet) * k - 1),
            fill=int(light * 255),
        )
    if below:
        for line in range(below // 3):
            y = (bezel + side + line * 3) * k
            draw.text((bezel * k + k, y), str(rng.choice(TEXT_LINES)), fill=int(dark * 255),
                      font=font(2 * k))
    plane_arr = np.asarray(plane, np.float32).copy()
    code_x0 = code_y0 = (bezel + margin + quiet) * k
    if matrix is not None:
        big = np.kron(matrix.astype(np.float32), np.ones((k, k), np.float32))
        region = plane_arr[code_y0 : code_y0 + n * k, code_x0 : code_x0 + n * k]
        region[:] = np.where(big > 0, dark * 255, region)
    if p["carrier"] == "paper":  # paper grain
        plane_arr *= 1 + 0.02 * rng.standard_normal(plane_arr.shape, dtype=np.float32)

    # --- pose: tilt about a random axis, roll, at the distance that gives `m` px per module
    axis = rng.uniform(0, 2 * math.pi)
    rot = rotation(p["tilt"] * math.cos(axis), p["tilt"] * math.sin(axis), p["roll"])
    z = FOCAL / m  # world unit = one module
    centre = np.array([code_x0 + n * k / 2, code_y0 + n * k / 2])

    def project(pts):
        pts = (np.asarray(pts, float) - centre) / k
        world = np.c_[pts, np.zeros(len(pts))] @ rot.T + [0, 0, z]
        return FOCAL * world[:, :2] / world[:, 2:3]

    code_corners = [(code_x0, code_y0), (code_x0 + n * k, code_y0), (code_x0 + n * k, code_y0 + n * k),
                    (code_x0, code_y0 + n * k)]
    q = quiet * k
    code_corners_q = [(code_x0 - q, code_y0 - q), (code_x0 + n * k + q, code_y0 - q),
                      (code_x0 + n * k + q, code_y0 + n * k + q), (code_x0 - q, code_y0 + n * k + q)]
    projected = project(code_corners_q)
    lo, hi = projected.min(0), projected.max(0)
    span_x = WIDTH - 20 - (hi[0] - lo[0])
    span_y = HEIGHT - 20 - (hi[1] - lo[1])
    shift = np.array([10 - lo[0] + rng.uniform(0, max(span_x, 0)), 10 - lo[1] + rng.uniform(0, max(span_y, 0))])
    if span_x < 0:
        shift[0] = WIDTH / 2 - (lo[0] + hi[0]) / 2
    if span_y < 0:
        shift[1] = HEIGHT / 2 - (lo[1] + hi[1]) / 2
    plane_corners = [(0, 0), (plane_w, 0), (plane_w, plane_h), (0, plane_h)]
    out_corners = (project(plane_corners) + shift) * SUPER
    h = homography(plane_corners, out_corners)

    # --- the scene behind: a table / kiosk shelf with clutter
    bg_level = rng.uniform(0.25, 0.7) * 255
    bg = Image.new("L", (WIDTH, HEIGHT), int(bg_level))
    draw_clutter(bg, rng, p["clutter"], bg_level * 0.3, min(255, bg_level * 1.4))
    scene = np.asarray(bg, np.float32).copy()
    carrier_alpha = np.zeros_like(scene)

    # --- the carrier warped onto a supersampled canvas over its bounding box, then area-averaged
    x0 = int(max(0, math.floor(out_corners[:, 0].min() / SUPER)))
    y0 = int(max(0, math.floor(out_corners[:, 1].min() / SUPER)))
    x1 = int(min(WIDTH, math.ceil(out_corners[:, 0].max() / SUPER) + 1))
    y1 = int(min(HEIGHT, math.ceil(out_corners[:, 1].max() / SUPER) + 1))
    inv = np.linalg.inv(h) @ np.array([[1, 0, x0 * SUPER], [0, 1, y0 * SUPER], [0, 0, 1]], float)
    inv /= inv[2, 2]
    coeffs = tuple(inv.flatten()[:8])
    size = ((x1 - x0) * SUPER, (y1 - y0) * SUPER)
    warped = Image.fromarray(plane_arr, "F").transform(size, Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=0)
    mask = Image.fromarray(np.ones_like(plane_arr), "F").transform(
        size, Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=0
    )
    alpha = np.asarray(mask, np.float32)
    sub_bg = np.repeat(np.repeat(scene[y0:y1, x0:x1], SUPER, 0), SUPER, 1)
    canvas = sub_bg * (1 - alpha) + np.asarray(warped, np.float32) * alpha
    scene[y0:y1, x0:x1] = canvas.reshape(y1 - y0, SUPER, x1 - x0, SUPER).mean(axis=(1, 3))
    carrier_alpha[y0:y1, x0:x1] = alpha.reshape(y1 - y0, SUPER, x1 - x0, SUPER).mean(axis=(1, 3))

    # --- light: gradient across the frame, shadow edge, moire on screens, specular glare
    yy, xx = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    direction = rng.uniform(0, 2 * math.pi)
    ramp = (xx - WIDTH / 2) * math.cos(direction) + (yy - HEIGHT / 2) * math.sin(direction)
    ramp = (ramp - ramp.min()) / (ramp.max() - ramp.min())
    light = 1 - p["gradient"] * ramp
    vignette = 1 - 0.15 * (((xx - WIDTH / 2) / WIDTH) ** 2 + ((yy - HEIGHT / 2) / HEIGHT) ** 2) * 2
    light *= vignette
    code_centre = project([tuple(centre)])[0] + shift
    if p["shadow"] > 0:  # a hard-ish shadow edge (an arm, the kiosk hood) across the code
        a = rng.uniform(0, 2 * math.pi)
        d = (xx - code_centre[0]) * math.cos(a) + (yy - code_centre[1]) * math.sin(a)
        d -= rng.uniform(-0.3, 0.3) * n * m
        light *= 1 - p["shadow"] / (1 + np.exp(np.clip(-d / rng.uniform(1.5, 6), -50, 50)))
    if p["carrier"] == "screen":  # emissive: the room light matters less on the screen
        light = light * (1 - carrier_alpha) + (0.5 + 0.5 * light) * carrier_alpha
    scene = scene * light
    if p["moire"] > 0:
        pitch = rng.uniform(6, 30)
        a = rng.uniform(0, math.pi)
        bands = np.cos(2 * math.pi * ((xx * math.cos(a) + yy * math.sin(a)) / pitch))
        fine = np.cos(2 * math.pi * xx / rng.uniform(1.1, 1.6)) * np.cos(2 * math.pi * yy / rng.uniform(1.1, 1.6))
        scene *= 1 - carrier_alpha * (p["moire"] * (0.5 + 0.5 * bands) + 0.3 * p["moire"] * fine)
    if p["glare"] > 0:  # a soft specular spot or band, partly over the code
        size = n * m * rng.uniform(0.15, 0.45)
        gx = code_centre[0] + rng.uniform(-0.5, 0.5) * n * m
        gy = code_centre[1] + rng.uniform(-0.5, 0.5) * n * m
        if rng.random() < 0.5:
            spot = np.exp(-(((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * size * size)))
        else:
            a = rng.uniform(0, math.pi)
            d = (xx - gx) * math.cos(a) + (yy - gy) * math.sin(a)
            spot = np.exp(-(d**2) / (2 * (size * 0.5) ** 2))
        scene = scene + p["glare"] * spot
    scene = scene * p["exposure"]
    if p["exposure"] > 1.0:  # bright screen in a dim room: sensor clips
        scene = np.minimum(scene, 255)

    # --- optics: lens blur, defocus, hand motion
    kernel = gauss_kernel(p["psf_sigma"])
    if p["defocus"] > 0:
        kernel = convolve_small(kernel, disk_kernel(p["defocus"]))
    if p["motion"] > 0:
        kernel = convolve_small(kernel, line_kernel(p["motion"], rng.uniform(0, math.pi)))
    scene = convolve(scene, kernel)

    # --- sensor: shot and read noise at the gain that brings a dim exposure back up
    gain = 1.0 / min(1.0, p["exposure"])
    signal = np.clip(scene, 0, None)
    noise_var = p["shot"] * signal / gain + p["read_noise"] ** 2
    scene = (signal + rng.standard_normal(signal.shape, dtype=np.float32) * np.sqrt(noise_var)) * gain
    assert np.isfinite(scene).all()
    frame = np.clip(np.rint(scene), 0, 255).astype(np.uint8)

    if p["jpeg"]:
        import io

        buf = io.BytesIO()
        Image.fromarray(frame, "L").save(buf, "JPEG", quality=p["jpeg"])
        buf.seek(0)
        frame = np.asarray(Image.open(buf).convert("L"), np.uint8)
    p["modules"] = n
    return frame, content, p


def convolve_small(a, b):
    """Full 2-D convolution of two small kernels."""
    out = np.zeros((a.shape[0] + b.shape[0] - 1, a.shape[1] + b.shape[1] - 1))
    for y in range(b.shape[0]):
        for x in range(b.shape[1]):
            if b[y, x]:
                out[y : y + a.shape[0], x : x + a.shape[1]] += a * b[y, x]
    return out / out.sum()


# How each frame was made (params.tsv), to see where decoders fail; blur lengths in pixels.
PARAM_KEYS = ["modules", "module", "roll", "tilt", "psf_sigma", "defocus", "motion", "read_noise", "shot",
              "exposure", "gradient", "glare", "shadow", "contrast", "jpeg", "quiet", "carrier", "moire"]


def describe(value):
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, tuple):
        return "/".join(f"{v:.3g}" for v in value)
    return str(value)


def write_pgm(path, frame):
    with open(path, "wb") as f:
        f.write(b"P5\n%d %d\n255\n" % (frame.shape[1], frame.shape[0]))
        f.write(frame.tobytes())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("--per-category", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--categories", default=",".join(CATEGORIES), help="comma-separated subset")
    args = parser.parse_args()
    categories = [c for c in args.categories.split(",") if c]
    for c in categories:
        if c not in CATEGORIES:
            sys.exit(f"make_corpus: unknown category {c}")
    os.makedirs(args.out_dir, exist_ok=True)
    lines = ["# file\tcategory\tcontent (\"\" = no code in the frame)"]
    params = ["# file\t" + "\t".join(PARAM_KEYS)]
    number = 0
    for c in categories:
        for i in range(args.per_category):
            rng = np.random.default_rng([args.seed, CATEGORIES.index(c), i])
            frame, content, p = render_frame(c, rng)
            assert frame.shape == (HEIGHT, WIDTH)
            assert not any(ch in content for ch in "\t\n\r")
            name = f"{number:04d}_{c}.pgm"
            write_pgm(os.path.join(args.out_dir, name), frame)
            lines.append(f"{name}\t{c}\t{content if content else chr(34) * 2}")
            params.append(name + "\t" + "\t".join(describe(p[key]) for key in PARAM_KEYS))
            number += 1
    with open(os.path.join(args.out_dir, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(args.out_dir, "params.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(params) + "\n")
    print(f"make_corpus: {number} frames in {args.out_dir}")


if __name__ == "__main__":
    main()
