// diagnostics_facts: statvfs, file sizes, the certificate's notAfter, the log's tail.
#include "services/diagnostics_facts.h"

#include <openssl/opensslv.h>
#include <sqlite3.h>
#include <sys/statvfs.h>

#include <deque>
#include <filesystem>
#include <fstream>

#include "core/clock.h"
#include "platform/enrollment.h"

namespace yiwang::kiosk {

namespace fs = std::filesystem;

nlohmann::json diagnostics_facts(const std::string& database, const std::string& log,
                                 const std::string& certificate_pem, int lines) {
  nlohmann::json facts = nlohmann::json::object();
  std::error_code error;
  const auto folder = fs::absolute(database, error).parent_path();
  struct statvfs info {};
  facts["disk_free_mb"] = statvfs(folder.c_str(), &info) == 0
                              ? static_cast<long long>(info.f_bavail) *
                                    static_cast<long long>(info.f_frsize) / (1024LL * 1024)
                              : -1LL;
  long long bytes = 0;
  for (const char* suffix : {"", "-wal"}) {
    const auto size = fs::file_size(database + suffix, error);
    if (!error) bytes += static_cast<long long>(size);
  }
  facts["database_bytes"] = bytes;
  const auto expiry = certificate_expiry_ms(certificate_pem);
  facts["certificate_expires"] = expiry ? display_time_cst(*expiry) : "-";
  facts["versions"] =
      std::string("kiosk 0.1.0 · SQLite ") + sqlite3_libversion() + " · " + OPENSSL_VERSION_TEXT;
  // The log's last lines: read from its end only (it may be large).
  nlohmann::json tail = nlohmann::json::array();
  std::ifstream in(log, std::ios::binary);
  if (in) {
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    const std::streamoff start = size > 16384 ? size - 16384 : 0;
    in.seekg(start);
    std::string line;
    std::deque<std::string> last;
    if (start > 0) std::getline(in, line);  // a partial first line
    while (std::getline(in, line)) {
      last.push_back(line.substr(0, 200));
      if (static_cast<int>(last.size()) > lines) last.pop_front();
    }
    for (auto& l : last) tail.push_back(std::move(l));
  }
  facts["log_tail"] = std::move(tail);
  return facts;
}

}  // namespace yiwang::kiosk
