// Outbox operations, each one statement or one transaction.
#include "outbox.h"

#include <sqlite3.h>

#include <openssl/rand.h>

#include <cstdio>

namespace yiwang::store {

namespace {

constexpr const char* kColumns =
    "id, kind, idempotency_key, local_id, payload, state, attempts, next_attempt_ms, created_ms, "
    "last_error, dead_ms";

// Binds a sealed payload to its row: moved to another entry it no longer opens.
std::string associated_data(const std::string& kind, const std::string& key,
                            const std::string& local_id) {
  return kind + '\n' + key + '\n' + local_id;
}

}  // namespace

OutboxEntry Outbox::read_entry(const Statement& row) const {
  OutboxEntry entry;
  entry.id = row.integer(0);
  entry.kind = row.text(1);
  entry.idempotency_key = row.text(2);
  entry.local_id = row.text(3);
  auto opened =
      key_.open(row.blob(4), associated_data(entry.kind, entry.idempotency_key, entry.local_id));
  entry.payload_opened = opened.has_value();
  if (opened) entry.payload = std::move(*opened);
  entry.state = row.text(5) == "dead" ? EntryState::dead : EntryState::pending;
  entry.attempts = static_cast<int>(row.integer(6));
  entry.next_attempt_ms = row.integer(7);
  entry.created_ms = row.integer(8);
  entry.last_error = row.text(9);
  entry.dead_ms = row.is_null(10) ? 0 : row.integer(10);
  return entry;
}

std::optional<OutboxEntry> Outbox::query_one(const std::string& where, long long arg) {
  Statement statement(database_.handle(),
                      (std::string("SELECT ") + kColumns + " FROM outbox " + where).c_str());
  statement.bind(1, arg);
  if (statement.step() != SQLITE_ROW) return std::nullopt;
  return read_entry(statement);
}

void Outbox::reclaim() { database_.execute("PRAGMA incremental_vacuum"); }

std::string new_uuid() {
  unsigned char bytes[16] = {};
  RAND_bytes(bytes, sizeof bytes);  // OpenSSL's CSPRNG: thread-safe, one call for all 16 bytes
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
  char text[37];
  std::snprintf(text, sizeof text,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", bytes[0],
                bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8],
                bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
  return text;
}

EnqueueOutcome Outbox::enqueue(const std::string& kind, const std::string& local_id,
                               const std::string& payload, long long now_ms) {
  EnqueueOutcome outcome;
  outcome.entry.kind = kind;
  outcome.entry.idempotency_key = new_uuid();
  outcome.entry.local_id = local_id;
  outcome.entry.payload = payload;
  const std::string sealed =
      key_.seal(payload, associated_data(kind, outcome.entry.idempotency_key, local_id));
  if (sealed.empty()) {
    outcome.status = {StoreErrorKind::io, "enqueue: sealing failed"};
    return outcome;
  }
  outcome.entry.next_attempt_ms = now_ms;
  outcome.entry.created_ms = now_ms;
  outcome.status = database_.transaction([&] {
    if (!insert_) {
      insert_ = std::make_unique<Statement>(
          database_.handle(),
          "INSERT INTO outbox (kind, idempotency_key, local_id, payload, next_attempt_ms, "
          "created_ms) VALUES (?, ?, ?, ?, ?, ?)");
    }
    Statement& insert = *insert_;
    insert.reset();
    insert.bind(1, kind).bind(2, outcome.entry.idempotency_key).bind(3, local_id);
    insert.bind_blob(4, sealed).bind(5, now_ms).bind(6, now_ms);
    StoreStatus status = database_.status_from(insert.step(), "enqueue");
    outcome.entry.id = sqlite3_last_insert_rowid(database_.handle());
    insert.reset();  // also drops the sealed bytes it was bound to
    return status;
  });
  return outcome;
}

std::optional<OutboxEntry> Outbox::next_due(long long now_ms) {
  auto head = query_one("WHERE state = 'pending' ORDER BY id LIMIT ?", 1);
  if (!head || head->next_attempt_ms > now_ms) return std::nullopt;
  return head;
}

std::optional<long long> Outbox::wait_for_next(long long now_ms) {
  Statement statement(database_.handle(),
                      "SELECT next_attempt_ms FROM outbox WHERE state = 'pending' ORDER BY id "
                      "LIMIT 1");
  if (statement.step() != SQLITE_ROW) return std::nullopt;
  const long long due = statement.integer(0);
  return due > now_ms ? due - now_ms : 0;
}

std::optional<OutboxEntry> Outbox::find(long long id) { return query_one("WHERE id = ?", id); }

StoreStatus Outbox::complete(long long id, const std::string& platform_id, long long now_ms) {
  StoreStatus done = database_.transaction([&] {
    Statement select(database_.handle(), "SELECT kind, local_id FROM outbox WHERE id = ?");
    select.bind(1, id);
    if (select.step() != SQLITE_ROW) return StoreStatus{StoreErrorKind::notFound, "no such entry"};
    Statement record(database_.handle(),
                     "INSERT OR REPLACE INTO accepted (local_id, kind, platform_id, accepted_ms) "
                     "VALUES (?, ?, ?, ?)");
    record.bind(1, select.text(1)).bind(2, select.text(0)).bind(3, platform_id).bind(4, now_ms);
    StoreStatus status = database_.status_from(record.step(), "record accepted");
    if (!status.ok()) return status;
    Statement erase(database_.handle(), "DELETE FROM outbox WHERE id = ?");
    erase.bind(1, id);
    return database_.status_from(erase.step(), "delete sent entry");
  });
  if (done.ok()) reclaim();
  return done;
}

StoreStatus Outbox::schedule_retry(long long id, long long next_attempt_ms,
                                   const std::string& error) {
  Statement update(database_.handle(),
                   "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ? "
                   "WHERE id = ?");
  update.bind(1, next_attempt_ms).bind(2, error).bind(3, id);
  return database_.status_from(update.step(), "schedule retry");
}

StoreStatus Outbox::move_to_dead(long long id, const std::string& problem, long long now_ms) {
  Statement update(database_.handle(),
                   "UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?, "
                   "dead_ms = ? WHERE id = ?");
  update.bind(1, problem).bind(2, now_ms).bind(3, id);
  return database_.status_from(update.step(), "dead-letter");
}

StoreStatus Outbox::resolve_dead(long long id) {
  Statement erase(database_.handle(), "DELETE FROM outbox WHERE id = ? AND state = 'dead'");
  erase.bind(1, id);
  StoreStatus status = database_.status_from(erase.step(), "resolve dead letter");
  if (status.ok() && sqlite3_changes(database_.handle()) == 0) {
    return {StoreErrorKind::notFound, "no dead letter " + std::to_string(id)};
  }
  if (status.ok()) reclaim();
  return status;
}

int Outbox::purge_dead_before(long long cutoff_ms) {
  Statement erase(database_.handle(), "DELETE FROM outbox WHERE state = 'dead' AND dead_ms < ?");
  erase.bind(1, cutoff_ms);
  if (!database_.status_from(erase.step(), "purge dead letters").ok()) return 0;
  const int purged = sqlite3_changes(database_.handle());
  if (purged > 0) reclaim();
  return purged;
}

QueueCounts Outbox::counts() {
  QueueCounts counts;
  Statement statement(
      database_.handle(),
      "SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'), "
      "(SELECT count(*) FROM outbox WHERE state = 'dead'), "
      "(SELECT created_ms FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 1)");
  if (statement.step() == SQLITE_ROW) {
    counts.pending = static_cast<int>(statement.integer(0));
    counts.dead = static_cast<int>(statement.integer(1));
    counts.oldest_pending_created_ms = statement.is_null(2) ? 0 : statement.integer(2);
  }
  return counts;
}

std::vector<OutboxEntry> Outbox::dead_letters() {
  std::vector<OutboxEntry> entries;
  Statement statement(database_.handle(), (std::string("SELECT ") + kColumns +
                                           " FROM outbox WHERE state = 'dead' ORDER BY id")
                                              .c_str());
  while (statement.step() == SQLITE_ROW) entries.push_back(read_entry(statement));
  return entries;
}

std::optional<std::string> Outbox::accepted_platform_id(const std::string& local_id) {
  Statement statement(database_.handle(), "SELECT platform_id FROM accepted WHERE local_id = ?");
  statement.bind(1, local_id);
  if (statement.step() != SQLITE_ROW) return std::nullopt;
  return statement.text(0);
}

}  // namespace yiwang::store
