// Outbox operations, each one statement or one transaction.
#include "outbox.h"

#include <sqlite3.h>

#include <algorithm>
#include <set>

namespace yiwang::store {

namespace {

constexpr const char* kColumns =
    "id, kind, idempotency_key, local_id, payload, state, attempts, next_attempt_ms, created_ms, "
    "last_error, dead_ms, parent_local_id";

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
  std::optional<std::string> opened;
  if (key_) {
    opened =
        key_->open(row.blob(4), associated_data(entry.kind, entry.idempotency_key, entry.local_id));
  }
  entry.payload_opened = opened.has_value();
  if (opened) entry.payload = std::move(*opened);
  entry.state = row.text(5) == "dead" ? EntryState::dead : EntryState::pending;
  entry.attempts = static_cast<int>(row.integer(6));
  entry.next_attempt_ms = row.integer(7);
  entry.created_ms = row.integer(8);
  entry.last_error = row.text(9);
  entry.dead_ms = row.is_null(10) ? 0 : row.integer(10);
  entry.parent_local_id = row.text(11);
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

LoadedKey load_outbox_key(const std::string& path, Database& database) {
  LoadedKey key = SealingKey::load(path);
  if (key.status.kind != StoreErrorKind::notFound) return key;
  if (Outbox(database, nullptr).holds_sealed_entries()) {
    return {{StoreErrorKind::keyMissing,
             "the outbox key " + path + " is missing while sealed entries exist"},
            {}};
  }
  return SealingKey::create(path);
}

EnqueueOutcome Outbox::enqueue(const std::string& kind, const std::string& local_id,
                               const std::string& payload, long long now_ms) {
  return enqueue(NewEntry{kind, new_uuid(), local_id, payload, ""}, now_ms);
}

EnqueueOutcome Outbox::enqueue(const NewEntry& entry, long long now_ms) {
  EnqueueOutcome outcome;
  outcome.entry.kind = entry.kind;
  outcome.entry.idempotency_key = entry.idempotency_key;
  outcome.entry.local_id = entry.local_id;
  outcome.entry.parent_local_id = entry.parent_local_id;
  outcome.entry.payload = entry.payload;
  if (!key_) {
    outcome.status = {StoreErrorKind::keyMissing, "enqueue: the outbox key is missing"};
    return outcome;
  }
  // The same transaction again (a second tap, a retry after a failure was reported late).
  if (auto existing = query_text("WHERE idempotency_key = ?", entry.idempotency_key)) {
    outcome.entry = std::move(*existing);
    outcome.already = true;
    return outcome;
  }
  const std::string sealed =
      key_->seal(entry.payload, associated_data(entry.kind, entry.idempotency_key, entry.local_id));
  if (sealed.empty()) {
    outcome.status = {StoreErrorKind::io, "enqueue: sealing failed"};
    return outcome;
  }
  // Due at once: the time of writing is no reason to wait (and a fast clock must not delay it).
  outcome.entry.next_attempt_ms = 0;
  outcome.entry.created_ms = now_ms;
  outcome.status = database_.transaction([&] {
    if (!insert_) {
      insert_ = std::make_unique<Statement>(
          database_.handle(),
          "INSERT INTO outbox (kind, idempotency_key, local_id, payload, next_attempt_ms, "
          "created_ms, parent_local_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
    }
    Statement& insert = *insert_;
    insert.reset();
    insert.bind(1, entry.kind).bind(2, entry.idempotency_key).bind(3, entry.local_id);
    insert.bind_blob(4, sealed).bind(5, 0LL).bind(6, now_ms);
    if (entry.parent_local_id.empty()) {
      insert.bind_null(7);
    } else {
      insert.bind(7, entry.parent_local_id);
    }
    StoreStatus status = database_.status_from(insert.step(), "enqueue");
    outcome.entry.id = sqlite3_last_insert_rowid(database_.handle());
    insert.reset();  // also drops the sealed bytes it was bound to
    return status;
  });
  return outcome;
}

long long Outbox::wall_due_in(long long next_attempt_ms, long long now_ms) const {
  const long long delta = next_attempt_ms - now_ms;
  return delta > schedule_.clamp_ms ? 0 : std::max(0LL, delta);
}

NextPick Outbox::pick(long long now_ms, const DueIn& due_in) {
  const DueIn wall = [&](long long, long long next_attempt_ms) {
    return wall_due_in(next_attempt_ms, now_ms);
  };
  const DueIn& due = due_in ? due_in : wall;
  struct Head {
    long long id;
    std::string local_id;
    std::string parent;
    int attempts;
    long long next_attempt_ms;
    bool parent_dead;
  };
  std::vector<Head> heads;
  {
    // Bounded: a queue this long is a fault the status line shows anyway.
    Statement statement(
        database_.handle(),
        "SELECT o.id, o.local_id, o.parent_local_id, o.attempts, o.next_attempt_ms, "
        "EXISTS (SELECT 1 FROM outbox p WHERE p.local_id = o.parent_local_id AND "
        "p.state = 'dead') FROM outbox o WHERE o.state = 'pending' ORDER BY o.id "
        "LIMIT 200");
    while (statement.step() == SQLITE_ROW) {
      heads.push_back({statement.integer(0), statement.text(1), statement.text(2),
                       static_cast<int>(statement.integer(3)), statement.integer(4),
                       statement.integer(5) != 0});
    }
  }
  NextPick result;
  std::set<std::string> waiting;  // local ids of earlier entries that have not gone yet
  for (const Head& head : heads) {
    if (head.parent_dead) {
      result.entry = find(head.id);
      if (result.entry) result.entry->parent_dead = true;
      result.wait_ms = 0;
      return result;
    }
    if (!head.parent.empty() && waiting.count(head.parent)) {
      waiting.insert(head.local_id);  // it waits for its parent, and so do its own children
      continue;
    }
    const long long in_ms = due(head.id, head.next_attempt_ms);
    if (in_ms <= 0) {
      result.entry = find(head.id);
      result.wait_ms = 0;
      return result;
    }
    result.wait_ms = result.wait_ms ? std::min(*result.wait_ms, in_ms) : in_ms;
    if (head.attempts < schedule_.step_aside_attempts) break;  // strict order behind it
    waiting.insert(head.local_id);                             // it steps aside
  }
  return result;
}

std::optional<long long> Outbox::wait_for_next(long long now_ms) { return pick(now_ms).wait_ms; }

int Outbox::move_children_to_dead(const std::string& parent_local_id, const std::string& problem,
                                  long long now_ms) {
  if (parent_local_id.empty()) return 0;
  Statement update(database_.handle(),
                   "UPDATE outbox SET state = 'dead', last_error = ?, dead_ms = ? WHERE state = "
                   "'pending' AND parent_local_id = ?");
  update.bind(1, problem).bind(2, now_ms).bind(3, parent_local_id);
  if (!database_.status_from(update.step(), "dead-letter children").ok()) return 0;
  return sqlite3_changes(database_.handle());
}

bool Outbox::holds_sealed_entries() {
  Statement statement(database_.handle(), "SELECT EXISTS (SELECT 1 FROM outbox)");
  return statement.step() == SQLITE_ROW && statement.integer(0) != 0;
}

std::optional<OutboxEntry> Outbox::query_text(const std::string& where, const std::string& arg) {
  Statement statement(database_.handle(),
                      (std::string("SELECT ") + kColumns + " FROM outbox " + where).c_str());
  statement.bind(1, arg);
  if (statement.step() != SQLITE_ROW) return std::nullopt;
  return read_entry(statement);
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

std::optional<Outbox::Waiting> Outbox::waiting_application(const std::string& local_id) {
  Statement statement(database_.handle(),
                      "SELECT state, created_ms FROM outbox WHERE local_id = ? AND kind = "
                      "'application'");
  statement.bind(1, local_id);
  if (statement.step() != SQLITE_ROW) return std::nullopt;
  return Waiting{statement.text(0) == "dead", statement.integer(1)};
}

std::vector<OutboxEntry> Outbox::waiting_applications(std::size_t limit) {
  Statement statement(database_.handle(),
                      (std::string("SELECT ") + kColumns +
                       " FROM outbox WHERE kind = 'application' ORDER BY id LIMIT ?")
                          .c_str());
  statement.bind(1, static_cast<long long>(limit));
  std::vector<OutboxEntry> entries;
  while (statement.step() == SQLITE_ROW) entries.push_back(read_entry(statement));
  return entries;
}

}  // namespace yiwang::store
