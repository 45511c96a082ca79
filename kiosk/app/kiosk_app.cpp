// KioskApp: construction order is dependency order; destruction stops threads before what they use.
#include "app/kiosk_app.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/script.h"
#include "core/app_events.h"
#include "core/event_queue.h"
#include "flow/kiosk_flow.h"
#include "idcard/idcard_reader.h"
#include "idcard/sim/reader_simulator.h"
#include "platform/platform_tasks.h"
#include "qr/line_scanner.h"
#include "qr/scanner_simulator.h"
#include "receipt/receipt_printer.h"
#include "receipt/sim/virtual_printer_sink.h"
#include "screens/screens.h"
#include "sync/sync_worker.h"
#include "toolkit/canvas.h"

#ifndef YIWANG_ASSETS_DIR
#define YIWANG_ASSETS_DIR "assets"
#endif

namespace yiwang::kiosk {

namespace fs = std::filesystem;

// SDL's lifetime: initialised first, shut down last.
struct SdlSystem {
  SDL_Window* window = nullptr;
  SDL_Renderer* renderer = nullptr;
  SDL_Surface* surface = nullptr;  // headless target
  Uint32 wake_event = 0;
  SdlSystem() = default;
  SdlSystem(const SdlSystem&) = delete;
  SdlSystem& operator=(const SdlSystem&) = delete;
  SdlSystem(SdlSystem&&) = delete;
  SdlSystem& operator=(SdlSystem&&) = delete;
  ~SdlSystem() {
    if (renderer) SDL_DestroyRenderer(renderer);
    if (window) SDL_DestroyWindow(window);
    if (surface) SDL_FreeSurface(surface);
    if (TTF_WasInit()) TTF_Quit();
    SDL_Quit();
  }
};

struct KioskApp::Parts {
  Options options;
  SdlSystem sdl;
  std::unique_ptr<Logger> logger;
  I18n i18n;
  SystemClock clock;
  std::unique_ptr<EventQueue<AppEvent>> queue;
  std::unique_ptr<store::Database> database;
  std::unique_ptr<store::Outbox> outbox;
  std::unique_ptr<store::LocalState> state;
  std::unique_ptr<PlatformTasks> tasks;
  DeviceBoard devices;
  std::unique_ptr<SyncWorker> sync;
  std::unique_ptr<drivers::ReaderSimulator> reader_sim;
  std::unique_ptr<drivers::ScannerSimulator> scanner_sim;
  std::unique_ptr<drivers::IdCardReader> reader;
  std::unique_ptr<drivers::SerialLineScanner> scanner;
  std::unique_ptr<drivers::ReceiptPrinter> printer;
  std::unique_ptr<KioskFlow> flow;
  std::unique_ptr<ui::Canvas> canvas;
  ui::ScreenStack stack;
  ui::Frame frame;
  std::string pressed;  // widget id under the finger since touch-down

  // Script state.
  std::vector<ScriptStep> script;
  std::size_t step = 0;
  long long step_started_ms = 0;
  int shots = 0;
  int exit_code = 0;
  bool quit = false;

  Parts() = default;
  Parts(const Parts&) = delete;
  Parts& operator=(const Parts&) = delete;
  Parts(Parts&&) = delete;
  Parts& operator=(Parts&&) = delete;
  ~Parts() {
    // Device and worker threads post into the queue: stop them before anything else goes.
    reader.reset();
    scanner.reset();
    printer.reset();
    sync.reset();
    tasks.reset();
    flow.reset();  // wipes the resident session
  }

  void post(AppEvent event) { queue->push(std::move(event)); }
  // Called on device threads: record the state for heartbeats, then tell the UI thread.
  void device_changed(const drivers::DeviceStatus& status) {
    if (devices.update(status) && sync) sync->heartbeat_now();
  }
  void render();
  bool screenshot(const std::string& name);
  void press(int x, int y);
  void release(int x, int y);
  void tap(const std::string& id);
  void sync_screens();
  // Runs script steps until one has to wait. False when the script failed.
  void run_script();
  void fail_script(const std::string& why);
};

namespace {

std::string find_font(const Options& options, const std::string& assets) {
  if (!options.font.empty()) return options.font;
  std::ifstream list(assets + "/fonts.txt");
  std::string line;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (fs::exists(line)) return line;
  }
  return "";
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
  const std::string font = find_font(options, assets);
  if (font.empty()) {
    error = "no CJK font found (assets/fonts.txt lists where to look; tools/setup.sh installs one)";
    return nullptr;
  }

