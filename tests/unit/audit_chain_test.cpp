// The audit log's hash chain: every kind of tampering a person with the database file can do is
// found at the record where it happened.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <string>

#include "audit_chain.h"
#include "database.h"
#include "receipt_journal.h"

using namespace yiwang::store;
namespace fs = std::filesystem;

namespace {

// A real SQLite file with six audit records written the way the kiosk writes them.
struct ChainFixture {
  ChainFixture() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    auto opened = Database::open((dir / "kiosk.db").string());
    REQUIRE(opened.status.ok());
    database = std::move(opened.database);
    ReceiptJournal journal(*database);
    for (int i = 1; i <= 6; ++i) {
      REQUIRE(journal
                  .audit("receipt.reprint", "T4601050001-20261130-000" + std::to_string(i),
                         "asked by the resident", 1795000000000LL + i)
                  .ok());
    }
  }
  ~ChainFixture() {
    database.reset();
    fs::remove_all(dir);
  }
  ChainFixture(const ChainFixture&) = delete;
  ChainFixture& operator=(const ChainFixture&) = delete;

  AuditVerdict verify() { return AuditChain(*database).verify(); }
  void sql(const char* statement) { REQUIRE(database->execute(statement).ok()); }

  fs::path dir = fs::temp_directory_path() / ("yiwang-audit-" + std::to_string(::getpid()));
  std::unique_ptr<Database> database;
};

}  // namespace

TEST_CASE("an untouched chain verifies, and its head is the newest record's hash") {
  ChainFixture f;
  AuditChain chain(*f.database);
  const auto verdict = chain.verify();
  CHECK(verdict.intact);
  CHECK(verdict.records == 6);
  const auto head = chain.head();
  CHECK(head.records == 6);
  CHECK(head.last_id == 6);
  const auto records = chain.records();
  REQUIRE(records.size() == 6);
  CHECK(records.front().prev_hash == kAuditGenesis);
  CHECK(head.last_hash == records.back().hash);
  CHECK(head.last_hash.size() == 64);
  for (std::size_t i = 1; i < records.size(); ++i)
    CHECK(records[i].prev_hash == records[i - 1].hash);
}

TEST_CASE("an altered record is found where it is") {
  ChainFixture f;
  SUBCASE("its detail") { f.sql("UPDATE audit SET detail = 'nothing happened' WHERE id = 3"); }
  SUBCASE("its time") { f.sql("UPDATE audit SET at_ms = at_ms + 1 WHERE id = 3"); }
  SUBCASE("its event") { f.sql("UPDATE audit SET event = 'receipt.printed' WHERE id = 3"); }
  SUBCASE("its hash") { f.sql("UPDATE audit SET hash = substr(hash, 2) || 'a' WHERE id = 3"); }
  const auto verdict = f.verify();
  CHECK_FALSE(verdict.intact);
  CHECK(verdict.broken_id == 3);
  CHECK(verdict.problem.find("altered") != std::string::npos);
}

TEST_CASE("a deleted record is found at the record after it") {
  ChainFixture f;
  SUBCASE("in the middle") {
    f.sql("DELETE FROM audit WHERE id = 3");
    const auto verdict = f.verify();
    CHECK_FALSE(verdict.intact);
    CHECK(verdict.broken_id == 4);
    CHECK(verdict.problem.find("does not follow record 2") != std::string::npos);
  }
  SUBCASE("the first one") {
    f.sql("DELETE FROM audit WHERE id = 1");
    const auto verdict = f.verify();
    CHECK_FALSE(verdict.intact);
    CHECK(verdict.broken_id == 2);
  }
  SUBCASE("the newest ones, once the platform holds the anchor") {
    AuditChain chain(*f.database);
    REQUIRE(chain.remember_anchor(chain.head()).ok());
    CHECK(f.verify().intact);
    f.sql("DELETE FROM audit WHERE id >= 5");
    const auto verdict = f.verify();
    CHECK_FALSE(verdict.intact);
    CHECK(verdict.broken_id == 6);
    CHECK(verdict.problem.find("deleted from the end") != std::string::npos);
  }
}

TEST_CASE("reordered records are found at the first one out of place") {
  ChainFixture f;
  SUBCASE("two rows swap their ids") {
    f.sql("UPDATE audit SET id = 100 WHERE id = 2");
    f.sql("UPDATE audit SET id = 2 WHERE id = 4");
    f.sql("UPDATE audit SET id = 4 WHERE id = 100");
  }
  SUBCASE("two rows swap their contents") {
    f.sql(
        "CREATE TEMP TABLE copy AS SELECT * FROM audit WHERE id IN (2, 4);"
        "UPDATE audit SET at_ms = (SELECT at_ms FROM copy WHERE id = 6 - audit.id),"
        " subject = (SELECT subject FROM copy WHERE id = 6 - audit.id),"
        " prev_hash = (SELECT prev_hash FROM copy WHERE id = 6 - audit.id),"
        " hash = (SELECT hash FROM copy WHERE id = 6 - audit.id) WHERE id IN (2, 4)");
  }
  const auto verdict = f.verify();
  CHECK_FALSE(verdict.intact);
  CHECK(verdict.broken_id == 2);
}

TEST_CASE("a chain rewritten from a record on is found by the platform's anchor") {
  ChainFixture f;
  AuditChain chain(*f.database);
  REQUIRE(chain.remember_anchor(chain.head()).ok());
  // Someone alters record 3 and recomputes every hash after it: consistent in itself.
  auto records = chain.records();
  records[2].detail = "nothing happened";
  std::string prev = records[1].hash;
  for (std::size_t i = 2; i < records.size(); ++i) {
    records[i].prev_hash = prev;
    records[i].hash = audit_record_hash(prev, records[i].id, records[i].at_ms, records[i].event,
                                        records[i].subject, records[i].detail);
    prev = records[i].hash;
  }
  CHECK(verify_chain(records, std::nullopt).intact);  // only the anchor can tell
  const auto verdict = verify_chain(records, chain.anchor());
  CHECK_FALSE(verdict.intact);
  CHECK(verdict.broken_id == 6);
  CHECK(verdict.problem.find("anchored at the platform") != std::string::npos);
}

TEST_CASE("records written before the chain existed are chained by the migration") {
  const fs::path dir =
      fs::temp_directory_path() / ("yiwang-audit-v4-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "kiosk.db").string();
  {
    // A version-4 file: the audit table without the chain's columns.
    auto opened = Database::open(path);
    REQUIRE(opened.status.ok());
    REQUIRE(
        opened.database
            ->execute("DROP TABLE audit; CREATE TABLE audit (id INTEGER PRIMARY KEY, at_ms "
                      "INTEGER NOT NULL, event TEXT NOT NULL, subject TEXT NOT NULL, detail "
                      "TEXT NOT NULL);"
                      "INSERT INTO audit (at_ms, event, subject, detail) VALUES"
                      " (1, 'certificate.printed', 'C1', 'V1'), (2, 'receipt.reprint', 'L1', '');"
                      "PRAGMA user_version = 4")
            .ok());
  }
  auto opened = Database::open(path);
  REQUIRE(opened.status.ok());
  AuditChain chain(*opened.database);
  CHECK(chain.verify().intact);
  CHECK(chain.head().records == 2);
  REQUIRE(chain.append("receipt.reprint", "L2", "", 3).ok());
  CHECK(chain.verify().intact);
  CHECK(chain.head().last_id == 3);
  opened.database.reset();
  fs::remove_all(dir);
}
