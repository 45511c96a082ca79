// SQLite connection setup, the schema, and mapping of SQLite codes to StoreErrorKind.
#include "database.h"

#include <sqlite3.h>

#include "audit_chain.h"

namespace yiwang::store {

namespace {

constexpr int kSchemaVersion = 5;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY,  -- new rows get max(id)+1: later than every entry still queued
  kind TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  local_id TEXT NOT NULL,
  payload BLOB NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,
  last_error TEXT,
  dead_ms INTEGER
);
CREATE TABLE IF NOT EXISTS accepted (
  local_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  platform_id TEXT NOT NULL,
  accepted_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS catalog (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version TEXT NOT NULL,
  etag TEXT NOT NULL,
  body TEXT NOT NULL,
  fetched_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS local_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

// Version 3: receipts printed (transaction-bound, exactly once) and the audit log.
constexpr const char* kPrintingTables = R"sql(
CREATE TABLE IF NOT EXISTS receipts (
  job_id TEXT PRIMARY KEY,  -- the transaction's local id; a reprint adds "#r<n>"
  local_id TEXT NOT NULL,
  reprint INTEGER NOT NULL DEFAULT 0,
  state TEXT NOT NULL CHECK (state IN ('sending', 'printed', 'not_printed', 'interrupted')),
  reason TEXT,
  content TEXT NOT NULL DEFAULT '{}',  -- the template values: site, item, numbers, times
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS receipts_by_local_id ON receipts (local_id);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  event TEXT NOT NULL,    -- "receipt.reprint", "certificate.printed", ...
  subject TEXT NOT NULL,  -- a local id, a certificate id: never personal data
  detail TEXT NOT NULL
);
)sql";

// Version 4: an evaluation names its application, which it follows (in order, and when dead);
// and where the printer driver got with each receipt (receipt_printer.h's JobStage), so that a
// restart cuts, voids or does nothing. 'queued': nothing of it went to the printer yet.
constexpr const char* kUpgradeTo4 =
    "ALTER TABLE outbox ADD COLUMN parent_local_id TEXT;"
    "ALTER TABLE receipts ADD COLUMN stage TEXT NOT NULL DEFAULT 'queued';";

// Version 5: the audit log becomes a hash chain (audit_chain.h); older records are chained in
// id order by the migration. The platform's heartbeat commands, kept for good so that each id
// runs at most once (command_log.h).
constexpr const char* kUpgradeTo5 = R"sql(
ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE TABLE IF NOT EXISTS commands (
  id TEXT PRIMARY KEY,  -- the platform's command id
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('received', 'running', 'done')),
  ok INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT '',
  acked INTEGER NOT NULL DEFAULT 0,     -- the platform has had the id acknowledged
  reported INTEGER NOT NULL DEFAULT 0,  -- the platform has had the result
  received_ms INTEGER NOT NULL,
  started_ms INTEGER,
  finished_ms INTEGER
);
)sql";

// Version 1 files lack the dead-letter time (retention counts from it).
constexpr const char* kUpgradeFrom1 = "ALTER TABLE outbox ADD COLUMN dead_ms INTEGER;";

}  // namespace

Statement::Statement(sqlite3* db, const char* sql) {
  if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) statement_ = nullptr;
}

Statement::~Statement() { sqlite3_finalize(statement_); }

Statement& Statement::bind(int index, const std::string& text) {
  sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_blob(int index, const std::string& bytes) {
  sqlite3_bind_blob(statement_, index, bytes.data(), static_cast<int>(bytes.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, long long value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

int Statement::step() { return statement_ ? sqlite3_step(statement_) : SQLITE_MISUSE; }

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(statement_, column);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
           : std::string();
}

std::string Statement::blob(int column) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(statement_, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)))
           : std::string();
}

long long Statement::integer(int column) const { return sqlite3_column_int64(statement_, column); }

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

OpenedDatabase Database::open(const std::string& path) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  const int code = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Database> database(new Database(raw));
  if (code != SQLITE_OK) {
    return {database->status_from(code, "open " + path), nullptr};
  }
  sqlite3_busy_timeout(raw, 5000);
  sqlite3_extended_result_codes(raw, 0);
  // secure_delete zeroes deleted content; auto_vacuum=INCREMENTAL lets the outbox hand freed
  // pages back to the file system (it only takes effect on a new file, or after a VACUUM).
  StoreStatus status = database->execute(
      "PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
      "PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;");
  if (status.ok()) status = database->migrate();
  if (status.ok()) status = database->ensure_incremental_vacuum();

  if (!status.ok()) return {status, nullptr};
  return {StoreStatus{}, std::move(database)};
}

Database::~Database() { sqlite3_close_v2(db_); }

StoreStatus Database::status_from(int code, const std::string& what) {
  StoreErrorKind kind = StoreErrorKind::io;
  switch (code & 0xFF) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW:
      return {};
    case SQLITE_FULL:
      kind = StoreErrorKind::diskFull;
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      kind = StoreErrorKind::readOnly;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      kind = StoreErrorKind::corrupt;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      kind = StoreErrorKind::busy;
      break;
    default:
      break;
  }
  const char* detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
  return {kind, what + ": " + detail};
}

StoreStatus Database::execute(const char* sql) {
  return status_from(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), "execute");
}

StoreStatus Database::transaction(const std::function<StoreStatus()>& body) {
  StoreStatus status = execute("BEGIN IMMEDIATE");
  if (!status.ok()) return status;
  status = body();
  if (!status.ok()) {
    execute("ROLLBACK");
    return status;
  }
  status = execute("COMMIT");
  if (!status.ok()) execute("ROLLBACK");
  return status;
}

StoreStatus Database::migrate() {
  long long current = 0;
  {
    Statement version(db_, "PRAGMA user_version");
    if (version.step() == SQLITE_ROW) current = version.integer(0);
  }
  if (current >= kSchemaVersion) return {};
  return transaction([&] {
    StoreStatus status;
    if (current == 0) status = execute(kSchema);
    if (status.ok() && current == 1) status = execute(kUpgradeFrom1);
    if (status.ok() && current < 3) status = execute(kPrintingTables);
    if (status.ok() && current < 4) status = execute(kUpgradeTo4);
    if (status.ok() && current < 5) status = execute(kUpgradeTo5);
    if (status.ok() && current < 5) status = AuditChain::chain_legacy(*this);
    if (status.ok()) status = execute("PRAGMA user_version = 5");
    return status;
  });
}

StoreStatus Database::ensure_incremental_vacuum() {
  long long mode = 0;
  {
    Statement auto_vacuum(db_, "PRAGMA auto_vacuum");
    if (auto_vacuum.step() == SQLITE_ROW) mode = auto_vacuum.integer(0);
  }
  if (mode == 2) return {};
  return execute("PRAGMA auto_vacuum=INCREMENTAL; VACUUM;");
}

}  // namespace yiwang::store
