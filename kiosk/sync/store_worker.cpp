// The store thread owns its own SQLite connection; the UI thread only hears Stored events.
#include "sync/store_worker.h"

#include <cstdio>

#include "database.h"
#include "idcard/id_card.h"

namespace yiwang::kiosk {

Stored store_transaction(store::Outbox& outbox, store::LocalState& state, StoreRequest request) {
  Stored stored;
  stored.transaction_id = request.transaction_id;
  stored.kind = request.kind;
  std::string local_id = request.local_id;
  if (local_id.empty()) {
    const auto sequence = state.next_daily_sequence(request.day);
    if (!sequence) {
      stored.failure = "store_failed";
      stored.message = "cannot allocate a local number: storage failed";
      return stored;
    }
    char text[96];
    std::snprintf(text, sizeof text, "%s-%s-%04d", request.terminal_id.c_str(), request.day.c_str(),
                  *sequence);
    local_id = text;
  }
  local_id += request.local_id_suffix;
  if (request.payload_takes_local_id) request.payload["local_id"] = local_id;
  std::string payload = request.payload.dump();
  auto outcome = outbox.enqueue(
      {request.kind, request.transaction_id, local_id, payload, request.parent_local_id},
      request.now_ms);
  drivers::secure_wipe(payload);
  drivers::secure_wipe(outcome.entry.payload);
  if (!outcome.status.ok()) {
    stored.failure = outcome.status.kind == store::StoreErrorKind::diskFull     ? "disk_full"
                     : outcome.status.kind == store::StoreErrorKind::keyMissing ? "key_missing"
                                                                                : "store_failed";
    stored.message = outcome.status.message;
    return stored;
  }
  stored.ok = true;
  stored.already = outcome.already;
  stored.local_id = outcome.entry.local_id;  // the first write's number, for a repeated one
  return stored;
}

StoreWorker::StoreWorker(std::string database_path, const store::SealingKey* key, Logger& logger,
                         Post post)
    : database_path_(std::move(database_path)), key_(key), logger_(logger), post_(std::move(post)) {
  thread_ = std::thread([this] { run(); });
}

StoreWorker::~StoreWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  ready_.notify_all();
  thread_.join();
}

void StoreWorker::store(StoreRequest request) {
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(request));
  }
  ready_.notify_all();
}

void StoreWorker::run() {
  auto opened = store::Database::open(database_path_);
  if (!opened.status.ok())
    logger_.error("store", "cannot open the outbox: " + opened.status.message);
  std::unique_ptr<store::Outbox> outbox;
  std::unique_ptr<store::LocalState> state;
  if (opened.database) {
    outbox = std::make_unique<store::Outbox>(*opened.database, key_);
    state = std::make_unique<store::LocalState>(*opened.database);
  }
  while (true) {
    StoreRequest request;
    {
      std::unique_lock lock(mutex_);
      // A request already taken is finished before stopping: the resident was told "saving".
      ready_.wait(lock, [this] { return stopping_ || !requests_.empty(); });
      if (requests_.empty()) return;
      request = std::move(requests_.front());
      requests_.pop_front();
    }
    Stored stored;
    if (outbox) {
      stored = store_transaction(*outbox, *state, std::move(request));
    } else {
      stored.transaction_id = request.transaction_id;
      stored.kind = request.kind;
      stored.failure = "store_failed";
      stored.message = "the outbox could not be opened";
    }
    if (!stored.ok) logger_.error("store", stored.kind + " not stored: " + stored.message);
    post_(std::move(stored));
  }
}

}  // namespace yiwang::kiosk
