// outbox-bench: durable enqueue against raw SQLite on the same disk, then a 10 000-entry drain to
// the local platform simulator over HTTPS (mutual TLS, one kept-alive connection) while the UI
// thread keeps drawing the attract screen. Prints figures; asserts nothing.
//   outbox-bench [work dir on the disk to measure, default ./outbox-bench.d] [drain count]
#include <SDL.h>
#include <SDL_ttf.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/event_queue.h"
#include "database.h"
#include "outbox.h"
#include "platform/enrollment.h"
#include "services/font_list.h"
#include "services/i18n.h"
#include "support/platform_process.h"
#include "support/sample_application.h"
#include "sync/sync_worker.h"
#include "toolkit/canvas.h"
#include "toolkit/screen.h"
#include "toolkit/theme.h"

using namespace yiwang;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Figures {
  double per_second = 0, p50 = 0, p99 = 0, mean = 0;
};

Figures figures(std::vector<double> samples, double total_ms) {
  std::sort(samples.begin(), samples.end());
  Figures f;
  f.per_second = samples.size() / (total_ms / 1000.0);
  f.p50 = samples[samples.size() / 2];
  f.p99 = samples[std::min(samples.size() - 1, samples.size() * 99 / 100)];
  f.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / samples.size();
  return f;
}

// Raw SQLite insert+commit and Outbox::enqueue on the same disk, in alternating blocks so that
// drift (page cache, other load) falls on both alike.
struct EnqueueFigures {
  Figures raw;
  Figures outbox;
};

EnqueueFigures enqueue_side_by_side(const fs::path& dir, const std::string& payload, int count) {
  for (const char* name : {"raw.db", "outbox.db"}) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove((dir / name).string() + suffix);
  }
  sqlite3* raw = nullptr;
  sqlite3_open((dir / "raw.db").c_str(), &raw);
  sqlite3_exec(raw,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
               "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, payload BLOB);",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(raw, "INSERT INTO t (k, payload) VALUES (?, ?)", -1, &insert, nullptr);
  auto opened = store::Database::open((dir / "outbox.db").string());
  const auto key = *store::SealingKey::from_bytes(std::string(32, 'b'));
  store::Outbox outbox(*opened.database, key);

  std::vector<std::string> keys;
  for (int i = 0; i < count; ++i) keys.push_back(store::new_uuid());
  std::vector<double> raw_ms, outbox_ms;
  double raw_total = 0, outbox_total = 0;
  constexpr int kBlock = 100;
  for (int start = 0; start < count; start += kBlock) {
    const int end = std::min(count, start + kBlock);
    auto block = Clock::now();
    for (int i = start; i < end; ++i) {
      const auto t0 = Clock::now();
      sqlite3_exec(raw, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
      sqlite3_bind_text(insert, 1, keys[static_cast<std::size_t>(i)].c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob(insert, 2, payload.data(), static_cast<int>(payload.size()),
                        SQLITE_TRANSIENT);
      sqlite3_step(insert);
      sqlite3_reset(insert);
      sqlite3_exec(raw, "COMMIT", nullptr, nullptr, nullptr);
      raw_ms.push_back(ms_since(t0));
    }
    raw_total += ms_since(block);
    block = Clock::now();
    for (int i = start; i < end; ++i) {
      const auto t0 = Clock::now();
      outbox.enqueue("application", "B-" + std::to_string(i), payload, 0);
      outbox_ms.push_back(ms_since(t0));
    }
    outbox_total += ms_since(block);
  }
  sqlite3_finalize(insert);
  sqlite3_close(raw);
  return {figures(raw_ms, raw_total), figures(outbox_ms, outbox_total)};
}

std::string first_font() { return kiosk::first_listed_font(YIWANG_ASSETS_DIR "/fonts.txt"); }

// Draws the attract screen into a software renderer, as the headless kiosk does.
class FrameClock {
 public:
  bool open(std::string& error) {
    if (SDL_Init(0) != 0 || TTF_Init() != 0) return false;
    surface_ = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight, 32,
                                              SDL_PIXELFORMAT_ARGB8888);
    renderer_ = SDL_CreateSoftwareRenderer(surface_);
    canvas_ = ui::Canvas::create(renderer_, first_font(), error);
    if (!canvas_ || !i18n_.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error)) return false;
    stack_.request_screen(ui::make_screen(ui::ScreenId::attract));
    stack_.apply_pending();
    return true;
  }
  ~FrameClock() {
    canvas_.reset();
    if (renderer_) SDL_DestroyRenderer(renderer_);
    if (surface_) SDL_FreeSurface(surface_);
    TTF_Quit();
    SDL_Quit();
  }
  double frame_ms() {
    const auto t0 = Clock::now();
    ui::Frame frame;
    stack_.build(model_, i18n_, frame);
    canvas_->draw(frame);
    return ms_since(t0);
  }

 private:
  SDL_Surface* surface_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  std::unique_ptr<ui::Canvas> canvas_;
  kiosk::I18n i18n_;
  ui::ScreenStack stack_;
  ui::ViewModel model_;
};

}  // namespace

