// Command-line options of the kiosk program (see README "Running the kiosk").
#pragma once

#include <optional>
#include <string>

namespace yiwang::kiosk {

struct Options {
  std::string platform_url = "http://127.0.0.1:8780";
  bool allow_plain_http = false;
  std::string terminal_dir = "terminal";  // enrolled identity: terminal.json, ca.pem, client.*
  std::string enroll_code;                // a provisioning code to enroll with before starting
  std::string terminal_id = "T4601050001";
  std::string site_zh = "海口市美兰区政务服务中心 24小时自助服务区";
  std::string site_en = "Meilan District Government Service Centre, 24-hour self-service area";
  // The terminal's GB/T 2260 region, where address fields start (an enrolled terminal's comes
  // from its enrollment).
  std::string region_code = "460108";
  std::string database = "kiosk.db";
  std::string outbox_key;  // default: <database>.key
  std::string assets;      // default: the source tree's assets/
  std::string font;        // default: first existing path in assets/fonts.txt
  std::string log;
  bool headless = false;
  bool fullscreen = false;
  // The panel driven straight through DRM/KMS (a card node or "auto"): no window system, no GL;
  // input from evdev through SDL. "" = an SDL window (or headless).
  std::string kms;
  std::string script;
  std::string out = "out";
  bool simulate = false;  // simulated reader, scanner and virtual printer, where not given
  std::string reader_port;
  std::string scanner_port;
  std::string keypad;               // the tactile keypad: evdev path or usb:VVVV[:PPPP]; "" none
  std::string headphone_jack;       // the sound card's jack switch: auto or an evdev path; "" none
  std::string camera;               // /dev/video* or a directory of .pgm frames
  std::string receipt_device;       // tcp://HOST:PORT, usb[:VVVV:PPPP], /dev/usb/lp0 or a file
  int paper_mm = 80;                // 80 or 58
  std::string certificate_printer;  // ipp://... : an IPP printer or a CUPS queue
  bool printer_qr = true;           // the printer draws QR codes itself (GS ( k); false: raster
  bool list_receipts = false;  // technician: receipts to reconcile and the audit log, then exit
  int idle_timeout_s = 60;
  int idle_countdown_s = 30;
  int dead_retention_days = 30;
  bool list_dead = false;            // technician: list dead letters and exit
  long long resolve_dead = 0;        // technician: erase this dead letter and exit
  bool verify_audit = false;         // technician: check the audit log's hash chain and exit
  bool set_maintenance_pin = false;  // technician: a new PIN from standard input, then exit
  // The image's updater for the platform's `update` command: run as CMD BUNDLE_URL, its exit
  // status is the command's result. Empty: `update` is answered "not supported".
  std::string update_command;
  std::string bundle_dir;  // a folder standing in for the USB stick (tests); "" udev
  // The privileged USB copy helper's socket (the package's yiwang-usb-copy.socket).
  std::string usb_copy_socket = "/run/yiwang-usb-copy.sock";
  std::string support_bundle;  // technician: write a support bundle into this folder and exit
  long long backoff_cap_ms = 5LL * 60 * 1000;
  long long submit_wait_ms = 8000;
  // Tests: every line said, played and captioned written to this file (kind, screen, language,
  // text), and the voice played into it instead of an audio device.
  std::string voice_record;
};

// nullopt with error set when the arguments are wrong; "help" in error for --help.
std::optional<Options> parse_options(int argc, char** argv, std::string& error);
const char* usage_text();

}  // namespace yiwang::kiosk
