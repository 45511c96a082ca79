// KioskApp's parts: everything the application owns, in construction order. Private to app/.
#pragma once

#include <SDL.h>
#include <SDL_ttf.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/kiosk_app.h"
#include "app/receipt_station.h"
#include "app/script.h"
#include "certificate/certificate_printer.h"
#include "core/app_events.h"
#include "core/event_queue.h"
#include "flow/kiosk_flow.h"
#include "idcard/idcard_reader.h"
#include "idcard/sim/reader_simulator.h"
#include "platform/platform_tasks.h"
#include "qr/camera_scanner.h"
#include "qr/qr_scanner.h"
#include "qr/scanner_simulator.h"
#include "receipt_journal.h"
#include "services/device_board.h"
#include "sync/sync_worker.h"
#include "toolkit/canvas.h"
#include "toolkit/screen.h"

namespace yiwang::kiosk {

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
  std::optional<store::SealingKey> outbox_key;
  std::unique_ptr<store::Outbox> outbox;
  std::unique_ptr<store::LocalState> state;
  std::unique_ptr<store::ReceiptJournal> journal;
  std::unique_ptr<PlatformTasks> tasks;
  DeviceBoard devices;
  std::unique_ptr<SyncWorker> sync;
  std::unique_ptr<drivers::ReaderSimulator> reader_sim;
  std::unique_ptr<drivers::ScannerSimulator> scanner_sim;
  std::unique_ptr<drivers::IdCardReader> reader;
  std::unique_ptr<drivers::QrScanner> scanner;
  std::unique_ptr<drivers::CameraScanner> camera;
  std::unique_ptr<ReceiptStation> receipts;
  std::unique_ptr<drivers::CertificatePrinter> certificates;
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
    camera.reset();
    receipts.reset();
    certificates.reset();
    sync.reset();
    tasks.reset();
    flow.reset();  // wipes the resident session
  }

  void post(AppEvent event) { queue->push(std::move(event)); }
  // Called on device threads: record the state for heartbeats, then tell the UI thread.
  void device_changed(const drivers::DeviceStatus& status) {
    if (devices.update(status) && sync) sync->heartbeat_now();
  }
  // (Re)creates the task thread and the sync worker for this platform identity.
  void connect_platform(const PlatformConfig& platform);
  // After a scanned enrollment: the new identity replaces the old link, in place.
  void reconnect_enrolled();
  PlatformResult enroll(const std::string& code_text);
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

}  // namespace yiwang::kiosk