  // SDL: a window, or a software renderer drawing into memory.
  if (options.headless) SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
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
  }
  if (!p->sdl.renderer) {
    error = std::string("cannot create a renderer: ") + SDL_GetError();
    return nullptr;
  }
  p->canvas = ui::Canvas::create(p->sdl.renderer, font, error);
  if (!p->canvas) return nullptr;
  p->sdl.wake_event = SDL_RegisterEvents(1);
  const Uint32 wake = p->sdl.wake_event;
  p->queue = std::make_unique<EventQueue<AppEvent>>([wake] {
    SDL_Event event{};
    event.type = wake;
    SDL_PushEvent(&event);  // thread-safe: wakes SDL_WaitEvent on the UI thread
  });
  Parts* parts = p.get();
  auto post = [parts](AppEvent event) { parts->post(std::move(event)); };

  // Storage: the UI thread's own connection; the sync worker opens another.
  auto opened = store::Database::open(options.database);
  if (!opened.status.ok()) {
    error = "cannot open " + options.database + ": " + opened.status.message;
    return nullptr;
  }
  p->database = std::move(opened.database);
  p->outbox = std::make_unique<store::Outbox>(*p->database);
  p->state = std::make_unique<store::LocalState>(*p->database);

  PlatformConfig platform{options.platform_url, options.terminal_id, options.allow_plain_http};
  if (std::string refused = check_transport_policy(platform); !refused.empty()) {
    error = "platform " + options.platform_url + ": " + refused;
    return nullptr;
  }
  p->tasks = std::make_unique<PlatformTasks>(platform, post);
  BackoffPolicy backoff;
  backoff.cap_ms = options.backoff_cap_ms;
  p->sync = std::make_unique<SyncWorker>(options.database, platform, p->clock, log, post, backoff,
                                         &p->devices);

  // Devices: simulators speak the real wire protocols on pseudo-terminals.
  std::string reader_port = options.reader_port;
  std::string scanner_port = options.scanner_port;
  auto printer_listener = [parts](const drivers::PrintEvent& e) {
    if (e.kind == drivers::PrintEvent::Kind::jobDone) {
      parts->post(PrintDone{e.job_id, e.ok, e.message});
    } else {
      drivers::CardReaderEvent status;  // device status travels in the common shape
      status.status = e.status;
      parts->device_changed(e.status);
      parts->post(std::move(status));
    }
  };
  if (options.simulate) {
    auto reader_sim = drivers::ReaderSimulator::create();
    auto scanner_sim = drivers::ScannerSimulator::create();
    if (!reader_sim || !scanner_sim) {
      error = "cannot start device simulators: " +
              (reader_sim ? scanner_sim.error() : reader_sim.error());
      return nullptr;
    }
    p->reader_sim = std::move(reader_sim.value());
    p->scanner_sim = std::move(scanner_sim.value());
    reader_port = p->reader_sim->device_path();
    scanner_port = p->scanner_sim->device_path();
    p->printer = std::make_unique<drivers::ReceiptPrinter>(
        std::make_unique<drivers::VirtualPrinterSink>(options.out,
                                                      drivers::VirtualPrinterOptions{font, 576}),
        printer_listener);
    log.info("app", "simulated devices: reader " + reader_port + ", scanner " + scanner_port +
                        ", virtual printer into " + options.out);
  } else if (!options.receipt_device.empty()) {
    p->printer = std::make_unique<drivers::ReceiptPrinter>(
        std::make_unique<drivers::PathSink>(options.receipt_device), printer_listener);
  }
  if (!reader_port.empty()) {
    p->reader =
        std::make_unique<drivers::IdCardReader>(reader_port, [parts](drivers::CardReaderEvent e) {
          if (e.kind == drivers::CardReaderEvent::Kind::statusChanged)
            parts->device_changed(e.status);
          parts->post(std::move(e));
        });
  }
  if (!scanner_port.empty()) {
    p->scanner =
        std::make_unique<drivers::SerialLineScanner>(scanner_port, [parts](drivers::ScanEvent e) {
          if (e.kind == drivers::ScanEvent::Kind::statusChanged) parts->device_changed(e.status);
          parts->post(std::move(e));
        });
  }

