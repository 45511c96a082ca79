// The support bundle a technician takes away on a USB stick (or the platform asks for): versions,
// settings, device states, queue counts, dead letters without their data, commands, the audit
// chain's check and the log. Built from what holds no personal data by construction: never the
// outbox payloads, never the key, never a token.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace yiwang::kiosk {

// NOLINTNEXTLINE(bugprone-exception-escape): the check sees nlohmann::json's asserting destructor
struct BundleSources {
  std::string terminal_id;
  std::string database;                                // the kiosk's state file
  std::string log;                                     // the log file, or empty
  nlohmann::json settings = nlohmann::json::object();  // options worth knowing (no secrets)
  nlohmann::json devices = nlohmann::json::array();    // states, as heartbeats carry them
};

struct BundleResult {
  bool ok = false;
  std::string folder;  // the bundle's own folder inside the target
  std::string detail;  // what went wrong, for the technician
  std::vector<std::string> files;
};

// Writes yiwang-bundle-<terminal>-<YYYYMMDD-HHMMSS>/ inside target, each file fsynced and the
// folders too, so that "done" means the stick can be pulled.
BundleResult write_support_bundle(const BundleSources& sources, const std::string& target,
                                  long long now_unix_ms);

}  // namespace yiwang::kiosk
