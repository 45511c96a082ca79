#!/usr/bin/env python3
# Checks the demo's second journey reached the platform simulator: the date from the picker, the
# select's value, the address from the region cascade with the street typed, the materials, the
# signature PNG (decoded, with ink) and express delivery. Writes the signature it received beside
# the screenshots. Usage: demo_check.py CONTROL_URL OUT_DIR
import base64
import io
import json
import sys
import urllib.request

from PIL import Image

ITEM = "460100-0003-0003"
# The cascade's names (北京市 → 东城区, the province-level city has no city row of its own), then
# the street typed by pinyin and the handwritten 张.
CASCADE = "北京市东城区"
ADDRESS = CASCADE + "景山前街4号张宅"
PHONE = "13800138000"
EXPECTED_FORM = {
    "residence_since": "2019-03-01",  # the date picker
    "residence_reason": "employment",  # the select
    "address": ADDRESS,
    "phone": PHONE,
}
EXPECTED_MATERIALS = [
    {"code": "M001", "provided": "shared"},  # the platform fetches it
    {"code": "M007", "provided": "on_site"},  # brought to the counter
]


def check_signature(received, out, problems):
    png = base64.b64decode(received.get("commitment", {}).get("signature_png_base64", ""))
    try:
        image = Image.open(io.BytesIO(png))
        image.load()
    except Exception as error:  # noqa: BLE001: any decoding failure is the finding
        problems.append(f"the signature is no PNG: {error}")
        return ""
    grey = image.convert("L")
    dark = sum(1 for value in grey.getdata() if value < 128)
    if dark < 200:
        problems.append(f"the signature has {dark} dark pixels: no ink")
    with open(f"{out}/signature-received.png", "wb") as file:
        file.write(png)
    return (f"a {image.width}x{image.height} signature PNG ({len(png)} bytes, {dark} dark "
            f"pixels): {out}/signature-received.png")


def main():
    control, out = sys.argv[1], sys.argv[2]
    with urllib.request.urlopen(control + "/_sim/cases", timeout=10) as answer:
        cases = json.load(answer)
    mine = [c for c in cases if c.get("item_code") == ITEM]
    problems = []
    signature = ""
    if len(mine) != 1:
        problems.append(f"{len(mine)} residence permit applications received, not 1")
    else:
        received = mine[0]["received"]
        form = received.get("form", {})
        for key, value in EXPECTED_FORM.items():
            if form.get(key) != value:
                problems.append(f"form.{key}: {form.get(key)!r} received, not {value!r}")
        if not form.get("address", "").startswith(CASCADE):
            problems.append("the address does not start with the cascade's " + CASCADE)
        if received.get("materials") != EXPECTED_MATERIALS:
            problems.append(f"materials: {received.get('materials')!r} received")
        delivery = received.get("delivery", {})
        if (delivery.get("method") != "express" or delivery.get("address") != ADDRESS or
                delivery.get("phone") != PHONE):
            problems.append("express delivery to the typed address and phone was not received")
        signature = check_signature(received, out, problems)
    for problem in problems:
        print("demo: FAILED: " + problem, file=sys.stderr)
    if not problems:
        print(f"demo: the platform received the date {EXPECTED_FORM['residence_since']}, the "
              f"select {EXPECTED_FORM['residence_reason']}, the address {ADDRESS} (cascade, then "
              f"typed), materials M001 shared and M007 at the counter, express delivery and "
              f"{signature}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