  FlowSettings settings;
  settings.terminal_id = options.terminal_id;
  settings.site_name = {options.site_zh, options.site_en};
  settings.idle_timeout_ms = options.idle_timeout_s * 1000LL;
  settings.idle_countdown_ms = options.idle_countdown_s * 1000LL;
  settings.submit_wait_ms = options.submit_wait_ms;
  settings.demo_controls = options.simulate;
  FlowPorts ports;
  ports.wake_sync = [parts] { parts->sync->wake(); };
  ports.verify_identity = [parts](unsigned long long ticket, const nlohmann::json& body) {
    parts->tasks->request("identity", ticket, [body](PlatformClient& client) {
      return client.post("/v1/identity/verify", body);
    });
  };
  ports.refresh_catalog = [parts](const std::string& etag) {
    parts->tasks->request(
        "catalog", 0, [etag](PlatformClient& client) { return client.get("/v1/catalog", etag); });
  };
  if (p->printer) {
    ports.print_receipt = [parts](std::string job, std::vector<std::uint8_t> bytes) {
      parts->printer->print(std::move(job), std::move(bytes));
    };
  }
  if (p->reader_sim) {
    ports.present_demo_card = [parts] {
      if (auto card = drivers::sample_card("zhang-san"))
        parts->reader_sim->present(std::move(*card));
    };
  }
  p->flow =
      std::make_unique<KioskFlow>(settings, ports, *p->outbox, *p->state, p->clock, log, p->i18n);

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

void KioskApp::Parts::sync_screens() {
  const ui::ViewModel& model = flow->model();
  if (stack.current() != model.screen) stack.request_screen(ui::make_screen(model.screen));
  if (model.idle_warning && !stack.has_overlay()) stack.request_overlay(ui::make_idle_warning());
  if (!model.idle_warning && stack.has_overlay()) stack.request_no_overlay();
}

void KioskApp::Parts::render() {
  stack.build(flow->model(), i18n, frame);
  canvas->draw(frame);
  SDL_RenderPresent(sdl.renderer);
}

bool KioskApp::Parts::screenshot(const std::string& name) {
  render();
  SDL_Surface* shot = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight, 32,
                                                     SDL_PIXELFORMAT_ARGB8888);
  if (!shot) return false;
  bool ok = SDL_RenderReadPixels(sdl.renderer, nullptr, SDL_PIXELFORMAT_ARGB8888, shot->pixels,
                                 shot->pitch) == 0;
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%02d-", ++shots);
  const std::string path = options.out + "/" + prefix + name + ".png";
  ok = ok && IMG_SavePNG(shot, path.c_str()) == 0;
  SDL_FreeSurface(shot);
  logger->info("script", (ok ? "screenshot " : "screenshot FAILED ") + path);
  return ok;
}

void KioskApp::Parts::press(int x, int y) {
  flow->touched();
  const ui::Widget* widget = frame.hit(x, y);
  pressed = widget ? widget->id : "";
}

void KioskApp::Parts::release(int x, int y) {
  const ui::Widget* widget = frame.hit(x, y);
  if (widget && widget->id == pressed) flow->handle_intent(widget->id);
  pressed.clear();
}

void KioskApp::Parts::tap(const std::string& id) {
  const ui::Widget* widget = frame.find(id);
  const int x = widget->rect.x + widget->rect.w / 2;
  const int y = widget->rect.y + widget->rect.h / 2;
  press(x, y);
  release(x, y);
}

void KioskApp::Parts::fail_script(const std::string& why) {
  const ScriptStep& s = script[step];
  logger->error("script",
                "line " + std::to_string(s.line) + " (" + s.verb + " " + s.argument + "): " + why);
  screenshot("failure");
  exit_code = 1;
  quit = true;
}

