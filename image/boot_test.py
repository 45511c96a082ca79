#!/usr/bin/env python3
"""The appliance's boot test (tools/image.sh boot-test): boots build-image/disk.img in qemu and
checks, through QMP and the guest agent (qemu-guest-agent, present only on a virtio port):
  1. the kiosk reaches READY=1 (its unit turns active) and logs its first frame;
  2. the screen (QMP screendump) is the first screen, the provisioning wizard (golden: the host's kiosk, headless);
  2b. no key combination from a keyboard (qemu's, through evdev) reboots, switches the VT, stops
     the kiosk or changes the screen;
  2c. idle on that screen, the kiosk's UI thread, and all its threads together, wake at most 5
     times a second (voluntary context switches over 20 s);
  3. killed with SIGKILL it is restarted (Restart=always); stopped with SIGSTOP the UI watchdog
     (WatchdogSec=20s) has systemd kill and restart it;
  4. enrolled with the platform simulator on the host (10.0.2.2 from the guest), it says it is
     healthy and yiwang-mark-good marks the slot good;
  5. a kiosk that fails at every start gives way to the out-of-service still (start limit), and
     the screen is that still (golden: the host's kiosk-out-of-service, headless);
  6. with --update NAME (a bundle in OUT_DIR, served over HTTP): the image's updater installs it as
     the kiosk's user, the guest reboots into the other slot, comes up healthy there and marks it good;
  7. with --rollback NAME (a bundle whose kiosk never becomes healthy): installed and booted on
     trial, its health timeout reboots it and GRUB boots the slot the guest came from.
KVM only where the CPU has vmx/svm (YIWANG_ACCEL=kvm|tcg overrides); TCG otherwise.
Usage: boot_test.py OUT_DIR [--update NAME] [--rollback NAME [--wait-health-timer]]"""
import base64, collections, json, os, re, shutil, signal, socket, struct, subprocess, sys, tempfile, time, zlib
import http.server, threading, functools

OUT = os.path.abspath(sys.argv[1])
ARGS = sys.argv[2:]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START = time.monotonic()


def log(*words):
    print(f"[{time.monotonic() - START:7.1f}s]", *words, flush=True)


FAILURES = []


def fail(why):
    log("FAIL:", why)
    raise SystemExit(1)


def failed_check(why):
    """A failed check that does not stop the test (later checks still tell something)."""
    log("FAIL:", why)
    FAILURES.append(why)


class Json:
    """A line-delimited JSON socket (QMP or the guest agent)."""

    def __init__(self, path, qmp):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(path)
        self.file = self.sock.makefile("rwb")
        if qmp:
            self.read()  # greeting
            self.call("qmp_capabilities")

    def read(self):
        while True:
            line = self.file.readline()
            if not line:
                raise ConnectionError("closed")
            message = json.loads(line)
            if "event" not in message:
                return message

    def call(self, command, **arguments):
        self.file.write(json.dumps({"execute": command, "arguments": arguments}).encode() + b"\n")
        self.file.flush()
        answer = self.read()
        if "error" in answer:
            raise RuntimeError(f"{command}: {answer['error']}")
        return answer.get("return")


