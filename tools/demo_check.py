#!/usr/bin/env python3
# Checks the demo's second journey reached the platform simulator: the typed address, the
# signature PNG (decoded, with ink) and express delivery. Writes the signature it received beside
# the screenshots. Usage: demo_check.py CONTROL_URL OUT_DIR
import base64
import io
import json
import sys
import urllib.request

from PIL import Image

ADDRESS = "北京市东城区景山前街4号张宅"
ITEM = "460100-0003-0003"


def main():
    control, out = sys.argv[1], sys.argv[2]
    with urllib.request.urlopen(control + "/_sim/cases", timeout=10) as answer:
        cases = json.load(answer)
    mine = [c for c in cases if c.get("item_code") == ITEM]
    problems = []
    if len(mine) != 1:
        problems.append(f"{len(mine)} residence permit applications received, not 1")
    else:
        received = mine[0]["received"]
        if received["form"].get("address") != ADDRESS:
            problems.append("the typed address was not received")
        delivery = received.get("delivery", {})
        if delivery.get("method") != "express" or delivery.get("address") != ADDRESS:
            problems.append("express delivery to the typed address was not received")
        png = base64.b64decode(received.get("commitment", {}).get("signature_png_base64", ""))
        try:
            image = Image.open(io.BytesIO(png))
            image.load()
        except Exception as error:  # noqa: BLE001: any decoding failure is the finding
            problems.append(f"the signature is no PNG: {error}")
        else:
            grey = image.convert("L")
            dark = sum(1 for value in grey.getdata() if value < 128)
            if dark < 200:
                problems.append(f"the signature has {dark} dark pixels: no ink")
            with open(f"{out}/signature-received.png", "wb") as file:
                file.write(png)
            print(f"demo: the platform received the address, express delivery and a "
                  f"{image.width}x{image.height} signature PNG ({len(png)} bytes, {dark} dark "
                  f"pixels): {out}/signature-received.png")
    for problem in problems:
        print("demo: FAILED: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
