// The platform's heartbeat commands as the kiosk received, ran and answered them: each command id
// is kept for good, so a command is run at most once, across restarts. No personal data.
#pragma once

#include <string>
#include <vector>

#include "database.h"

namespace yiwang::store {

struct StoredCommand {
  std::string id;
  std::string type;
  std::string body;   // the command as the platform sent it (JSON)
  std::string state;  // received, running, done
  bool ok = false;
  std::string detail;
};

class CommandLog {
 public:
  explicit CommandLog(Database& database) : database_(database) {}

  // True when the id is new (kept as 'received'); false when it was seen before.
  bool receive(const std::string& id, const std::string& type, const std::string& body,
               long long now_ms);
  // received -> running; false when it is not 'received' (already run, or running): run it not.
  bool start(const std::string& id, long long now_ms);
  StoreStatus finish(const std::string& id, bool ok, const std::string& detail, long long now_ms);
  // At start: a command that was running when the kiosk stopped is not run again; it ends as
  // failed. Returns how many.
  int close_interrupted(long long now_ms);
  // Received and not yet started (after a restart they are handed over again).
  std::vector<StoredCommand> waiting();
  // Ids the platform has not yet had acknowledged, and results it has not yet had.
  std::vector<std::string> to_acknowledge();
  std::vector<StoredCommand> to_report();
  void acknowledged(const std::vector<std::string>& ids);
  void reported(const std::vector<std::string>& ids);
  std::vector<StoredCommand> all();

 private:
  Database& database_;
};

}  // namespace yiwang::store
