// The way into maintenance mode: the corner gesture's timing, and the PIN guard (Argon2id hash,
// five wrong tries lock it for 15 minutes across a restart, every attempt audited).
#include <doctest/doctest.h>

#include <unistd.h>

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "audit_chain.h"
#include "command_log.h"
#include "database.h"
#include "flow/corner_gesture.h"
#include "local_state.h"
#include "receipt_journal.h"
#include "services/bundle_archive.h"
#include "services/pin_guard.h"
#include "support/fake_clock.h"

using namespace yiwang;
using kiosk::CornerGesture;
using kiosk::PinCheck;
using kiosk::PinGuard;
using test::FakeClock;
namespace fs = std::filesystem;

namespace {

using R = CornerGesture::Result;

// A finger held `ms` at x,y starting at `at`: the result of lifting it.
R hold(CornerGesture& g, int x, int y, long long at, long long ms) {
  CHECK(g.touch(true, x, y, at) == R::none);
  return g.touch(false, x, y, at + ms);
}

// The kiosk's state file as the PIN guard uses it; reopening it is a restart.
struct Store {
  explicit Store(const fs::path& path) {
    auto opened = store::Database::open(path.string());
    REQUIRE(opened.status.ok());
    database = std::move(opened.database);
    state = std::make_unique<store::LocalState>(*database);
    journal = std::make_unique<store::ReceiptJournal>(*database);
  }
  std::unique_ptr<store::Database> database;
  std::unique_ptr<store::LocalState> state;
  std::unique_ptr<store::ReceiptJournal> journal;
};

}  // namespace

TEST_CASE("the corner gesture: two long presses, top-left then top-right, in time") {
  CornerGesture g(1920, 1080);
  SUBCASE("done right") {
    CHECK(hold(g, 20, 20, 0, 2100) == R::corner);
    CHECK(hold(g, 1900, 30, 4000, 2100) == R::completed);
    // And it starts over afterwards.
    CHECK(hold(g, 1900, 30, 9000, 2100) == R::corner);
  }
  SUBCASE("right corner first") {
    CHECK(hold(g, 1900, 30, 0, 2100) == R::corner);
    CHECK(hold(g, 20, 20, 3000, 2100) == R::corner);
  }
  SUBCASE("presses too short are ordinary taps") {
    CHECK(hold(g, 20, 20, 0, 1500) == R::none);
    CHECK(hold(g, 1900, 30, 2000, 1500) == R::none);
  }
  SUBCASE("too slow between the corners") {
    CHECK(hold(g, 20, 20, 0, 2100) == R::corner);
    CHECK(hold(g, 1900, 30, 2100 + 10001, 2100) == R::corner);
  }
  SUBCASE("a tap elsewhere in between starts over") {
    CHECK(hold(g, 20, 20, 0, 2100) == R::corner);
    CHECK(hold(g, 960, 540, 3000, 100) == R::none);
    CHECK(hold(g, 1900, 30, 4000, 2100) == R::corner);
  }
  SUBCASE("the finger slides out of the corner") {
    CHECK(g.touch(true, 20, 20, 0) == R::none);
    CHECK(g.touch(false, 400, 20, 2500) == R::none);
  }
  SUBCASE("off-screen coordinates are nothing") {
    CHECK(hold(g, -5, -5, 0, 2100) == R::none);
    CHECK(hold(g, 5000, 20, 0, 2100) == R::none);
  }
}

