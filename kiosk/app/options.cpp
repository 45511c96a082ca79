// Option parsing: --name value pairs and a few flags.
#include "app/options.h"

#include <cstdlib>
#include <functional>
#include <map>

namespace yiwang::kiosk {

const char* usage_text() {
  return "usage: kiosk [options]\n"
         "  --platform URL          platform base URL (default http://127.0.0.1:8780)\n"
         "  --allow-plain-http      allow http:// to a loopback address (demo, tests)\n"
         "  --terminal-dir DIR      the enrolled identity (default ./terminal): terminal.json,\n"
         "                          ca.pem (the pinned platform CA), client.pem, client.key\n"
         "  --enroll CODE           enroll with a provisioning code (kiosk-enroll:v1:...) first\n"
         "  --terminal-id ID        terminal id (default T4601050001)\n"
         "  --site-zh TEXT --site-en TEXT   site name shown in the header and on receipts\n"
         "  --region-code CODE      the terminal's GB/T 2260 region (460108), where address "
         "fields\n"
         "                          start; an enrolled terminal's comes from its enrollment\n"
         "  --db FILE               the kiosk's SQLite state (outbox, catalog cache)\n"
         "  --outbox-key FILE       key sealing personal data in the outbox (default <db>.key;\n"
         "                          on a terminal, keep it off the data partition)\n"
         "  --assets DIR            assets folder (translations, fonts list)\n"
         "  --font FILE             CJK font (default: first found from assets/fonts.txt)\n"
         "  --log FILE              append the log here as well as to stderr\n"
         "  --headless              no window: software rendering, screenshots only\n"
         "  --fullscreen            fullscreen window (the kiosk itself)\n"
         "  --kms CARD              the panel through DRM/KMS dumb buffers, no window system and\n"
         "                          no GL (the appliance): auto or /dev/dri/cardN; touch from\n"
         "                          evdev\n"
         "  --script FILE           replay a scripted journey (see assets/demo/journey.script)\n"
         "  --out DIR               screenshots and virtual receipts (default out)\n"
         "  --simulate              simulate the ID-card reader, QR scanner and receipt printer\n"
         "                          not given explicitly: --simulate --receipt tcp://printer\n"
         "                          drives a real printer with a simulated reader and scanner\n"
         "  --reader SPEC           ID-card reader: auto, usb[:VVVV:PPPP] (native, default\n"
         "                          0400:c35a), serial:usb:VVVV[:PPPP] (found through udev),\n"
         "                          or a serial port such as /dev/ttyUSB0\n"
         "  --scanner SPEC          QR scanner: auto, evdev:|hidraw:|serial: followed by a path\n"
         "                          or usb:VVVV[:PPPP] (found through udev), or a bare path\n"
         "                          (/dev/input/event*, /dev/hidraw*, /dev/ttyACM*)\n"
         "  --keypad SPEC           tactile keypad for speech mode: usb:VVVV[:PPPP] (found\n"
         "                          through udev) or an evdev path (/dev/input/event*)\n"
         "  --headphone-jack SPEC   the headphone jack's switch: auto (found through udev) or an\n"
         "                          evdev path; headphones plugged in start speech mode\n"
         "  --camera SPEC           camera QR scanning: /dev/video* (V4L2) or a directory of\n"
         "                          .pgm frames (played once)\n"
         "  --receipt SPEC          receipt printer: tcp://HOST[:9100], usb or usb:VVVV:PPPP\n"
         "                          (libusb), /dev/usb/lp0, or a file (one-way)\n"
         "  --paper-mm 80|58        receipt paper width (default 80)\n"
         "  --certificate-printer URI  A4 printer for certificates: ipp://HOST:631/printers/Q\n"
         "                          (a CUPS queue) or an IPP printer's own URI\n"
         "  --printer-raster-qr     the printer lacks GS ( k: send QR codes as images\n"
         "  --receipts              technician: receipts for dead-lettered applications and\n"
         "                          the audit log, then exit\n"
         "  --idle-timeout-s N      seconds without a touch before the warning (default 60)\n"
         "  --idle-countdown-s N    seconds of warning before the session is wiped (default 30)\n"
         "  --dead-letters          technician: list dead letters (no personal data) and exit\n"
         "  --set-maintenance-pin   technician: read a new maintenance PIN (6-12 digits) from\n"
         "                          standard input, store its Argon2id hash, then exit\n"
         "  --verify-audit          technician: check the audit log's hash chain, report the\n"
         "                          first broken record, then exit (1 when broken)\n"
         "  --resolve-dead ID       technician: erase a dead letter that has been dealt with\n"
         "  --dead-retention-days N erase unresolved dead letters after N days (default 30)\n"
         "  --backoff-cap-ms N      longest wait between retries (default 300000)\n"
         "  --submit-wait-ms N      how long to wait for an online case number (default 8000)\n"
         "  --voice-record FILE     tests: write every line said, played and captioned to FILE\n"
         "                          (the voice goes there, not to an audio device)\n"
         "  --update-command CMD    the image's updater: the platform's update command runs\n"
         "                          CMD BUNDLE_URL (no shell) and reports its exit status;\n"
         "                          without it, update is answered \"not supported\"\n"
         "  --bundle-dir DIR        a folder standing in for the USB stick (tests): maintenance\n"
         "                          mode writes the support bundle there; without it, the\n"
         "                          bundle goes to the USB copy helper (below)\n"
         "  --usb-copy-socket PATH  the USB copy helper's socket: it finds the stick, mounts\n"
         "                          it for the copy, syncs and unmounts it (default\n"
         "                          /run/yiwang-usb-copy.sock; the kiosk never mounts)\n"
         "  --support-bundle DIR    technician: write a support bundle (no personal data) into\n"
         "                          DIR, then exit\n";
}

std::optional<Options> parse_options(int argc, char** argv, std::string& error) {
  Options o;
  std::map<std::string, std::function<void(const std::string&)>> valued = {
      {"--platform", [&](const std::string& v) { o.platform_url = v; }},
      {"--terminal-dir", [&](const std::string& v) { o.terminal_dir = v; }},
      {"--enroll", [&](const std::string& v) { o.enroll_code = v; }},
      {"--terminal-id", [&](const std::string& v) { o.terminal_id = v; }},
      {"--site-zh", [&](const std::string& v) { o.site_zh = v; }},
      {"--site-en", [&](const std::string& v) { o.site_en = v; }},
      {"--region-code", [&](const std::string& v) { o.region_code = v; }},
      {"--db", [&](const std::string& v) { o.database = v; }},
      {"--outbox-key", [&](const std::string& v) { o.outbox_key = v; }},
      {"--assets", [&](const std::string& v) { o.assets = v; }},
      {"--font", [&](const std::string& v) { o.font = v; }},
      {"--log", [&](const std::string& v) { o.log = v; }},
      {"--script", [&](const std::string& v) { o.script = v; }},
      {"--out", [&](const std::string& v) { o.out = v; }},
      {"--reader", [&](const std::string& v) { o.reader_port = v; }},
      {"--scanner", [&](const std::string& v) { o.scanner_port = v; }},
      {"--keypad", [&](const std::string& v) { o.keypad = v; }},
      {"--headphone-jack", [&](const std::string& v) { o.headphone_jack = v; }},
      {"--camera", [&](const std::string& v) { o.camera = v; }},
      {"--kms", [&](const std::string& v) { o.kms = v; }},
      {"--receipt", [&](const std::string& v) { o.receipt_device = v; }},
      {"--paper-mm", [&](const std::string& v) { o.paper_mm = std::atoi(v.c_str()); }},
      {"--certificate-printer", [&](const std::string& v) { o.certificate_printer = v; }},
      {"--idle-timeout-s", [&](const std::string& v) { o.idle_timeout_s = std::atoi(v.c_str()); }},
      {"--idle-countdown-s",
       [&](const std::string& v) { o.idle_countdown_s = std::atoi(v.c_str()); }},
      {"--resolve-dead", [&](const std::string& v) { o.resolve_dead = std::atoll(v.c_str()); }},
      {"--dead-retention-days",
       [&](const std::string& v) { o.dead_retention_days = std::atoi(v.c_str()); }},
      {"--backoff-cap-ms", [&](const std::string& v) { o.backoff_cap_ms = std::atoll(v.c_str()); }},
      {"--submit-wait-ms", [&](const std::string& v) { o.submit_wait_ms = std::atoll(v.c_str()); }},
      {"--voice-record", [&](const std::string& v) { o.voice_record = v; }},
      {"--update-command", [&](const std::string& v) { o.update_command = v; }},
      {"--bundle-dir", [&](const std::string& v) { o.bundle_dir = v; }},
      {"--usb-copy-socket", [&](const std::string& v) { o.usb_copy_socket = v; }},
      {"--support-bundle", [&](const std::string& v) { o.support_bundle = v; }},
  };
  std::map<std::string, bool*> flags = {{"--allow-plain-http", &o.allow_plain_http},
                                        {"--headless", &o.headless},
                                        {"--fullscreen", &o.fullscreen},
                                        {"--simulate", &o.simulate},
                                        {"--dead-letters", &o.list_dead},
                                        {"--receipts", &o.list_receipts},
                                        {"--verify-audit", &o.verify_audit},
                                        {"--set-maintenance-pin", &o.set_maintenance_pin}};
  bool raster_qr = false;
  flags["--printer-raster-qr"] = &raster_qr;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      error = "help";
      return std::nullopt;
    }
    if (auto flag = flags.find(arg); flag != flags.end()) {
      *flag->second = true;
    } else if (auto option = valued.find(arg); option != valued.end()) {
      if (i + 1 >= argc) {
        error = arg + " needs a value";
        return std::nullopt;
      }
      option->second(argv[++i]);
    } else {
      error = "unknown option " + arg;
      return std::nullopt;
    }
  }
  o.printer_qr = !raster_qr;
  if (o.paper_mm != 80 && o.paper_mm != 58) {
    error = "--paper-mm must be 80 or 58";
    return std::nullopt;
  }
  if (o.dead_retention_days <= 0) {
    error = "--dead-retention-days must be positive";
    return std::nullopt;
  }
  if (o.idle_timeout_s <= 0 || o.idle_countdown_s <= 0) {
    error = "idle times must be positive";
    return std::nullopt;
  }
  return o;
}

}  // namespace yiwang::kiosk
