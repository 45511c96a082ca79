// KioskApp::create: construction order is dependency order (SDL, storage, platform, devices, flow).
#include <malloc.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/kiosk_parts.h"
#include "app/remote_commands.h"
#include "common/usb_copy.h"
#include "core/json_fields.h"
#include "platform/catalog_fetch.h"
#include "platform/certificates.h"
#include "platform/enrollment.h"
#include "services/diagnostics_facts.h"
#include "services/font_list.h"
#include "services/support_bundle.h"

#ifndef YIWANG_ASSETS_DIR
#define YIWANG_ASSETS_DIR "assets"
#endif

namespace yiwang::kiosk {

namespace fs = std::filesystem;

namespace {

std::string find_font(const Options& options, const std::string& assets) {
  if (!options.font.empty()) return options.font;
  return first_listed_font(assets + "/fonts.txt");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

KioskApp::KioskApp(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
KioskApp::~KioskApp() = default;

std::unique_ptr<KioskApp> KioskApp::create(const Options& options, std::string& error) {
  auto p = std::make_unique<Parts>();
  p->options = options;
  const std::string assets = options.assets.empty() ? YIWANG_ASSETS_DIR : options.assets;
  std::error_code ignored;
  fs::create_directories(options.out, ignored);
  p->logger = std::make_unique<Logger>(options.log);
  Logger& log = *p->logger;

  if (!p->i18n.load(assets + "/i18n/strings.tsv", error)) return nullptr;
  p->phase("log+i18n");
  const std::string font = find_font(options, assets);
  if (font.empty()) {
    error = "no CJK font found (assets/fonts.txt lists where to look; tools/setup.sh installs one)";
    return nullptr;
  }

  // SDL: a window, or a software renderer drawing into memory.
  if (options.headless) SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
  // Through KMS: SDL draws nothing on the panel, only reads touch and keys from evdev.
  if (!options.headless && !options.kms.empty()) SDL_setenv("SDL_VIDEODRIVER", "evdev", 1);
  // Stop signals are the kiosk's own (StopSignals): SDL must not turn them into SDL_QUIT.
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
  SDL_SetHint(SDL_HINT_MOUSE_TOUCH_EVENTS, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    error = std::string("SDL_Init: ") + SDL_GetError();
    return nullptr;
  }
  if (options.headless) {
    p->sdl.surface = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    p->sdl.renderer = p->sdl.surface ? SDL_CreateSoftwareRenderer(p->sdl.surface) : nullptr;
  } else if (!options.kms.empty()) {
    // The frame is drawn into memory at the panel's size and copied to a KMS buffer on present.
    auto output = drivers::KmsOutput::open(options.kms);
    if (!output.ok()) {
      error = "display (KMS): " + output.error();
      return nullptr;
    }
    p->sdl.kms = std::move(output).value();
    p->sdl.surface = SDL_CreateRGBSurfaceWithFormat(0, p->sdl.kms->width(), p->sdl.kms->height(),
                                                    32, SDL_PIXELFORMAT_ARGB8888);
    p->sdl.renderer = p->sdl.surface ? SDL_CreateSoftwareRenderer(p->sdl.surface) : nullptr;
    if (p->sdl.renderer)
      SDL_RenderSetLogicalSize(p->sdl.renderer, ui::theme::kWidth, ui::theme::kHeight);
    SDL_ShowCursor(SDL_DISABLE);
    log.info("app", "display: KMS " + p->sdl.kms->description() + ", renderer software");
    auto input = drivers::InputActivity::open();
    if (input) {
      p->sdl.input = std::move(input).value();
      log.info("app", "input: " + std::to_string(p->sdl.input->devices()) +
                          " event node(s) watched; the loop sleeps until one has input");
    } else {
      log.warning("app", "input: " + input.error() + "; the loop looks every 20 ms");
    }
  } else {
    const Uint32 flags = options.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE;
    p->sdl.window =
        SDL_CreateWindow("Yiwang Kiosk 一网通办", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                         ui::theme::kWidth, ui::theme::kHeight, flags);
    if (p->sdl.window) {
      p->sdl.renderer = SDL_CreateRenderer(p->sdl.window, -1, SDL_RENDERER_ACCELERATED);
      if (!p->sdl.renderer)
        p->sdl.renderer = SDL_CreateRenderer(p->sdl.window, -1, SDL_RENDERER_SOFTWARE);
    }
    if (p->sdl.renderer)
      SDL_RenderSetLogicalSize(p->sdl.renderer, ui::theme::kWidth, ui::theme::kHeight);
    if (options.fullscreen) SDL_ShowCursor(SDL_DISABLE);  // a touchscreen: no pointer on it
  }
  if (!p->sdl.renderer) {
    error = std::string("cannot create a renderer: ") + SDL_GetError();
    return nullptr;
  }
  p->phase("sdl");
  p->canvas = ui::Canvas::create(p->sdl.renderer, font, error);
  if (!p->canvas) return nullptr;
  // A locale's own font (a third language's script), named in assets/fonts.txt.
  const auto locale_font = locale_fonts(assets + "/fonts.txt");
  for (int l = 2; l < p->i18n.languages(); ++l) {
    const auto it = locale_font.find(p->i18n.code(ui::Language{l}));
    if (it != locale_font.end() && !p->canvas->add_font(it->second))
      log.warning("app", "font of locale " + it->first + " not found: " + it->second);
  }
  // The software renderer's surface keeps its pixels between frames: only what changed is
  // painted again. A GPU back buffer is undefined after a present: drawn whole.
  SDL_RendererInfo renderer_info{};
  if (SDL_GetRendererInfo(p->sdl.renderer, &renderer_info) == 0 &&
      (renderer_info.flags & SDL_RENDERER_SOFTWARE) != 0) {
    p->canvas->set_retained(true);
  }
  // What the frame is drawn with and onto: the image's boot test compares the screen with a
  // golden image, and a mismatch starts from these figures.
  if (p->sdl.window) {
    int out_w = 0, out_h = 0, win_w = 0, win_h = 0;
    SDL_GetRendererOutputSize(p->sdl.renderer, &out_w, &out_h);
    SDL_GetWindowSize(p->sdl.window, &win_w, &win_h);
    SDL_DisplayMode mode{};
    SDL_GetCurrentDisplayMode(0, &mode);
    log.info("app", std::string("display: ") + SDL_GetCurrentVideoDriver() + ", renderer " +
                        (renderer_info.name ? renderer_info.name : "?") + ", output " +
                        std::to_string(out_w) + "x" + std::to_string(out_h) + ", window " +
                        std::to_string(win_w) + "x" + std::to_string(win_h) + ", mode " +
                        std::to_string(mode.w) + "x" + std::to_string(mode.h) + "@" +
                        std::to_string(mode.refresh_rate) + " " +
                        SDL_GetPixelFormatName(mode.format));
  }
  p->sdl.wake_event = SDL_RegisterEvents(1);
  const Uint32 wake = p->sdl.wake_event;
  p->queue = std::make_unique<EventQueue<AppEvent>>([wake, input = p->sdl.input] {
    SDL_Event event{};
    event.type = wake;
    SDL_PushEvent(&event);     // thread-safe: wakes SDL_WaitEvent on the UI thread
    if (input) input->poke();  // on KMS the loop sleeps in InputActivity::wait instead
  });
  Parts* parts = p.get();
  p->phase("font");

  // Storage: the UI thread's own connection; the sync worker opens another.
  auto opened = store::Database::open(options.database);
  if (!opened.status.ok()) {
    error = "cannot open " + options.database + ": " + opened.status.message;
    return nullptr;
  }
  p->database = std::move(opened.database);
  const std::string key_path =
      options.outbox_key.empty() ? options.database + ".key" : options.outbox_key;
  auto key = store::load_outbox_key(key_path, *p->database);
  if (key.status.kind == store::StoreErrorKind::keyMissing) {
    // Hold the queue and keep every entry until a technician restores the key.
    log.error("store", key.status.message +
                           ": the queue is held and no new key is made (check the key partition)");
  } else if (!key.status.ok()) {
    error = "cannot use the outbox key: " + key.status.message;
    return nullptr;
  }
  p->outbox_key = std::move(key.key);
  const store::SealingKey* sealing = p->outbox_key ? &*p->outbox_key : nullptr;
  p->outbox = std::make_unique<store::Outbox>(*p->database, sealing);
  p->store = std::make_unique<StoreWorker>(
      options.database, sealing, log, [parts](AppEvent event) { parts->post(std::move(event)); });
  p->state = std::make_unique<store::LocalState>(*p->database);
  p->journal = std::make_unique<store::ReceiptJournal>(*p->database);

  // The platform link: the enrolled identity (mutual TLS, pinned CA) when there is one; plain
  // HTTP to loopback only when the options allow it explicitly.
  PlatformConfig platform;
  platform.base_url = options.platform_url;
  platform.terminal_id = options.terminal_id;
  platform.allow_plain_http_loopback = options.allow_plain_http;
  std::string site_zh = options.site_zh;
  std::string site_en = options.site_en;
  if (!options.enroll_code.empty()) {
    auto enrolled = p->enroll(options.enroll_code);
    if (!enrolled) {
      error = enrolled.error().title;
      return nullptr;
    }
    log.info("platform", "enrolled as " + text_or(enrolled.value().body, "terminal_id"));
    // The maintenance PIN comes with the enrollment answer's config, as with a scanned code.
    const nlohmann::json config = field_or(enrolled.value().body, "config", nlohmann::json());
    if (config.is_object() && config.contains("maintenance_pin_hash") &&
        config["maintenance_pin_hash"].is_string()) {
      const auto set = PinGuard(*p->state, *p->journal, p->clock)
                           .set_pin_hash(config["maintenance_pin_hash"], "enrollment");
      if (!set.ok()) log.warning("flow", "maintenance PIN from enrollment: " + set.message);
    }
  }
  std::string not_enrolled;
  bool enrolled = false;
  bool wizard = false;
  std::string region_code = options.region_code;
  if (auto identity = load_terminal_identity(options.terminal_dir, not_enrolled)) {
    enrolled = true;
    use_identity(platform, *identity);
    if (!identity->region_code.empty()) region_code = identity->region_code;
    if (!identity->site_zh.empty()) site_zh = identity->site_zh;
    if (!identity->site_en.empty()) site_en = identity->site_en;
  } else if (!options.allow_plain_http) {
    wizard = true;  // the first-boot wizard, not the resident's attract screen
    // Residents can still be served offline (their submissions wait in the outbox); a
    // technician enrolls by scanning the provisioning code.
    log.warning("platform", not_enrolled + ": scan the provisioning QR code");
    platform.base_url.clear();
  }
  if (std::string refused = check_transport_policy(platform);
      !refused.empty() && !platform.base_url.empty()) {
    error = "platform " + options.platform_url + ": " + refused;
    return nullptr;
  }
  p->phase("database");
  p->connect_platform(platform);
  p->phase("platform");

  // Devices: simulators speak the real wire protocols on pseudo-terminals.
  std::string reader_port = options.reader_port;
  std::string scanner_port = options.scanner_port;
  auto printer_listener = [parts](const drivers::PrintEvent& e) {
    if (e.kind == drivers::PrintEvent::Kind::jobDone) {
      parts->post(PrintDone{e.job_id, e.outcome == drivers::PrintOutcome::printed, e.cut_confirmed,
                            e.reason, e.message});
    } else {
      drivers::CardReaderEvent status;  // device status travels in the common shape
      status.status = e.status;
      parts->device_changed(e.status);
      parts->post(std::move(status));
    }
  };
  // --simulate stands in for the devices the options do not name; a named one is real.
  if (options.simulate && reader_port.empty()) {
    auto reader_sim = drivers::ReaderSimulator::create();
    if (!reader_sim) {
      error = "cannot start the reader simulator: " + reader_sim.error();
      return nullptr;
    }
    p->reader_sim = std::move(reader_sim.value());
    reader_port = p->reader_sim->device_path();
    log.info("app", "simulated reader " + reader_port);
  }
  if (options.simulate && scanner_port.empty()) {
    auto scanner_sim = drivers::ScannerSimulator::create();
    if (!scanner_sim) {
      error = "cannot start the scanner simulator: " + scanner_sim.error();
      return nullptr;
    }
    p->scanner_sim = std::move(scanner_sim.value());
    scanner_port = p->scanner_sim->device_path();
    log.info("app", "simulated scanner " + scanner_port);
  }
  if (options.simulate && options.receipt_device.empty())
    log.info("app", "virtual receipt printer drawing into " + options.out);
  if (options.simulate || !options.receipt_device.empty()) {
    ReceiptStationConfig receipt;
    receipt.spec = options.receipt_device;
    receipt.simulate = options.simulate && options.receipt_device.empty();
    receipt.out_dir = options.out;
    receipt.font = font;
    receipt.paper_mm = options.paper_mm;
    receipt.native_qr = options.printer_qr;
    receipt.assets = assets;
    // The driver's last journaled stage says what the paper is owed: a void slip, a cut, or
    // nothing (a job journaled but never sent to the printer owes nothing).
    p->journal->close_interrupted(p->clock.unix_ms());
    const store::ReceiptRecord last = p->journal->last_staged();
    if (const auto stage = job_stage_named(last.stage)) {
      receipt.start_owing = drivers::restart_closing(*stage);
      receipt.owed_job = last.job_id;
    }
    receipt.database = options.database;
    if (receipt.start_owing != drivers::OwedClosing::none)
      log.warning("receipt",
                  "the last run left receipt " + last.job_id + " at " + last.stage +
                      ": the next one starts with a " +
                      (receipt.start_owing == drivers::OwedClosing::cut ? "cut" : "void slip"));
    p->receipts = ReceiptStation::create(receipt, p->i18n, printer_listener, error);
    if (!p->receipts) return nullptr;
    log.info("receipt", "receipt printer " + p->receipts->describe());
  }
  if (!options.certificate_printer.empty()) {
    p->certificates = std::make_unique<drivers::CertificatePrinter>(
        options.certificate_printer, drivers::CertificatePrinterSettings{},
        [parts](const drivers::CertificateEvent& e) {
          if (e.kind == drivers::CertificateEvent::Kind::statusChanged) {
            parts->device_changed(e.status);
            drivers::CardReaderEvent status;  // device status travels in the common shape
            status.status = e.status;
            parts->post(std::move(status));
            return;
          }
          parts->post(CertificatePrintDone{
              e.job_id, e.outcome == drivers::CertificateEvent::Outcome::completed, e.reason,
              e.message});
        });
    log.info("certificates", "certificate printer " + options.certificate_printer);
  }
  if (!reader_port.empty()) {
    auto link = drivers::make_reader_link(reader_port);
    if (!link) {
      error = "--reader " + reader_port + ": " + link.error();
      return nullptr;
    }
    p->reader = std::make_unique<drivers::IdCardReader>(
        std::move(link.value()), [parts](drivers::CardReaderEvent e) {
          if (e.kind == drivers::CardReaderEvent::Kind::statusChanged)
            parts->device_changed(e.status);
          parts->post(std::move(e));
        });
  }
  if (!scanner_port.empty()) {
    auto scanner = drivers::parse_scanner_spec(scanner_port);
    if (!scanner) {
      error = "--scanner: " + scanner.error();
      return nullptr;
    }
    p->scanner = std::make_unique<drivers::QrScanner>(
        std::move(scanner.value()), [parts](drivers::ScanEvent e) {
          if (e.kind == drivers::ScanEvent::Kind::statusChanged) parts->device_changed(e.status);
          parts->post(std::move(e));
        });
  }
  // The tactile keypad and the headphone jack: read like the scanner, their keys mapped by the
  // flow (speech mode).
  const auto evdev_listener = [parts](drivers::KeypadEvent e) {
    if (e.kind == drivers::KeypadEvent::Kind::statusChanged) parts->device_changed(e.status);
    parts->post(std::move(e));
  };
  if (!options.keypad.empty()) {
    auto keypad = drivers::parse_keypad_spec(options.keypad);
    if (!keypad) {
      error = "--keypad: " + keypad.error();
      return nullptr;
    }
    p->keypad = std::make_unique<drivers::EvdevInput>(std::move(keypad.value()), evdev_listener);
  }
  if (!options.headphone_jack.empty()) {
    auto jack = drivers::parse_jack_spec(options.headphone_jack);
    if (!jack) {
      error = "--headphone-jack: " + jack.error();
      return nullptr;
    }
    p->jack = std::make_unique<drivers::EvdevInput>(std::move(jack.value()), evdev_listener);
  }
  if (!options.camera.empty()) {
    auto source = options.camera.rfind("/dev/", 0) == 0
                      ? drivers::make_v4l2_source(options.camera, 1280, 720)
                      : drivers::make_file_source(options.camera, false);
    p->camera =
        std::make_unique<drivers::CameraScanner>(std::move(source), [parts](drivers::ScanEvent e) {
          if (e.kind == drivers::ScanEvent::Kind::statusChanged) parts->device_changed(e.status);
          parts->post(std::move(e));
        });
  }

  p->phase("devices");
  FlowSettings settings;
  settings.terminal_id = platform.terminal_id;
  settings.site_name = {site_zh, site_en};
  settings.idle_timeout_ms = options.idle_timeout_s * 1000LL;
  settings.idle_countdown_ms = options.idle_countdown_s * 1000LL;
  settings.submit_wait_ms = options.submit_wait_ms;
  settings.demo_controls = options.simulate;
  settings.enrolled = enrolled;
  settings.provisioning = wizard;
  FlowPorts ports;
  ports.wake_sync = [parts] { parts->sync->wake(); };
  ports.store = [parts](StoreRequest request) { parts->store->store(std::move(request)); };
  ports.enrolled = [parts] { parts->reconnect_enrolled(); };
  ports.report_now = [parts] {
    if (parts->sync) parts->sync->heartbeat_now();
  };
  ports.write_support_bundle = [parts, options, terminal_id = platform.terminal_id] {
    BundleSources sources;
    sources.terminal_id = terminal_id;
    sources.database = options.database;
    sources.log = options.log;
    sources.settings = bundle_settings(options);
    sources.devices = parts->devices.heartbeat_devices();
    const long long now = parts->clock.unix_ms();
    if (!options.bundle_dir.empty()) {  // a folder standing in for the stick
      const auto written = write_support_bundle(sources, options.bundle_dir, now);
      return std::pair<bool, std::string>{written.ok, written.detail};
    }
    // The stick: the kiosk has no right to mount anything (no CAP_SYS_ADMIN, no block devices).
    // It writes the bundle into its own state folder and asks the privileged helper behind
    // --usb-copy-socket (yiwang-usb-copy.socket) to copy it: found through udev, mounted
    // read-write for this copy only, synced and unmounted before it answers.
    const std::filesystem::path stage = usb_stage_dir(options);
    std::error_code ec;
    std::filesystem::remove_all(stage, ec);  // what an interrupted copy left
    std::filesystem::create_directories(stage, ec);
    if (ec) return std::pair<bool, std::string>{false, "cannot stage the bundle: " + ec.message()};
    const auto written = write_support_bundle(sources, stage.string(), now);
    if (!written.ok) return std::pair<bool, std::string>{false, written.detail};
    const std::string name = std::filesystem::path(written.folder).filename().string();
    // Under the UI loop's 20 s watchdog: a copy still running then is said, not waited for.
    auto copied = drivers::request_usb_copy(options.usb_copy_socket, name, 15000);
    std::filesystem::remove_all(stage, ec);
    parts->logger->info("maintenance", "support bundle " + name + " to the USB stick: " +
                                           (copied ? copied.value() : copied.error()));
    return copied ? std::pair<bool, std::string>{true, copied.value()}
                  : std::pair<bool, std::string>{false, copied.error()};
  };
  ports.run_command = [parts, options,
                       terminal_id = platform.terminal_id](const RemoteCommand& command) {
    BundleSources bundle;
    bundle.terminal_id = terminal_id;
    bundle.database = options.database;
    bundle.log = options.log;
    bundle.settings = bundle_settings(options);
    bundle.devices = parts->devices.heartbeat_devices();
    const long long now = parts->clock.unix_ms();
    parts->tasks->request("command", 0, [command, options, bundle, now](PlatformClient& client) {
      return run_remote_command(command, options.update_command, client, bundle,
                                options.database + ".upload", now);
    });
  };
  ports.enroll = [parts](const std::string& code) {
    parts->tasks->request("enroll", 0, [parts, code](PlatformClient&) -> PlatformResult {
      return parts->enroll(code);
    });
  };
  ports.verify_identity = [parts](unsigned long long ticket, const nlohmann::json& body) {
    parts->tasks->request("identity", ticket, [body](PlatformClient& client) {
      return client.post("/v1/identity/verify", body);
    });
  };
  ports.refresh_catalog = [parts](const std::string& etag) {
    parts->tasks->request("catalog", 0,
                          [etag](PlatformClient& client) { return fetch_catalog(client, etag); });
  };
  ports.read_cached_catalog = [parts] {
    // Read and parsed once the first frame is on the screen: two cores are shared with
    // everything that starts with the kiosk, and the attract screen needs no catalog.
    parts->cached_catalog_wanted = true;
    if (parts->frame_shown) parts->read_cached_catalog();
  };
  ports.list_certificates = [parts](unsigned long long ticket, const std::string& token) {
    parts->tasks->request("certificates", ticket, [token](PlatformClient& client) {
      return client.get("/v1/certificates?person_token=" + token);
    });
  };
  ports.create_payment = [parts](unsigned long long ticket, const std::string& order_key,
                                 const nlohmann::json& body) {
    parts->tasks->request("payment.order", ticket, [order_key, body](PlatformClient& client) {
      return client.post("/v1/payments", body, order_key);
    });
  };
  ports.poll_payment = [parts](unsigned long long ticket, const std::string& order_id) {
    parts->tasks->request("payment.status", ticket, [order_id](PlatformClient& client) {
      return client.get("/v1/payments/" + order_id);
    });
  };
  ports.query_case = [parts](unsigned long long ticket, const std::string& path) {
    parts->tasks->request("case.status", ticket,
                          [path](PlatformClient& client) { return client.get(path); });
  };
  if (p->certificates) {
    ports.print_certificate = [parts](const std::string& job, const std::string& id) {
      // Off the UI thread: download, check the digest, and hand the PDF straight to the
      // printer; the UI thread only learns the verification code or why not.
      parts->tasks->request(
          "certificate.document", 0, [parts, job, id](PlatformClient& client) -> PlatformResult {
            auto document = fetch_certificate(client, id);
            if (!document) return fail(document.error());
            PlatformReply reply;
            reply.body = {{"job_id", job},
                          {"certificate_id", id},
                          {"verification_code", document.value().verification_code}};
            parts->certificates->print({job, std::move(document.value().pdf)});
            return reply;
          });
    };
  }
  if (p->receipts) {
    ports.print_receipt = [parts](const std::string& job,
                                  const drivers::ReceiptDocument& document) {
      parts->receipts->print(job, document);
    };
  }
  {
    const std::string template_path = assets + "/receipts/receipt.tmpl";
    auto parsed = parse_receipt_template(read_file(template_path), template_path, error);
    if (!parsed) return nullptr;
    settings.receipt_template = std::move(*parsed);
  }
  {
    // The address cascade's divisions; without them addresses are typed whole.
    const std::string regions_path = assets + "/regions/gbt2260.tsv";
    std::string why;
    if (auto regions = RegionTable::parse(read_file(regions_path), why);
        regions && regions->size()) {
      settings.regions = std::move(*regions);
      settings.region_code = region_code;
    } else {
      log.error("flow", regions_path + ": " + (why.empty() ? "empty" : why));
    }
  }
  ports.diagnostics_facts = [options] {
    return diagnostics_facts(options.database, options.log, options.terminal_dir + "/client.pem");
  };
  ports.report_self_test = [parts](nlohmann::json results) {
    parts->devices.set_self_test(std::move(results));
  };
  if (p->receipts) {
    ports.receipt_capabilities = [parts] { return parts->receipts->capabilities(); };
  }
  if (p->certificates) {
    ports.print_test_page = [parts](const std::string& job, std::string pdf) {
      parts->certificates->print({job, std::move(pdf)});
    };
  }
  ports.say_test_line = [parts](const std::string& line) { return parts->say_test_line(line); };
  // Voice guidance: the engine says lines on its own thread; nothing here waits for it.
  ports.say = [parts](const std::string& text, const std::string& language) {
    parts->say(text, language);
  };
  ports.voice_reports_played = [parts] { return parts->voice && !parts->voice->failed(); };
  ports.silence = [parts] {
    if (parts->voice) parts->voice->stop();
  };
  ports.set_volume = [parts](int volume) {
    parts->voice_volume = volume;
    if (parts->voice) parts->voice->set_volume(volume);
  };
  ports.request_help = [parts](unsigned long long ticket, const nlohmann::json& body) {
    parts->tasks->request("help.request", ticket, [body](PlatformClient& client) {
      return client.post("/v1/help-requests", body);
    });
  };
  if (p->reader_sim) {
    ports.present_demo_card = [parts] {
      if (auto card = drivers::sample_card("zhang-san"))
        parts->reader_sim->present(std::move(*card));
    };
  }
  // The text keyboard's engines, once for the kiosk's life, each loaded on a thread of its own
  // when the keyboard first wants it (the flow calls load_pinyin / load_handwriting: pinyin when a
  // text field's keyboard first opens, handwriting when it is first chosen): librime and its
  // dictionaries and zinnia's model are tens of MiB a kiosk whose residents type nothing never
  // maps. librime compiles its schema into a folder beside the database on the first start
  // (seconds), then loads in tens of ms. Until loaded (and if one is missing) its keyboard mode
  // says it is loading; the kiosk starts all the same. Kept once loaded: see
  // KioskFlow::forget_typing for why.
  RimeSettings rime;
  rime.work_dir = options.database + ".rime";
  if (auto prepared = RimePinyin::prepare(rime)) {
    p->pinyin = std::move(prepared.value());
    ports.pinyin = p->pinyin.get();
    ports.load_pinyin = [parts] { parts->pinyin->load(); };
  } else {
    log.error("app", "pinyin input unavailable: " + prepared.error());
  }
  Logger* engine_log = p->logger.get();
  p->handwriting =
      ZinniaHandwriting::later({}, [engine_log](const std::string& failure, long long ms) {
        if (failure.empty())
          engine_log->info("app", "handwriting model loaded in " + std::to_string(ms) + " ms");
        else
          engine_log->error("app", "handwriting input unavailable: " + failure);
      });
  ports.handwriting = p->handwriting.get();
  ports.load_handwriting = [parts] { parts->handwriting->load(); };
  p->flow = std::make_unique<KioskFlow>(settings, ports, *p->outbox, *p->state, *p->journal,
                                        p->clock, log, p->i18n);

  p->phase("flow");
  p->signals = std::make_unique<StopSignals>([parts](int signal) {
    parts->post(StopRequested{signal});  // wakes the loop wherever it sleeps
  });
  if (!p->signals->ok()) log.warning("app", "no signal watcher: SIGTERM will not be seen early");

  if (!options.script.empty()) {
    auto steps = parse_script(read_file(options.script), error);
    if (!steps) {
      error = options.script + ": " + error;
      return nullptr;
    }
    p->script = std::move(*steps);
  }
  return std::unique_ptr<KioskApp>(new KioskApp(std::move(p)));
}

// Runs on the task thread: the technician scanned a provisioning code.
PlatformResult KioskApp::Parts::enroll(const std::string& code_text) {
  PlatformError error;
  error.error_class = ErrorClass::permanent;
  auto code = parse_provisioning_code(code_text);
  if (!code) {
    error.code = "bad_code";  // the wizard's scan step: what was scanned is not a usable code
    error.title = "provisioning code: " + code.error();
    return fail(error);
  }
  EnrollmentProblem problem = EnrollmentProblem::none;
  auto enrolled = enroll_terminal(code.value(), options.terminal_dir, DeviceFacts{}, &problem);
  if (!enrolled) {
    error.code = to_string(problem);  // the wizard names the step and what to check
    error.title = enrolled.error();
    return fail(error);
  }
  PlatformReply reply;
  reply.status = 201;
  reply.body = {{"terminal_id", enrolled.value().terminal_id},
                {"site_zh", enrolled.value().site_zh},
                {"site_en", enrolled.value().site_en},
                {"config", enrolled.value().config}};
  return reply;
}

void KioskApp::Parts::read_cached_catalog() {
  if (!cached_catalog_wanted || catalog_reader.joinable()) return;
  cached_catalog_wanted = false;
  catalog_reader = std::thread([this] {
    // A connection of its own: the UI thread's is not shared between threads.
    CatalogParsed parsed{"", nullptr, ""};
    auto opened = store::Database::open(options.database);
    std::optional<store::CachedCatalog> cached;
    if (!opened.status.ok()) {
      parsed.error = opened.status.message;
    } else {
      cached = store::LocalState(*opened.database).catalog();
      opened.database.reset();
      if (!cached) parsed.error = "no cached catalog";
    }
    if (cached) {
      parsed.etag = cached->etag;
      if (auto catalog = parse_catalog(cached->body, parsed.error))
        parsed.catalog = std::make_shared<Catalog>(std::move(*catalog));
      cached.reset();
    }
    malloc_trim(0);  // the parse's scratch (the text, the whole JSON tree) goes back
    post(std::move(parsed));
  });
}

void KioskApp::Parts::connect_platform(const PlatformConfig& platform) {
  auto post_event = [this](AppEvent event) { post(std::move(event)); };
  tasks = std::make_unique<PlatformTasks>(platform, post_event);
  SyncPolicy policy;
  policy.backoff.cap_ms = options.backoff_cap_ms;
  policy.dead_retention_ms = options.dead_retention_days * 24LL * 3600 * 1000;
  sync = std::make_unique<SyncWorker>(options.database, outbox_key ? &*outbox_key : nullptr,
                                      platform, clock, *logger, post_event, policy, &devices);
}

void KioskApp::Parts::reconnect_enrolled() {
  std::string error;
  auto identity = load_terminal_identity(options.terminal_dir, error);
  if (!identity) {
    logger->error("platform", error);
    return;
  }
  PlatformConfig platform;
  use_identity(platform, *identity);
  tasks->relink(platform);
  sync->relink(platform);
  logger->info("platform", "enrolled as " + identity->terminal_id + "; link to " +
                               identity->platform_url + " started");
}

}  // namespace yiwang::kiosk
