// outbox-worker: the kiosk's storage and sync code in a process of its own, for harnesses that
// kill it (-9) at random points or cut its network link. It enqueues applications the way the
// kiosk does (durable before it says "stored"), drains them with the real SyncWorker, and can
// list what the platform holds.
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/event_queue.h"
#include "database.h"
#include "outbox.h"
#include "platform/enrollment.h"
#include "platform/platform_client.h"
#include "support/sample_application.h"
#include "sync/sync_worker.h"

using namespace yiwang;
using namespace yiwang::kiosk;

namespace {

const char* kUsage =
    "usage: outbox-worker --db FILE --platform URL [--plain-http] [--terminal-dir DIR]\n"
    "         [--enroll CODE] [--enqueue N --prefix P [--gap-ms N]] [--until-empty]\n"
    "         [--timeout-ms N] [--cases --control URL]\n"
    "  Prints 'stored <local id>' once an application is durable, 'drained' when the queue\n"
    "  is empty (then 'link-downs N'), and with --cases one 'case <local id>' line per case the "
    "platform holds.\n";

struct Args {
  std::string db, platform, terminal_dir, enroll, prefix = "W", control;
  bool plain_http = false, until_empty = false, cases = false;
  int enqueue = 0, gap_ms = 5, timeout_ms = 3000;
};

bool parse(int argc, char** argv, Args& a) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--db")
      a.db = value();
    else if (arg == "--platform")
      a.platform = value();
    else if (arg == "--terminal-dir")
      a.terminal_dir = value();
    else if (arg == "--enroll")
      a.enroll = value();
    else if (arg == "--prefix")
      a.prefix = value();
    else if (arg == "--enqueue")
      a.enqueue = std::atoi(value().c_str());
    else if (arg == "--gap-ms")
      a.gap_ms = std::atoi(value().c_str());
    else if (arg == "--timeout-ms")
      a.timeout_ms = std::atoi(value().c_str());
    else if (arg == "--plain-http")
      a.plain_http = true;
    else if (arg == "--until-empty")
      a.until_empty = true;
    else if (arg == "--cases")
      a.cases = true;
    else if (arg == "--control")
      a.control = value();
    else
      return false;
  }
  return a.cases ? !a.control.empty() : !a.db.empty();
}

// One line, written whole with write(2): it is on the pipe before a kill can land after it.
void say(const std::string& line) {
  const std::string text = line + "\n";
  [[maybe_unused]] const ssize_t n = ::write(STDOUT_FILENO, text.data(), text.size());
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!parse(argc, argv, args)) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  PlatformConfig config;
  config.base_url = args.platform;
  config.allow_plain_http_loopback = args.plain_http;
  config.timeout_ms = args.timeout_ms;
  if (!args.enroll.empty()) {
    auto code = parse_provisioning_code(args.enroll);
    if (!code) {
      std::fprintf(stderr, "outbox-worker: %s\n", code.error().c_str());
      return 1;
    }
    auto enrolled = enroll_terminal(code.value(), args.terminal_dir, {"WORKER"});
    if (!enrolled) {
      std::fprintf(stderr, "outbox-worker: %s\n", enrolled.error().c_str());
      return 1;
    }
  }
  if (!args.terminal_dir.empty()) {
    std::string error;
    auto identity = load_terminal_identity(args.terminal_dir, error);
    if (!identity) {
      std::fprintf(stderr, "outbox-worker: %s\n", error.c_str());
      return 1;
    }
    use_identity(config, *identity);
  }

  if (args.cases) {
    // The whole list can be larger than the kiosk accepts from the platform (1 MiB): it is
    // read with a plain HTTP client, not the kiosk's.
    httplib::Client control(args.control);
    control.set_read_timeout(60);
    auto listed = control.Get("/_sim/cases");
    const auto cases = listed && listed->status == 200
                           ? nlohmann::json::parse(listed->body, nullptr, false)
                           : nlohmann::json();
    if (!cases.is_array()) {
      std::fprintf(stderr, "outbox-worker: cannot list cases at %s\n", args.control.c_str());
      return 1;
    }
    for (const auto& c : cases) say("case " + c.value("local_id", ""));
    return 0;
  }

  auto key = store::SealingKey::load_or_create(args.db + ".key");
  auto opened = store::Database::open(args.db);
  if (!key.status.ok() || !opened.status.ok()) {
    std::fprintf(stderr, "outbox-worker: cannot open %s\n", args.db.c_str());
    return 1;
  }
  store::Outbox outbox(*opened.database, *key.key);
  SystemClock clock;
  Logger logger("", false);
  EventQueue<AppEvent> events;
  SyncPolicy fast;
  fast.backoff = {20, 200, 10};
  SyncWorker worker(
      args.db, *key.key, config, clock, logger, [&](AppEvent e) { events.push(std::move(e)); },
      fast);
  worker.start();
  std::mt19937 random{std::random_device{}()};
  for (int i = 0; i < args.enqueue; ++i) {
    const std::string local_id = args.prefix + std::to_string(i);
    auto stored = outbox.enqueue("application", local_id, test::sample_application(local_id),
                                 clock.unix_ms());
    if (!stored.status.ok()) {
      std::fprintf(stderr, "outbox-worker: enqueue failed: %s\n", stored.status.message.c_str());
      return 1;
    }
    say("stored " + local_id);
    worker.wake();
    std::this_thread::sleep_for(std::chrono::milliseconds(
        std::uniform_int_distribution<int>(0, std::max(0, args.gap_ms))(random)));
  }
  if (args.until_empty) {
    int link_downs = 0;
    auto count_downs = [&] {
      for (auto& e : events.drain()) {
        if (auto* link = std::get_if<LinkChanged>(&e)) link_downs += link->up() ? 0 : 1;
      }
    };
    while (outbox.counts().pending > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      count_downs();
    }
    count_downs();
    say("drained");
    say("link-downs " + std::to_string(link_downs));
    const auto counts = outbox.counts();
    if (counts.dead > 0) std::fprintf(stderr, "outbox-worker: %d dead letters\n", counts.dead);
  } else {
    std::this_thread::sleep_for(std::chrono::hours(1));  // until killed
  }
  worker.stop();
  return 0;
}
