// The durable outbox: submissions wait here, with their idempotency key, until the platform
// answers.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "database.h"
#include "sealing.h"
#include "uuid.h"

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
  std::string parent_local_id;  // an evaluation's application: sent after it, dead with it
  bool parent_dead = false;     // set by pick(): the parent was dead-lettered
};

// How the queue orders its entries (see pick()).
struct QueueSchedule {
  // After this many transient failures an entry steps aside: later, independent entries go out.
  int step_aside_attempts = 5;
  // A stored next-attempt time further in the future than this is a wrong clock, not a backoff:
  // treated as due (the backoff cap).
  long long clamp_ms = 300000;
};

// pick(): the entry to send now, or how long until one may be.
struct NextPick {
  std::optional<OutboxEntry> entry;
  std::optional<long long> wait_ms;  // nullopt: nothing pending (or nothing that can go)
};
// How long until an entry may be tried (0: due). The sync worker keeps its retry times on a
// monotonic clock and answers from those; without one, the stored wall-clock time is used.
using DueIn = std::function<long long(long long id, long long next_attempt_ms)>;

// What enqueue() writes: the transaction's own idempotency key, made when it was created.
struct NewEntry {
  std::string kind;
  std::string idempotency_key;
  std::string local_id;
  std::string payload;
  std::string parent_local_id;
};

struct EnqueueOutcome {
  StoreStatus status;
  OutboxEntry entry;
  bool already = false;  // an entry with this idempotency key exists: nothing new was written
};

struct QueueCounts {
  int pending = 0;
  int dead = 0;
  long long oldest_pending_created_ms = 0;  // 0 when nothing is pending
};

class Outbox {
 public:
  // key may be null: the key is missing, nothing can be sealed or opened, and nothing is lost
  // (enqueue refuses with keyMissing; entries stay as they are).
  Outbox(Database& database, const SealingKey* key, QueueSchedule schedule = {})
      : database_(database), key_(key), schedule_(schedule) {}
  Outbox(Database& database, const SealingKey& key) : Outbox(database, &key) {}

  // Durable when it returns ok: committed with synchronous=FULL. The same idempotency key twice
  // is the same transaction: the first entry is returned, nothing is written.
  EnqueueOutcome enqueue(const NewEntry& entry, long long now_ms);
  // A new transaction with a fresh key (tests, tools).
  EnqueueOutcome enqueue(const std::string& kind, const std::string& local_id,
                         const std::string& payload, long long now_ms);
  // Entries go out in order: a later entry does not overtake an earlier one waiting for its
  // retry, unless that one has failed step_aside_attempts times (then it steps aside); an
  // entry never overtakes its parent.
  NextPick pick(long long now_ms, const DueIn& due_in = {});
  std::optional<OutboxEntry> next_due(long long now_ms) { return pick(now_ms).entry; }
  // How long until a stored wall-clock retry time is due: 0 when past, or when it lies further
  // ahead than the schedule's clamp (a wrong clock, not a backoff).
  long long wall_due_in(long long next_attempt_ms, long long now_ms) const;
  // Milliseconds until an entry is due (0 if one is due now), or nullopt if nothing is pending.
  std::optional<long long> wait_for_next(long long now_ms);
  // Pending entries whose parent is this local id go to the dead-letter state with it.
  int move_children_to_dead(const std::string& parent_local_id, const std::string& problem,
                            long long now_ms);
  // Anything sealed in the file (pending or dead): a missing key is then a fault, not a start.
  bool holds_sealed_entries();
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
  // An application still in this outbox under its provisional number (no payload is opened).
  struct Waiting {
    bool dead = false;
    long long created_ms = 0;
  };
  std::optional<Waiting> waiting_application(const std::string& local_id);
  // Applications still in this outbox (pending or dead), oldest first, at most limit, payloads
  // opened: 办件查询 by card finds the resident's own among them. The caller wipes the payloads.
  std::vector<OutboxEntry> waiting_applications(std::size_t limit);

 private:
  std::optional<OutboxEntry> query_one(const std::string& where, long long arg);
  std::optional<OutboxEntry> query_text(const std::string& where, const std::string& arg);
  OutboxEntry read_entry(const Statement& row) const;
  // Gives freed pages back to the file system (auto_vacuum=INCREMENTAL) after a delete.
  void reclaim();

  Database& database_;
  const SealingKey* key_;
  QueueSchedule schedule_;
  std::unique_ptr<Statement> insert_;  // prepared once: enqueue is the hot path
};

// The outbox's sealing key from its file. A new key is made only for a database with nothing
// sealed in it: a missing key while entries exist (a key partition that did not mount) is status
// keyMissing and no key, because a new one would open none of them.
LoadedKey load_outbox_key(const std::string& path, Database& database);

}  // namespace yiwang::store
