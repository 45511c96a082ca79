// Facts for the technician's diagnostics screen, read on the UI thread when it opens: free disk,
// database size, the terminal certificate's expiry, versions and the log's last lines.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace yiwang::kiosk {

// {"disk_free_mb", "database_bytes", "certificate_expires", "versions", "log_tail": [...]}.
// The log tail is its last `lines` lines (from at most its last 16 KiB), each at most 200 bytes.
nlohmann::json diagnostics_facts(const std::string& database, const std::string& log,
                                 const std::string& certificate_pem, int lines = 8);

}  // namespace yiwang::kiosk
