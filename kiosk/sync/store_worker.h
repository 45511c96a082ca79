// The store worker: one thread that writes the resident's transactions to the outbox, so the UI
// thread never waits on the disk; each write comes back as a Stored event.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/app_events.h"
#include "local_state.h"
#include "outbox.h"
#include "sealing.h"
#include "services/logger.h"

namespace yiwang::kiosk {

class StoreWorker {
 public:
  using Post = std::function<void(AppEvent)>;
  // key may be null (missing key file): every request is answered "key_missing".
  StoreWorker(std::string database_path, const store::SealingKey* key, Logger& logger, Post post);
  ~StoreWorker();
  StoreWorker(const StoreWorker&) = delete;
  StoreWorker& operator=(const StoreWorker&) = delete;

  void store(StoreRequest request);

 private:
  void run();

  std::string database_path_;
  const store::SealingKey* key_;
  Logger& logger_;
  Post post_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<StoreRequest> requests_;
  bool stopping_ = false;
  std::thread thread_;
};

// What the worker does for each request, on the caller's connection (tests call it directly):
// allocates the local number when asked, seals and writes the entry, wipes the plaintext.
Stored store_transaction(store::Outbox& outbox, store::LocalState& state, StoreRequest request);

}  // namespace yiwang::kiosk
