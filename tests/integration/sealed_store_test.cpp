// The outbox file at rest: personal data sealed, erased after acceptance, dead letters purged,
// a full disk refused cleanly, a wrong key never sends garbage.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "database.h"
#include "outbox.h"
#include "support/test_key.h"

using namespace yiwang;
namespace fs = std::filesystem;

namespace {

const std::string kName = "张三丰";
const std::string kIdNumber = "11010519491231002X";
const std::string kPayload = R"({"applicant":{"card":{"name":")" + kName + R"(","id_number":")" +
                             kIdNumber + R"("}},"form":{"phone":"13800138000"}})";

fs::path fresh_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("yiwang-sealed-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// True when any of the database's files holds the text.
bool on_disk(const fs::path& db, const std::string& text) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    if (file_bytes(db.string() + suffix).find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("personal data never reaches the database file or its WAL in clear") {
  const fs::path db = fresh_dir("clear") / "kiosk.db";
  auto key = store::SealingKey::load_or_create(db.string() + ".key");
  REQUIRE(key.status.ok());
  auto opened = store::Database::open(db.string());
  REQUIRE(opened.status.ok());
  store::Outbox outbox(*opened.database, *key.key);
  for (int i = 0; i < 5; ++i) {
    REQUIRE(
        outbox.enqueue("application", "T1-000" + std::to_string(i), kPayload, 1000).status.ok());
  }
  CHECK(fs::file_size(db.string() + "-wal") > 0);
  CHECK_FALSE(on_disk(db, kName));
  CHECK_FALSE(on_disk(db, kIdNumber));
  CHECK_FALSE(on_disk(db, "13800138000"));
  auto head = outbox.next_due(1000);
  REQUIRE(head);
  CHECK(head->payload_opened);
  CHECK(head->payload == kPayload);

  // The key lives in its own owner-only file, and comes back the same after a restart.
  struct stat info {};
  REQUIRE(::stat((db.string() + ".key").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK(info.st_size == 32);
  auto again = store::SealingKey::load_or_create(db.string() + ".key");
  REQUIRE(again.status.ok());
  store::Outbox reopened(*opened.database, *again.key);
  CHECK(reopened.next_due(1000)->payload == kPayload);
}

TEST_CASE("a key file others can read, or of the wrong size, is refused") {
  const fs::path dir = fresh_dir("keyfile");
  std::ofstream(dir / "short.key") << "too short";
  ::chmod((dir / "short.key").c_str(), 0600);
  auto short_key = store::SealingKey::load_or_create((dir / "short.key").string());
  CHECK(short_key.status.kind == store::StoreErrorKind::corrupt);
  CHECK_FALSE(short_key.key);

  std::ofstream(dir / "open.key") << std::string(32, 'x');
  ::chmod((dir / "open.key").c_str(), 0644);
  auto open_key = store::SealingKey::load_or_create((dir / "open.key").string());
  CHECK(open_key.status.message.find("readable by others") != std::string::npos);
}

TEST_CASE("another key, or altered bytes, never open: the entry is marked unreadable") {
  const fs::path db = fresh_dir("wrongkey") / "kiosk.db";
  auto opened = store::Database::open(db.string());
  REQUIRE(opened.status.ok());
  const store::SealingKey right = test::test_key('a');
  const store::SealingKey wrong = test::test_key('b');
  store::Outbox writer(*opened.database, right);
  REQUIRE(writer.enqueue("application", "T1-0001", kPayload, 1000).status.ok());
  store::Outbox reader(*opened.database, wrong);
  auto entry = reader.next_due(1000);
  REQUIRE(entry);
  CHECK_FALSE(entry->payload_opened);
  CHECK(entry->payload.empty());

  // One changed byte in the stored blob (never replaced by itself): the tag no longer matches.
  REQUIRE(opened.database
              ->execute("UPDATE outbox SET payload = substr(payload, 1, 20) || CASE WHEN "
                        "substr(payload, 21, 1) = x'00' THEN x'01' ELSE x'00' END || "
                        "substr(payload, 22)")
              .ok());
  CHECK_FALSE(writer.next_due(1000)->payload_opened);
}

TEST_CASE("accepted entries are erased and their pages handed back") {
  const fs::path db = fresh_dir("erase") / "kiosk.db";
  auto opened = store::Database::open(db.string());
  REQUIRE(opened.status.ok());
  const store::SealingKey key = test::test_key();
  store::Outbox outbox(*opened.database, key);
  const std::string big = kPayload + std::string(4000, ' ');
  for (int i = 0; i < 50; ++i) {
    REQUIRE(outbox.enqueue("application", "L" + std::to_string(i), big, 1000).status.ok());
  }
  auto page_count = [&] {
    store::Statement pages(opened.database->handle(), "PRAGMA page_count");
    pages.step();
    return pages.integer(0);
  };
  const long long full = page_count();
  while (auto entry = outbox.next_due(1000)) {
    REQUIRE(outbox.complete(entry->id, "HN" + entry->local_id, 2000).ok());
  }
  store::Statement freelist(opened.database->handle(), "PRAGMA freelist_count");
  REQUIRE(freelist.step() == 100);  // SQLITE_ROW
  CHECK(freelist.integer(0) == 0);
  CHECK(page_count() < full / 4);
  CHECK(outbox.accepted_platform_id("L7") == "HNL7");
}

TEST_CASE("dead letters stay sealed until resolved, and are purged after the retention") {
  const fs::path db = fresh_dir("dead") / "kiosk.db";
  auto opened = store::Database::open(db.string());
  REQUIRE(opened.status.ok());
  const store::SealingKey key = test::test_key();
  store::Outbox outbox(*opened.database, key);
  auto old_one = outbox.enqueue("application", "OLD", kPayload, 1000);
  auto new_one = outbox.enqueue("application", "NEW", kPayload, 1000);
  auto kept = outbox.enqueue("application", "KEPT", kPayload, 1000);
  REQUIRE(outbox.move_to_dead(old_one.entry.id, R"({"code":"invalid_fields"})", 10'000).ok());
  REQUIRE(outbox.move_to_dead(new_one.entry.id, R"({"code":"invalid_fields"})", 90'000).ok());
  REQUIRE(outbox.move_to_dead(kept.entry.id, R"({"code":"not_found"})", 95'000).ok());
  CHECK_FALSE(on_disk(db, kName));
  CHECK(outbox.dead_letters().at(0).payload == kPayload);  // a technician can still read it

  CHECK(outbox.purge_dead_before(50'000) == 1);
  CHECK(outbox.counts().dead == 2);
  CHECK(outbox.resolve_dead(new_one.entry.id).ok());
  CHECK(outbox.resolve_dead(new_one.entry.id).kind == store::StoreErrorKind::notFound);
  REQUIRE(outbox.dead_letters().size() == 1);
  CHECK(outbox.dead_letters()[0].local_id == "KEPT");
}

TEST_CASE("a full disk refuses the enqueue whole, and the outbox keeps working") {
  const fs::path db = fresh_dir("full") / "kiosk.db";
  auto opened = store::Database::open(db.string());
  REQUIRE(opened.status.ok());
  const store::SealingKey key = test::test_key();
  store::Outbox outbox(*opened.database, key);
  REQUIRE(outbox.enqueue("application", "FIRST", kPayload, 1000).status.ok());
  // SQLite's own page limit stands in for the file system running out: the same SQLITE_FULL.
  REQUIRE(opened.database->execute("PRAGMA max_page_count = 1").ok());
  store::Statement limit(opened.database->handle(), "PRAGMA max_page_count");
  limit.step();
  INFO("page limit " << limit.integer(0));
  auto refused = outbox.enqueue("application", "SECOND", kPayload + std::string(20000, ' '), 1000);
  CHECK(refused.status.kind == store::StoreErrorKind::diskFull);
  CHECK(outbox.counts().pending == 1);
  auto head = outbox.next_due(1000);
  REQUIRE(head);
  CHECK(head->local_id == "FIRST");
  CHECK(outbox.complete(head->id, "HN1", 2000).ok());
  CHECK(outbox.counts().pending == 0);
}