class Guest:
    """Commands in the guest through qemu-guest-agent's guest-exec."""

    def __init__(self, path):
        self.path = path
        self.agent = None

    def connect(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                agent = Json(self.path, qmp=False)
                agent.sock.settimeout(3)
                token = 4242
                agent.file.write(json.dumps({"execute": "guest-sync", "arguments": {"id": token}}).encode() + b"\n")
                agent.file.flush()
                if agent.read().get("return") == token:
                    agent.sock.settimeout(60)
                    self.agent = agent
                    return True
            except (OSError, ValueError, ConnectionError):
                pass
            time.sleep(2)
        return False

    def run(self, command, timeout=60):
        started = self.agent.call("guest-exec", path="/bin/sh", arg=["-c", command],
                                  **{"capture-output": True})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.agent.call("guest-exec-status", pid=started["pid"])
            if status["exited"]:
                text = base64.b64decode(status.get("out-data", "")).decode(errors="replace")
                return status.get("exitcode", -1), text
            time.sleep(0.3)
        raise TimeoutError(command)

    def start(self, command):
        """Starts a command without waiting for it (a reboot takes the agent away)."""
        try:
            self.agent.call("guest-exec", path="/bin/sh", arg=["-c", command])
        except (OSError, ConnectionError, ValueError):
            pass

    def out(self, command, timeout=60):
        return self.run(command, timeout)[1].strip()

    def wait(self, command, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code, text = self.run(command)
            if code == 0:
                return text.strip()
            time.sleep(1)
        fail(f"{what} (waited {timeout} s)")


def read_png(path):
    """8-bit RGB/RGBA non-interlaced PNG → (width, height, RGB bytes)."""
    data = open(path, "rb").read()
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), "8-bit RGB(A) only"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, offset = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[offset], bytearray(raw[offset + 1:offset + 1 + stride])
        offset += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    rgb = bytearray()
    for line in rows:
        if channels == 3:
            rgb += line
        else:
            for i in range(0, len(line), 4):
                rgb += line[i:i + 3]
    return width, height, bytes(rgb)


def read_ppm(path):
    data = open(path, "rb").read()
    fields = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    return int(fields[1]), int(fields[2]), data[fields.end():]


def differing(a, b, width, rows):
    """Share of pixels (above the status line) whose channels differ by more than 48."""
    count = 0
    for i in range(0, width * rows * 3, 3):
        if max(abs(a[i] - b[i]), abs(a[i + 1] - b[i + 1]), abs(a[i + 2] - b[i + 2])) > 48:
            count += 1
    return count / (width * rows)


def write_png(path, width, height, rgb):
    """RGB bytes → an 8-bit RGB PNG (to look at the screendump beside the golden image)."""
    raw = b"".join(b"\0" + rgb[y * width * 3:(y + 1) * width * 3] for y in range(height))

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                  + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def screen_facts(shown, expected, width, height):
    """Figures that tell a wrong screen's cause apart: its mean colour beside the golden's, the
    share of its pixels in the golden's most common colour (its background: near 1 when the
    widgets are missing), and the differing share with red and blue swapped (a colour-format
    mix-up). Every 7th pixel: pure Python over 2 million pixels is slow."""
    pixels = [(i, shown[i:i + 3], expected[i:i + 3]) for i in range(0, width * (height - 64) * 3, 21)]
    def mean(k):
        return tuple(round(sum(p[k][c] for p in pixels) / len(pixels)) for c in range(3))
    background = collections.Counter(p[2] for p in pixels).most_common(1)[0][0]
    def far(a, b):
        return max(abs(a[0] - b[0]), abs(a[1] - b[1]), abs(a[2] - b[2])) > 48
    return {"mean_shown": mean(1), "mean_golden": mean(2), "golden_background": tuple(background),
            "share_shown_in_background_colour": round(sum(p[1] == background for p in pixels) / len(pixels), 4),
            "share_golden_in_background_colour": round(sum(p[2] == background for p in pixels) / len(pixels), 4),
            "differing_red_blue_swapped": round(sum(far(p[1][::-1], p[2]) for p in pixels) / len(pixels), 4)}


def golden_attract(work):
    """The first screen as the host's kiosk draws it headless, unenrolled, like the guest's: the
    provisioning wizard (an unenrolled kiosk never shows residents the attract screen)."""
    kiosk = next((p for p in (f"{ROOT}/build/kiosk/kiosk", f"{ROOT}/build-asan/kiosk/kiosk") if os.path.exists(p)), None)
    if not kiosk:
        return None
    script = os.path.join(work, "golden.script")
    open(script, "w").write("wait provisioning\nshot provisioning\n")
    subprocess.run([kiosk, "--headless", "--platform", "https://platform.invalid", "--terminal-dir",
                    f"{work}/golden-terminal", "--db", f"{work}/golden.db", "--script", script,
                    "--out", f"{work}/golden", "--log", f"{work}/golden.log"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    return f"{work}/golden/01-provisioning.png"


def golden_out_of_service(work):
    """The out-of-service still as the host's build draws it headless."""
    still = next((p for p in (f"{ROOT}/build/kiosk/kiosk-out-of-service",
                              f"{ROOT}/build-asan/kiosk/kiosk-out-of-service") if os.path.exists(p)), None)
    if not still:
        return None
    subprocess.run([still, f"{ROOT}/assets", "--headless", f"{work}/out-of-service-golden.png"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    return f"{work}/out-of-service-golden.png"


def kvm_usable():
    """KVM only where the CPU offers it (vmx/svm): on a machine that is itself a virtual machine
    /dev/kvm may open and create VMs while guests fail (an internal emulation error, or MSR 0x10a
    refused with -cpu host) or crawl (measured on the development machine, 2026-12-01: SeaBIOS
    took over 60 s to reach "No bootable device" under KVM, 3.9 s under TCG). YIWANG_ACCEL=kvm or
    tcg overrides the choice."""
    forced = os.environ.get("YIWANG_ACCEL")
    if forced in ("kvm", "tcg"):
        return forced == "kvm"
    try:
        with open("/dev/kvm", "rb"):
            pass
    except OSError:
        return False
    flags = open("/proc/cpuinfo").read()
    return " vmx" in flags or " svm" in flags


def start_platform(work):
    sim = next((p for p in (f"{ROOT}/build/tools/platform-sim/platform-sim",
                            f"{ROOT}/build-asan/tools/platform-sim/platform-sim") if os.path.exists(p)), None)
    if not sim:
        fail("no platform-sim built (tools/build.sh release)")
    os.makedirs(f"{work}/platform", exist_ok=True)
    process = subprocess.Popen([sim, "--catalog", f"{ROOT}/assets/catalog/demo-catalog.json",
                                "--db", f"{work}/platform/platform.db", "--host", "127.0.0.1", "--port", "0",
                                "--port-file", f"{work}/platform/port", "--control-port", "0",
                                "--control-port-file", f"{work}/platform/control-port",
                                "--tls-dir", f"{work}/platform/tls", "--tls-name", "10.0.2.2",
                                "--enroll-token", f"boot-test-{os.getpid()}",
                                "--provisioning-file", f"{work}/platform/provisioning"],
                               stdout=open(f"{work}/platform.log", "w"), stderr=subprocess.STDOUT)
    for _ in range(300):
        if os.path.exists(f"{work}/platform/port") and os.path.exists(f"{work}/platform/provisioning"):
            port = open(f"{work}/platform/port").read().strip()
            code = open(f"{work}/platform/provisioning").read().strip()
            if port and code:
                return process, int(port), code
        time.sleep(0.1)
    process.terminate()
    process.wait()
    fail("the platform simulator did not start (see platform.log)")


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Files with HTTP range requests: RAUC streams a bundle (reads it by ranges over HTTP,
    never downloading it whole), which Python's plain handler does not serve."""

    def send_head(self):
        match = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        path = self.translate_path(self.path)
        if not match or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        first = int(match[1])
        last = min(int(match[2]) if match[2] else size - 1, size - 1)
        if first > last:
            self.send_error(416)
            return None
        body = open(path, "rb")
        body.seek(first)
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
        self.send_header("Content-Length", str(last - first + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self.range_left = last - first + 1
        return body

    def copyfile(self, source, destination):
        left = getattr(self, "range_left", None)
        if left is None:
            return super().copyfile(source, destination)
        while left > 0:
            chunk = source.read(min(left, 1 << 16))
            if not chunk:
                break
            destination.write(chunk)
            left -= len(chunk)
        self.range_left = None

    def log_message(self, *words):
        pass


def serve(directory):
    handler = functools.partial(RangeHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def boot(work, disk, accel):
    """Starts qemu on the overlay disk; returns (process, qmp, guest)."""
    for name in ("qmp.sock", "qga.sock"):
        if os.path.exists(f"{work}/{name}"):
            os.unlink(f"{work}/{name}")
    command = ["qemu-system-x86_64", "-machine", "q35", "-m", "1536", "-smp", "2",
               "-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
               "-drive", f"if=pflash,format=raw,file={work}/OVMF_VARS.fd",
               "-drive", f"if=virtio,format=qcow2,file={disk}",
               "-device", os.environ.get("YIWANG_QEMU_VGA", "virtio-vga,xres=1920,yres=1080"), "-display", "none",
               "-nic", "user,model=virtio-net-pci",
               "-chardev", f"socket,path={work}/qga.sock,server=on,wait=off,id=qga0",
               "-device", "virtio-serial", "-device", "virtserialport,chardev=qga0,name=org.qemu.guest_agent.0",
               "-qmp", f"unix:{work}/qmp.sock,server=on,wait=off",
               "-serial", f"file:{work}/serial-{int(time.monotonic())}.log"]
    command += ["-accel", "kvm", "-cpu", "host"] if accel == "kvm" else ["-accel", "tcg"]
    process = subprocess.Popen(command, stdout=open(f"{work}/qemu.log", "a"), stderr=subprocess.STDOUT)
    for _ in range(100):
        if os.path.exists(f"{work}/qmp.sock"):
            break
        time.sleep(0.1)
    qmp = Json(f"{work}/qmp.sock", qmp=True)
    return process, qmp, Guest(f"{work}/qga.sock")


def wait_kiosk_ready(guest, timeout):
    """READY=1 reached: Type=notify units are 'active' only after it. Returns the main pid."""
    return guest.wait("test \"$(systemctl show -p ActiveState --value yiwang-kiosk)\" = active && "
                      "systemctl show -p MainPID --value yiwang-kiosk", timeout, "the kiosk never reported READY=1")


def option(name):
    """The value after NAME in the arguments (a bundle's file name in build-image/), or None."""
    return ARGS[ARGS.index(name) + 1] if name in ARGS and ARGS.index(name) + 1 < len(ARGS) else None


def after_reboot(guest, boot_id, slow):
    """Waits for the guest to come back with another boot id; returns (slot, image id)."""
    deadline = time.monotonic() + 300 * slow
    while time.monotonic() < deadline:
        if guest.agent:
            guest.agent.sock.close()
        guest.agent = None
        if guest.connect(30):
            try:
                if guest.out("cat /proc/sys/kernel/random/boot_id") != boot_id:
                    slot = guest.out("sed -n 's/.*rauc\\.slot=\\([AB]\\).*/\\1/p' /proc/cmdline")
                    return slot, guest.out("cat /etc/yiwang-image-id")
            except (OSError, ConnectionError, RuntimeError, ValueError, TimeoutError):
                pass
        time.sleep(2)
    fail("the guest did not come back after the reboot")


def installed_and_rebooted(guest, qmp, url, slow, results, what):
    """The image's updater (as the kiosk's user) installs the bundle at URL; then a reboot.
    Returns the slot and image id booted after it."""
    started = time.monotonic()
    code, text = guest.run(f"runuser -u yiwang -- /usr/libexec/yiwang-image/update {url} 2>&1", timeout=900 * slow)
    results[f"{what}_install_s"] = round(time.monotonic() - started, 1)
    log(f"   {what}: rauc install {url}: exit {code} after {results[what + '_install_s']} s: "
        + " ".join(text.strip().splitlines()[-3:]))
    if code != 0:
        fail(f"{what}: the updater failed")
    log("   grubenv:", guest.out("grub-editenv /boot/efi/EFI/BOOT/grubenv list | tr '\\n' ' '"))
    boot_id = guest.out("cat /proc/sys/kernel/random/boot_id")
    rebooted = time.monotonic()
    guest.start("systemctl reboot --no-block")
    slot, image = after_reboot(guest, boot_id, slow)
    results[f"{what}_reboot_to_agent_s"] = round(time.monotonic() - rebooted, 1)
    return slot, image


def main():
    disk = f"{OUT}/disk.img"
    if not os.path.exists(disk):
        fail(f"{disk} missing: tools/image.sh build")
    work = f"{OUT}/boot-test"
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    accel = "kvm" if kvm_usable() else "tcg"
    slow = 1 if accel == "kvm" else 6  # TCG is several times slower: timeouts scale
    log(f"accelerator: {accel}")
    subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-b", disk, "-F", "raw", f"{work}/disk.qcow2"], check=True)
    shutil.copy("/usr/share/OVMF/OVMF_VARS_4M.fd", f"{work}/OVMF_VARS.fd")
    golden = golden_attract(work)
    platform, port, code = start_platform(work)
    files = serve(OUT)
    results = {}
    process = None
    try:
        booted = time.monotonic()
        process, qmp, guest = boot(work, f"{work}/disk.qcow2", accel)
        if not guest.connect(120 * slow):
            fail("the guest agent never answered (no boot?)")
        log("guest agent up")
        pid = wait_kiosk_ready(guest, 60 * slow)
        results["power_on_to_ready_s"] = round(time.monotonic() - booted, 1)
        first = guest.out("journalctl -b -u yiwang-kiosk -o cat | grep -m1 'first frame shown'")
        results["first_frame_log"] = first
        log(f"1. READY=1 after {results['power_on_to_ready_s']} s from qemu start (pid {pid}); kiosk says: {first}")
        log("   runs as:", guest.out(f"grep -E '^(Uid|Gid|Groups|CapEff|NoNewPrivs)' /proc/{pid}/status | tr -s '\\t\\n' '  '"))
        log("   renderer:", guest.out("journalctl -b -u yiwang-kiosk -o cat | grep -i -m3 -E 'render|sdl|error' | tr '\\n' ' '"))

        # 2. The first screen: the provisioning wizard of an unenrolled kiosk.
        time.sleep(5 * slow)
        qmp.call("screendump", filename=f"{work}/screen.ppm")
        width, height, shown = read_ppm(f"{work}/screen.ppm")
        write_png(f"{OUT}/boot-test-screen.png", width, height, shown)
        log("   display:", guest.out("journalctl -b -u yiwang-kiosk -o cat | grep -m2 'display' | tr '\\n' ' '"))
        if golden:
            gw, gh, expected = read_png(golden)
            write_png(f"{OUT}/boot-test-golden.png", gw, gh, expected)
            log(f"   saved {OUT}/boot-test-screen.png and boot-test-golden.png")
            if (gw, gh) != (width, height):
                failed_check(f"screen is {width}x{height}, the golden wizard screen {gw}x{gh}")
            else:
                share = differing(shown, expected, width, height - 64)
                results["attract_differing_pixels"] = share
                log(f"2. screendump {width}x{height}: {share:.3%} of pixels differ from the golden wizard screen")
                if share > 0.01:
                    log("   screen facts:", json.dumps(screen_facts(shown, expected, width, height)))
                    log("   connectors:", guest.out("for c in /sys/class/drm/card*-*; do echo \"$c $(cat $c/status) "
                                                    "$(head -3 $c/modes | tr '\\n' ' ')\"; done | tr '\\n' ';'"))
                    log("   kms state:", guest.out("mount -t debugfs none /sys/kernel/debug 2>/dev/null; "
                                                   "grep -E 'fb=|crtc\\[|mode:|size=|format=' "
                                                   "/sys/kernel/debug/dri/0/state | head -12 | tr -s ' \\n' ' '"))
                    failed_check("the screen is not the provisioning wizard (build-image/boot-test-screen.png, "
                                 "boot-test-golden.png)")
        else:
            log("2. no host kiosk build for the golden image: screendump kept, not compared")

        # 2b. A USB keyboard plugged in: no key combination leaves the kiosk (qemu's keyboard, the
        # same evdev path): Ctrl+Alt+Del, a VT switch, Alt+F4, Ctrl+C, Ctrl+Alt+Backspace, SysRq.
        boot_id = guest.out("cat /proc/sys/kernel/random/boot_id")
        for combo in (["ctrl", "alt", "delete"], ["ctrl", "alt", "f2"], ["alt", "f2"], ["alt", "f4"],
                      ["ctrl", "c"], ["ctrl", "alt", "backspace"], ["alt", "sysrq", "b"], ["esc"]):
            qmp.call("send-key", keys=[{"type": "qcode", "data": key} for key in combo])
            time.sleep(1)
        time.sleep(5 * slow)
        after = (guest.out("cat /proc/sys/kernel/random/boot_id"),
                 guest.out("systemctl show -p MainPID --value yiwang-kiosk"),
                 guest.out("cat /sys/class/tty/tty0/active"))
        results["keys_vt_after"] = after[2]
        if after[0] != boot_id or after[1] != pid or after[2] != "tty1":
            failed_check(f"keys: boot id, kiosk pid or VT changed: {after} (was {boot_id}, {pid}, tty1)")
        elif golden:
            qmp.call("screendump", filename=f"{work}/screen-keys.ppm")
            share = differing(read_ppm(f"{work}/screen-keys.ppm")[2], read_png(golden)[2], width, height - 64)
            log(f"2b. keys (Ctrl+Alt+Del, Ctrl+Alt+F2, Alt+F2, Alt+F4, Ctrl+C, Ctrl+Alt+Backspace, "
                f"SysRq+B, Esc): same boot, same kiosk pid, VT tty1, screen {share:.3%} different")
            if share > 0.01:
                failed_check("keys: the screen is not the wizard any more")

        # 2c. Idle wake-ups (issue 12: at most 5 a second): each voluntary context switch is a
        # sleep, so their count over a while is how often a thread woke. The UI thread on KMS
        # sleeps on the input nodes and the queue (InputActivity), not in 20 ms slices.
        def voluntary(paths):
            counts = guest.out(f"cat {paths} 2>/dev/null | sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p'")
            return sum(int(n) for n in counts.split() if n.isdigit())
        # The kiosk running now (step 2b fails, but goes on, when it was restarted meanwhile).
        now_pid = guest.out("systemctl show -p MainPID --value yiwang-kiosk")
        ui_before = voluntary(f"/proc/{now_pid}/task/{now_pid}/status")
        all_before = voluntary(f"/proc/{now_pid}/task/*/status")
        time.sleep(20)
        ui_after = voluntary(f"/proc/{now_pid}/task/{now_pid}/status")
        all_after = voluntary(f"/proc/{now_pid}/task/*/status")
        if not ui_before or not ui_after:
            failed_check(f"idle: no thread counts for the kiosk (pid {now_pid}): was it restarted?")
        results["idle_ui_wakeups_per_s"] = round((ui_after - ui_before) / 20, 1)
        results["idle_process_wakeups_per_s"] = round((all_after - all_before) / 20, 1)
        log(f"2c. idle on the wizard: UI thread {results['idle_ui_wakeups_per_s']} wake-ups/s, the whole "
            f"kiosk {results['idle_process_wakeups_per_s']}/s; input: "
            + guest.out("journalctl -b -u yiwang-kiosk -o cat | grep -m1 'input:'"))
        log("2c. threads (name: voluntary switches so far): " + guest.out(
            f"for t in /proc/{now_pid}/task/*; do printf '%s: %s; ' \"$(cat $t/comm)\" "
            f"\"$(sed -n 's/^voluntary_ctxt_switches:[[:space:]]*//p' $t/status)\"; done"))
        if results["idle_ui_wakeups_per_s"] > 5:
            failed_check(f"idle: the UI thread woke {results['idle_ui_wakeups_per_s']} times a second (at most 5)")
        # The whole kiosk too: SDL's audio (whose ALSA back end polls for hot-plug ten times a
        # second) is started only while the voice speaks, and stopped 10 s after its last line.
        if results["idle_process_wakeups_per_s"] > 5:
            failed_check(f"idle: the kiosk's threads woke {results['idle_process_wakeups_per_s']} times a "
                         "second (at most 5)")

        # 3. Restarts: SIGKILL (Restart=always), SIGSTOP (the UI watchdog).
        guest.run(f"kill -KILL {pid}")
        again = wait_kiosk_ready(guest, 60 * slow)
        if again == pid:
            fail("the kiosk was not restarted after SIGKILL")
        log(f"3. SIGKILL {pid}: restarted as {again}")
        stopped_at = time.monotonic()
        guest.run(f"kill -STOP {again}")
        deadline = time.monotonic() + 40 * slow
        while time.monotonic() < deadline:
            now = guest.out("systemctl show -p MainPID --value yiwang-kiosk")
            if now not in ("0", again):
                break
            time.sleep(1)
        watchdog = guest.out("journalctl -b -u yiwang-kiosk -o cat | grep -m1 -i watchdog")
        if "atchdog" not in watchdog:
            fail("SIGSTOPped kiosk: no watchdog timeout in the journal")
        third = wait_kiosk_ready(guest, 60 * slow)
        log(f"   SIGSTOP {again}: '{watchdog}', restarted as {third} after {time.monotonic() - stopped_at:.0f} s")
        results["restarts"] = guest.out("systemctl show -p NRestarts --value yiwang-kiosk")

        # 4. Enrolled with the simulator on the host: healthy, slot marked good.
        dropin = "/run/systemd/system/yiwang-kiosk.service.d"
        settings = (f"[Service]\\nEnvironmentFile=\\nEnvironment=YIWANG_PLATFORM=https://10.0.2.2:{port}\\n"
                    f"Environment=\"YIWANG_KIOSK_OPTIONS=--enroll {code}\"\\n")
        guest.run(f"mkdir -p {dropin} && printf '{settings}' > {dropin}/test.conf && systemctl daemon-reload "
                  "&& systemctl restart yiwang-kiosk")
        guest.wait("test -e /run/yiwang/healthy", 90 * slow, "the enrolled kiosk never said it was healthy")
        # Enrolled: later starts must not enroll again with the one-time code.
        guest.run(f"printf '[Service]\\nEnvironmentFile=\\nEnvironment=YIWANG_PLATFORM=https://10.0.2.2:{port}\\n' > "
                  f"{dropin}/test.conf && systemctl daemon-reload")
        guest.wait("systemctl is-active yiwang-mark-good.service", 30 * slow, "yiwang-mark-good did not run")
        env = guest.out("grub-editenv /boot/efi/EFI/BOOT/grubenv list | tr '\\n' ' '")
        log(f"4. healthy (enrolled with the host's simulator), slot marked good: {env}")
        results["grubenv_after_mark_good"] = env
        if "A_TRY=0" not in env:
            fail("slot A still on trial after mark-good")
        log("   rauc:", guest.out("rauc status 2>&1 | head -8 | tr '\\n' ' '"))

        # 5. A kiosk that fails at once, again and again: after 5 starts in 2 minutes systemd
        # stops restarting it and the out-of-service still takes the display.
        guest.run(f"printf '[Service]\\nExecStart=\\nExecStart=/bin/false\\n' > {dropin}/broken.conf && "
                  "systemctl daemon-reload && systemctl restart yiwang-kiosk")
        guest.wait("systemctl is-active yiwang-out-of-service.service", 120 * slow,
                   "the out-of-service still did not start after the kiosk kept failing")
        state = guest.out("systemctl show -p ActiveState,Result,NRestarts yiwang-kiosk | tr '\\n' ' '")
        log(f"5. kiosk failing at once: {state}; yiwang-out-of-service active")
        results["after_fast_failures"] = state
        still = golden_out_of_service(work)
        if still:
            time.sleep(3 * slow)
            qmp.call("screendump", filename=f"{work}/out-of-service.ppm")
            width, height, shown = read_ppm(f"{work}/out-of-service.ppm")
            gw, gh, expected = read_png(still)
            write_png(f"{OUT}/boot-test-out-of-service.png", width, height, shown)
            if (gw, gh) != (width, height):
                failed_check(f"out-of-service: screen {width}x{height}, golden {gw}x{gh}")
            else:
                share = differing(shown, expected, width, height)
                results["out_of_service_differing_pixels"] = share
                log(f"   screendump: {share:.3%} of pixels differ from the golden out-of-service still")
                if share > 0.01:
                    failed_check("the screen is not the out-of-service still "
                                 "(build-image/boot-test-out-of-service.png)")
        # 6. (--update NAME) An update bundle from the host (build-image/NAME over HTTP, 10.0.2.2
        # from the guest) through the image's updater as the kiosk's user (what the kiosk's
        # --update-command runs): RAUC writes the other slot, the guest reboots into it, the
        # kiosk comes up healthy there and the slot is marked good.
        platform_dropin = (f"mkdir -p {dropin} && printf '[Service]\\nEnvironmentFile=\\n"
                           f"Environment=YIWANG_PLATFORM=https://10.0.2.2:{port}\\n' > {dropin}/test.conf "
                           "&& systemctl daemon-reload && systemctl restart yiwang-kiosk")
        url = f"http://10.0.2.2:{files.server_address[1]}"
        if option("--update"):
            slot, image = installed_and_rebooted(guest, qmp, f"{url}/{option('--update')}", slow, results, "update")
            if slot != "B":
                fail(f"after the update the guest booted slot {slot}, not B")
            guest.run(platform_dropin)
            wait_kiosk_ready(guest, 60 * slow)
            guest.wait("test -e /run/yiwang/healthy", 90 * slow, "the updated slot's kiosk never said it was healthy")
            guest.wait("systemctl is-active yiwang-mark-good.service", 30 * slow, "yiwang-mark-good did not run on B")
            env = guest.out("grub-editenv /boot/efi/EFI/BOOT/grubenv list | tr '\\n' ' '")
            log(f"6. updated: slot B, image {image}, healthy, marked good: {env}")
            results["grubenv_after_update"] = env
            if "B_TRY=0" not in env or "B_OK=1" not in env:
                fail("slot B not marked good after the update")

        # 7. (--rollback NAME) A bundle whose kiosk never becomes healthy, installed into the other
        # slot: the guest boots it on trial, its health timeout gives it up (the test starts
        # yiwang-health-timeout.service after 90 s instead of waiting for its 5-minute timer,
        # unless --wait-health-timer), and GRUB, seeing the try flag still set, boots the slot
        # the guest came from.
        if option("--rollback"):
            before = guest.out("sed -n 's/.*rauc\\.slot=\\([AB]\\).*/\\1/p' /proc/cmdline")
            before_image = guest.out("cat /etc/yiwang-image-id")
            slot, image = installed_and_rebooted(guest, qmp, f"{url}/{option('--rollback')}", slow, results, "rollback")
            if slot == before:
                fail(f"the broken bundle was not booted (still slot {slot})")
            log(f"7. broken bundle booted on trial in slot {slot} (image {image})")
            time.sleep(90)
            if guest.run("test -e /run/yiwang/healthy")[0] == 0:
                fail("the broken kiosk said it was healthy")
            rebooting_at = time.monotonic()
            if "--wait-health-timer" not in ARGS:
                guest.start("systemctl start --no-block yiwang-health-timeout.service")
            boot_id = guest.out("cat /proc/sys/kernel/random/boot_id")
            back, back_image = after_reboot(guest, boot_id, slow)
            results["rollback_s"] = round(time.monotonic() - rebooting_at, 1)
            env = guest.out("grub-editenv /boot/efi/EFI/BOOT/grubenv list | tr '\\n' ' '")
            log(f"   rolled back to slot {back} (image {back_image}) {results['rollback_s']} s after the "
                f"health timeout fired: {env}")
            results["grubenv_after_rollback"] = env
            if back != before or back_image != before_image:
                fail(f"no rollback: booted slot {back} image {back_image}, expected {before} {before_image}")
            if f"{slot}_OK=0" not in env:
                failed_check(f"the broken slot {slot} is not marked bad after the rollback: {env}")
            wait_kiosk_ready(guest, 60 * slow)
            log("   the kiosk is up again on the slot it came from")
            env = guest.wait(f"grub-editenv /boot/efi/EFI/BOOT/grubenv list | tr '\\n' ' ' | grep '{back}_TRY=0'",
                             120 * slow, f"slot {back} not confirmed (TRY still set) after the rollback")
            log(f"   slot {back} confirmed again: {env}")

        log("results", json.dumps(results))
        if FAILURES:
            fail(f"{len(FAILURES)} check(s) failed: " + "; ".join(FAILURES))
        log("PASS")
    finally:
        if process:
            process.terminate()
            process.wait()
        platform.send_signal(signal.SIGTERM)
        platform.wait()
        files.shutdown()


if __name__ == "__main__":
    main()