void KioskApp::Parts::run_script() {
  while (!quit && step < script.size()) {
    const ScriptStep& s = script[step];
    const auto now = static_cast<long long>(SDL_GetTicks64());
    if (step_started_ms == 0) step_started_ms = now;
    const bool timed_out = now - step_started_ms > static_cast<long long>(s.seconds * 1000);
    const ui::ViewModel& model = flow->model();
    // Make sure the frame matches the model before looking at widgets.
    sync_screens();
    stack.apply_pending();
    stack.build(model, i18n, frame);
    bool done = true;
    if (s.verb == "wait") {
      done = stack.current() && s.argument == ui::screen_name(*stack.current());
      if (!done && timed_out) {
        return fail_script(std::string("still on ") + ui::screen_name(model.screen));
      }
    } else if (s.verb == "tap") {
      if (!frame.find(s.argument)) return fail_script("no such widget on this screen");
      tap(s.argument);
    } else if (s.verb == "type") {
      for (char c : s.argument) {
        stack.build(flow->model(), i18n, frame);
        const std::string id = std::string("key:") + c;
        if (!frame.find(id)) return fail_script("no keypad key " + id);
        tap(id);
      }
    } else if (s.verb == "card") {
      auto card = drivers::sample_card(s.argument);
      if (!reader_sim || !card) return fail_script("no simulated reader or no such sample card");
      reader_sim->present(std::move(*card));
    } else if (s.verb == "card-remove") {
      if (reader_sim) reader_sim->remove();
    } else if (s.verb == "scan") {
      if (!scanner_sim || !scanner_sim->scan(s.argument))
        return fail_script("no simulated scanner");
    } else if (s.verb == "shot") {
      if (!screenshot(s.argument)) return fail_script("screenshot failed");
    } else if (s.verb == "expect") {
      bool found = false;
      for (const auto& w : frame.widgets()) found |= w.text.find(s.argument) != std::string::npos;
      if (!found) return fail_script("text not on screen");
    } else if (s.verb == "advance") {
      clock.advance(static_cast<long long>(std::stod(s.argument) * 1000));
    } else if (s.verb == "sleep") {
      done = now - step_started_ms >= std::stoll(s.argument);
    } else if (s.verb == "wait-print") {
      done = model.receipt.printed || model.receipt.print_problem_key == "receipt.print_failed";
      if (done && !model.receipt.printed) return fail_script("the receipt did not print");
      if (!done && timed_out) return fail_script("the receipt did not print in time");
    } else if (s.verb == "wait-idle-queue") {
      done = model.pending == 0;
      if (!done && timed_out) return fail_script(std::to_string(model.pending) + " still pending");
    }
    if (!done) return;
    ++step;
    step_started_ms = 0;
    if (step == script.size()) {
      logger->info("script", "finished: " + std::to_string(script.size()) + " steps, " +
                                 std::to_string(shots) + " screenshots in " + options.out);
      quit = true;
    }
  }
}

int KioskApp::run() {
  Parts& p = *parts_;
  if (p.reader) p.reader->start();
  if (p.scanner) p.scanner->start();
  p.sync->start();
  p.flow->start();
  const bool scripted = !p.script.empty();
  p.logger->info("app", scripted ? "running script (" + std::to_string(p.script.size()) + " steps)"
                                 : "running");

  while (!p.quit) {
    int timeout = -1;
    if (auto next = p.flow->next_timer_ms())
      timeout = static_cast<int>(std::min<long long>(*next + 1, 60000));
    if (scripted) timeout = 10;  // scripts poll for their conditions
    SDL_Event event;
    bool have = false;
    if (p.options.headless) {
      // No input comes through SDL here, and its dummy driver cannot block (it polls every
      // millisecond): sleep on the application's own queue instead.
      p.queue->wait(timeout);
      have = SDL_PollEvent(&event);
    } else {
      have = timeout < 0 ? SDL_WaitEvent(&event) : SDL_WaitEventTimeout(&event, timeout);
    }
    while (have) {
      switch (event.type) {
        case SDL_QUIT:
          p.quit = true;
          break;
        case SDL_MOUSEBUTTONDOWN:
          if (event.button.button == SDL_BUTTON_LEFT) p.press(event.button.x, event.button.y);
          break;
        case SDL_MOUSEBUTTONUP:
          if (event.button.button == SDL_BUTTON_LEFT) p.release(event.button.x, event.button.y);
          break;
        case SDL_FINGERDOWN:
          p.press(static_cast<int>(event.tfinger.x * ui::theme::kWidth),
                  static_cast<int>(event.tfinger.y * ui::theme::kHeight));
          break;
        case SDL_FINGERUP:
          p.release(static_cast<int>(event.tfinger.x * ui::theme::kWidth),
                    static_cast<int>(event.tfinger.y * ui::theme::kHeight));
          break;
        case SDL_KEYDOWN:
          // A technician's keyboard: Ctrl+Q quits. Residents have only the touchscreen.
          if (event.key.keysym.sym == SDLK_q && (event.key.keysym.mod & KMOD_CTRL)) p.quit = true;
          break;
        case SDL_WINDOWEVENT:
          p.render();
          break;
        default:
          break;
      }
      have = SDL_PollEvent(&event);
    }
    for (auto& app_event : p.queue->drain()) p.flow->handle_event(std::move(app_event));
    p.flow->tick();
    if (scripted) p.run_script();
    p.sync_screens();
    const bool changed = p.stack.apply_pending();
    if (p.flow->take_dirty() || changed) p.render();
  }
  return p.exit_code;
}

}  // namespace yiwang::kiosk