int main(int argc, char** argv) {
  const fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::path("outbox-bench.d");
  const int drain_count = argc > 2 ? std::atoi(argv[2]) : 10000;
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string payload = test::sample_application("T4601050001-20261122-0001");
  constexpr int kEnqueues = 2000;

  std::printf("== durable enqueue, %d entries of %zu bytes, synchronous=FULL, in %s\n", kEnqueues,
              payload.size(), fs::absolute(dir).c_str());
  const auto side_by_side = enqueue_side_by_side(dir, payload, kEnqueues);
  const Figures& raw = side_by_side.raw;
  const Figures& ours = side_by_side.outbox;
  std::printf("raw SQLite insert+commit : %8.0f /s   p50 %.2f ms   p99 %.2f ms\n", raw.per_second,
              raw.p50, raw.p99);
  std::printf("Outbox::enqueue (sealed) : %8.0f /s   p50 %.2f ms   p99 %.2f ms\n", ours.per_second,
              ours.p50, ours.p99);
  std::printf("ratio                    : %.2f of raw (goal >= 0.8), p99 goal <= 5 ms\n",
              ours.per_second / raw.per_second);

  std::printf("== drain %d applications to platform-sim over HTTPS (mutual TLS)\n", drain_count);
  test::PlatformProcess platform(dir / "platform", 0,
                                 {"--tls-dir", (dir / "pki").string(), "--enroll-token", "bench",
                                  "--provisioning-file", (dir / "code").string()});
  if (!platform.running()) {
    std::fprintf(stderr, "outbox-bench: platform-sim did not start\n");
    return 1;
  }
  std::string code_text;
  std::ifstream(dir / "code") >> code_text;
  auto code = kiosk::parse_provisioning_code(code_text);
  if (!code) {
    std::fprintf(stderr, "outbox-bench: provisioning code: %s\n", code.error().c_str());
    return 1;
  }
  auto identity = kiosk::enroll_terminal(code.value(), (dir / "terminal").string(), {"BENCH"});
  if (!identity) {
    std::fprintf(stderr, "outbox-bench: %s\n", identity.error().c_str());
    return 1;
  }
  const std::string db = (dir / "kiosk.db").string();
  auto opened = store::Database::open(db);
  const auto key = *store::SealingKey::from_bytes(std::string(32, 'd'));
  store::Outbox outbox(*opened.database, key);
  for (int i = 0; i < drain_count; ++i) {
    const std::string local_id = "D-" + std::to_string(i);
    outbox.enqueue("application", local_id, test::sample_application(local_id),
                   kiosk::SystemClock().unix_ms());
  }

  FrameClock frames;
  std::string error;
  if (!frames.open(error)) {
    std::fprintf(stderr, "outbox-bench: cannot draw frames: %s\n", error.c_str());
    return 1;
  }
  for (int i = 0; i < 20; ++i) frames.frame_ms();  // glyph caches filled, as on a running kiosk
  std::vector<double> idle_frames;
  for (int i = 0; i < 200; ++i) idle_frames.push_back(frames.frame_ms());

  kiosk::PlatformConfig config;
  kiosk::use_identity(config, identity.value());
  kiosk::SystemClock clock;
  kiosk::Logger logger("", false);
  kiosk::EventQueue<kiosk::AppEvent> events;
  kiosk::SyncWorker worker(db, key, config, clock, logger,
                           [&](kiosk::AppEvent e) { events.push(std::move(e)); });
  std::vector<double> busy_frames;
  const auto start = Clock::now();
  worker.start();
  // As the UI does: the queue counts arrive as events from the sync worker.
  bool drained = false;
  while (!drained) {
    busy_frames.push_back(frames.frame_ms());
    for (auto& e : events.drain()) {
      if (auto* queue = std::get_if<kiosk::QueueChanged>(&e)) drained = queue->pending == 0;
    }
  }
  const double drain_ms = ms_since(start);
  worker.stop();
  const auto counts = outbox.counts();
  const Figures idle = figures(idle_frames, 1);
  const Figures busy = figures(busy_frames, 1);
  std::printf("drained %d in %.1f s (%.0f /s), %d dead (goal <= 20 s)\n", drain_count,
              drain_ms / 1000, drain_count / (drain_ms / 1000), counts.dead);
  std::printf("attract frame, idle      : mean %.1f ms  p99 %.1f ms (%zu frames)\n", idle.mean,
              idle.p99, idle_frames.size());
  std::printf("attract frame, draining  : mean %.1f ms  p99 %.1f ms (%zu frames)\n", busy.mean,
              busy.p99, busy_frames.size());
  fs::remove_all(dir);
  return 0;
}