TEST_CASE(
    "the PIN: Argon2id hash only; five wrong tries lock it for 15 minutes, across a restart") {
  const fs::path path =
      fs::temp_directory_path() / ("yiwang-pin-" + std::to_string(::getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  FakeClock clock;
  {
    Store s(path);
    PinGuard guard(*s.state, *s.journal, clock);
    CHECK_FALSE(guard.has_pin());
    CHECK(guard.check("123456").outcome == PinCheck::Outcome::no_pin);
    CHECK_FALSE(guard.set_pin("12345", "test").ok());            // too short
    CHECK_FALSE(guard.set_pin("12345a", "test").ok());           // not digits
    CHECK_FALSE(guard.set_pin_hash("$2y$10$abc", "test").ok());  // not Argon2id
    REQUIRE(guard.set_pin("246810", "test").ok());
    const auto stored = s.state->value("maintenance.pin_hash");
    REQUIRE(stored);
    CHECK(stored->rfind("$argon2id$", 0) == 0);
    CHECK(stored->find("246810") == std::string::npos);
    CHECK(guard.check("246810").outcome == PinCheck::Outcome::accepted);
    for (int i = 1; i <= 4; ++i) {
      const auto check = guard.check("111111");
      CHECK(check.outcome == PinCheck::Outcome::wrong);
      CHECK(check.tries_left == 5 - i);
    }
  }
  {
    // A restart does not give the fifth wrong try a fresh count.
    Store s(path);
    PinGuard guard(*s.state, *s.journal, clock);
    const auto fifth = guard.check("111111");
    CHECK(fifth.outcome == PinCheck::Outcome::locked);
    CHECK(fifth.locked_until_ms == clock.unix_ms() + PinGuard::kLockMs);
    // Locked: even the right PIN is not checked.
    CHECK(guard.check("246810").outcome == PinCheck::Outcome::locked);
  }
  clock.now += 14 * 60 * 1000;
  {
    Store s(path);
    PinGuard guard(*s.state, *s.journal, clock);
    CHECK(guard.check("246810").outcome == PinCheck::Outcome::locked);  // still, after a restart
    clock.now += 61 * 1000;
    CHECK_FALSE(guard.locked_until());
    CHECK(guard.check("246810").outcome == PinCheck::Outcome::accepted);
    CHECK(guard.check("111111").tries_left == 4);  // the count started over
  }
  {
    Store s(path);
    // Every attempt is in the audit log, never the digits, and the chain holds.
    store::AuditChain chain(*s.database);
    int wrong = 0, accepted = 0, refused = 0;
    for (const auto& r : chain.records()) {
      wrong += r.event == "maintenance.pin_wrong";
      accepted += r.event == "maintenance.pin_accepted";
      refused += r.event == "maintenance.pin_refused";
      CHECK(r.detail.find("246810") == std::string::npos);
      CHECK(r.detail.find("111111") == std::string::npos);
    }
    CHECK(wrong == 6);
    CHECK(accepted == 2);
    CHECK(refused == 3);  // no PIN yet, then twice while locked
    CHECK(chain.verify().intact);
  }
  {
    // A clock set back while locked does not stretch the lock beyond its 15 minutes.
    Store s(path);
    PinGuard guard(*s.state, *s.journal, clock);
    for (int i = 0; i < 4; ++i) (void)guard.check("000000");
    CHECK(guard.check("000000").outcome == PinCheck::Outcome::locked);
    clock.now -= 24LL * 3600 * 1000;
    const auto until = guard.locked_until();
    REQUIRE(until);
    CHECK(*until - clock.unix_ms() <= PinGuard::kLockMs);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

TEST_CASE("the command log: an id is taken once, a command interrupted by a restart is not rerun") {
  const fs::path path =
      fs::temp_directory_path() / ("yiwang-commands-" + std::to_string(::getpid()) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  {
    Store s(path);
    store::CommandLog log(*s.database);
    CHECK(log.receive("c-1", "self_test", "{}", 1));
    CHECK_FALSE(log.receive("c-1", "self_test", "{}", 2));
    CHECK(log.receive("c-2", "update", "{}", 3));
    CHECK(log.to_acknowledge() == std::vector<std::string>{"c-1", "c-2"});
    log.acknowledged({"c-1", "c-2"});
    CHECK(log.to_acknowledge().empty());
    CHECK(log.start("c-1", 4));
    CHECK_FALSE(log.start("c-1", 5));  // running already
    REQUIRE(log.finish("c-1", true, "3 of 3", 6).ok());
    CHECK(log.start("c-2", 7));  // then the kiosk stops mid-update
  }
  {
    Store s(path);
    store::CommandLog log(*s.database);
    CHECK(log.close_interrupted(8) == 1);
    CHECK(log.waiting().empty());
    CHECK_FALSE(log.start("c-2", 9));
    CHECK_FALSE(log.receive("c-2", "update", "{}", 10));  // the platform sends it again: no
    const auto results = log.to_report();
    REQUIRE(results.size() == 2);
    CHECK(results[0].ok);
    CHECK_FALSE(results[1].ok);
    CHECK(results[1].detail.find("interrupted") != std::string::npos);
    log.reported({"c-1", "c-2"});
    CHECK(log.to_report().empty());
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
}

TEST_CASE("the bundle archive is a gzip'd ustar of the folder's files") {
  const fs::path folder =
      fs::temp_directory_path() / ("yiwang-bundle-T1-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  fs::create_directories(folder);
  {
    std::ofstream(folder / "b.txt") << "second";
    std::ofstream(folder / "a.json") << std::string(700, 'x');
  }
  const auto archive = kiosk::tar_gz_folder(folder.string(), 1795000000);
  REQUIRE(archive);
  REQUIRE(archive->size() > 20);
  CHECK(static_cast<unsigned char>((*archive)[0]) == 0x1f);
  CHECK(static_cast<unsigned char>((*archive)[1]) == 0x8b);
  // Back through zlib: headers, names in order, sizes, contents, the end blocks.
  std::string tar(64 * 1024, '\0');
  z_stream z{};
  REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(archive->data()));
  z.avail_in = static_cast<uInt>(archive->size());
  z.next_out = reinterpret_cast<Bytef*>(tar.data());
  z.avail_out = static_cast<uInt>(tar.size());
  CHECK(inflate(&z, Z_FINISH) == Z_STREAM_END);
  tar.resize(z.total_out);
  inflateEnd(&z);
  REQUIRE(tar.size() == 512 + 1024 + 512 + 512 + 1024);
  const std::string prefix = folder.filename().string() + "/";
  CHECK(tar.substr(0, prefix.size() + 6) == prefix + "a.json");
  CHECK(tar.substr(257, 5) == "ustar");
  CHECK(tar.substr(124, 11) == "00000001274");  // 700 in octal
  CHECK(tar.substr(512, 700) == std::string(700, 'x'));
  CHECK(tar.substr(1536, prefix.size() + 5) == prefix + "b.txt");
  CHECK(tar.substr(2048, 6) == "second");
  // The header checksum, as tar checks it.
  unsigned int sum = 0;
  for (int i = 0; i < 512; ++i)
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(tar[i]);
  CHECK(std::stoul(tar.substr(148, 6), nullptr, 8) == sum);
  fs::remove_all(folder);
}
