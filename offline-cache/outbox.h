// The durable outbox: submissions wait here, with their idempotency key, until the platform
// answers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "sealing.h"

namespace yiwang::store {

enum class EntryState { pending, dead };

struct OutboxEntry {
  long long id = 0;
  std::string kind;             // "application", "evaluation"
  std::string idempotency_key;  // created once, at enqueue, reused on every retry
  std::string local_id;         // the terminal's provisional number
  std::string payload;          // plaintext in memory only; sealed with AES-256-GCM in the file
  bool payload_opened = true;   // false when the sealed bytes did not open (altered, other key)
  EntryState state = EntryState::pending;
  int attempts = 0;
  long long next_attempt_ms = 0;
  long long created_ms = 0;
  long long dead_ms = 0;
  std::string last_error;
};

struct EnqueueOutcome {
  StoreStatus status;
  OutboxEntry entry;
};

struct QueueCounts {
  int pending = 0;
  int dead = 0;
  long long oldest_pending_created_ms = 0;  // 0 when nothing is pending
};

class Outbox {
 public:
  Outbox(Database& database, const SealingKey& key) : database_(database), key_(key) {}

  // Durable when it returns ok: committed with synchronous=FULL.
  EnqueueOutcome enqueue(const std::string& kind, const std::string& local_id,
                         const std::string& payload, long long now_ms);
  // The oldest pending entry if it is due. Entries go out in order: a later entry never
  // overtakes an earlier one that is waiting for its retry.
  std::optional<OutboxEntry> next_due(long long now_ms);
  // Milliseconds until the head entry is due (0 if due now), or nullopt if nothing is pending.
  std::optional<long long> wait_for_next(long long now_ms);
  std::optional<OutboxEntry> find(long long id);

  // The platform accepted it: delete it (payload and all) and keep only the non-personal
  // mapping from local number to platform number.
  StoreStatus complete(long long id, const std::string& platform_id, long long now_ms);
  StoreStatus schedule_retry(long long id, long long next_attempt_ms, const std::string& error);
  // Permanent failure: kept for a technician, never sent again automatically.
  StoreStatus move_to_dead(long long id, const std::string& problem, long long now_ms);
  // A technician dealt with a dead letter: its sealed data goes, the space is reclaimed.
  StoreStatus resolve_dead(long long id);
  // Dead letters nobody resolved are erased once older than the retention. Returns how many.
  int purge_dead_before(long long cutoff_ms);

  QueueCounts counts();
  std::vector<OutboxEntry> dead_letters();
  std::optional<std::string> accepted_platform_id(const std::string& local_id);

 private:
  std::optional<OutboxEntry> query_one(const std::string& where, long long arg);
  OutboxEntry read_entry(const Statement& row) const;
  // Gives freed pages back to the file system (auto_vacuum=INCREMENTAL) after a delete.
  void reclaim();

  Database& database_;
  const SealingKey& key_;
  std::unique_ptr<Statement> insert_;  // prepared once: enqueue is the hot path
};

// A random (version 4) UUID.
std::string new_uuid();

}  // namespace yiwang::store
