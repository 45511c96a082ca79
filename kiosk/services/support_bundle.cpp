// write_support_bundle: one small file per subject, written and fsynced one by one.
#include "services/support_bundle.h"

#include <fcntl.h>
#include <openssl/opensslv.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "audit_chain.h"
#include "command_log.h"
#include "core/clock.h"
#include "database.h"
#include "local_state.h"
#include "outbox.h"

namespace yiwang::kiosk {

namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kLogTailBytes = 1024ULL * 1024;

bool write_synced(const fs::path& path, const std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  return ::close(fd) == 0 && synced;
}

bool sync_folder(const fs::path& folder) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

// The last MiB of the log, from a line start.
std::string log_tail(const std::string& path) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) return "(no log file)\n";
  std::ifstream in(path, std::ios::binary);
  const std::uintmax_t start = size > kLogTailBytes ? size - kLogTailBytes : 0;
  in.seekg(static_cast<std::streamoff>(start));
  std::string text((std::istreambuf_iterator<char>(in)), {});
  if (start > 0) {
    const auto newline = text.find('\n');
    text.erase(0, newline == std::string::npos ? text.size() : newline + 1);
  }
  return text;
}

}  // namespace

BundleResult write_support_bundle(const BundleSources& sources, const std::string& target,
                                  long long now_unix_ms) {
  BundleResult result;
  std::error_code error;
  if (!fs::is_directory(target, error)) {
    result.detail = "no USB stick (" + target + " is not a folder)";
    return result;
  }
  std::string stamp;  // 20261130-180000 from 2026-11-30T18:00:00+08:00
  for (char c : rfc3339_cst(now_unix_ms).substr(0, 19)) {
    if (c == 'T') stamp += '-';
    if (c >= '0' && c <= '9') stamp += c;
  }
  const fs::path folder = fs::path(target) / ("yiwang-bundle-" + sources.terminal_id + "-" + stamp);
  fs::create_directories(folder, error);
  if (error) {
    result.detail = "cannot write to the USB stick: " + error.message();
    return result;
  }
  result.folder = folder.string();

  auto opened = store::Database::open(sources.database);
  if (!opened.status.ok()) {
    result.detail = "cannot open the kiosk's database: " + opened.status.message;
    return result;
  }
  store::Database& database = *opened.database;
  nlohmann::json versions = {{"app_version", "0.1.0"},
                             {"sqlite", sqlite3_libversion()},
                             {"openssl", OPENSSL_VERSION_TEXT},
                             {"written", rfc3339_cst(now_unix_ms)}};
  {
    store::Statement schema(database.handle(), "PRAGMA user_version");
    if (schema.step() == SQLITE_ROW) versions["schema"] = schema.integer(0);
  }
  store::LocalState state(database);
  if (auto catalog = state.catalog_header()) versions["catalog"] = catalog->version;
  nlohmann::json settings = sources.settings;
  settings["platform_config_version"] = state.value("config.version").value_or("");
  settings["platform_config"] =
      nlohmann::json::parse(state.value("config.body").value_or("null"), nullptr, false);
  settings["disabled_by_command"] = state.value("terminal.disabled_by_command").value_or("0");

  // Queue counts and dead letters: numbers, codes and field names; the sealed data stays shut.
  store::Outbox outbox(database, nullptr);
  const auto counts = outbox.counts();
  nlohmann::json queue = {
      {"pending", counts.pending},
      {"dead", counts.dead},
      {"oldest_pending_created",
       counts.oldest_pending_created_ms ? rfc3339_cst(counts.oldest_pending_created_ms) : ""},
      {"dead_letters", nlohmann::json::array()}};
  for (const auto& entry : outbox.dead_letters()) {
    auto problem = nlohmann::json::parse(entry.last_error, nullptr, false);
    nlohmann::json fields = nlohmann::json::array();
    if (problem.is_object() && problem.contains("fields") && problem["fields"].is_array()) {
      for (const auto& field : problem["fields"]) {
        if (field.is_object())
          fields.push_back(
              {{"field", field.value("field", "")}, {"code", field.value("code", "")}});
      }
    }
    queue["dead_letters"].push_back(
        {{"id", entry.id},
         {"kind", entry.kind},
         {"local_id", entry.local_id},
         {"status", problem.is_object() ? problem.value("status", 0) : 0},
         {"code", problem.is_object() ? problem.value("code", "") : ""},
         {"fields", fields}});
  }
  nlohmann::json commands = nlohmann::json::array();
  for (const auto& c : store::CommandLog(database).all()) {
    commands.push_back(
        {{"id", c.id}, {"type", c.type}, {"state", c.state}, {"ok", c.ok}, {"detail", c.detail}});
  }
  store::AuditChain chain(database);
  const auto verdict = chain.verify();
  std::string audit = verdict.intact
                          ? "audit chain intact: " + std::to_string(verdict.records) +
                                " record(s), last hash " + chain.head().last_hash + "\n"
                          : "audit chain BROKEN at record " + std::to_string(verdict.broken_id) +
                                ": " + verdict.problem + "\n";
  for (const auto& r : chain.records()) {
    audit += std::to_string(r.id) + "  " + display_time_cst(r.at_ms) + "  " + r.event + "  " +
             r.subject + "  " + r.detail + "\n";
  }

  const std::vector<std::pair<std::string, std::string>> files = {
      {"versions.json", versions.dump(2) + "\n"},
      {"settings.json", settings.dump(2) + "\n"},
      {"devices.json", sources.devices.dump(2) + "\n"},
      {"queue.json", queue.dump(2) + "\n"},
      {"commands.json", commands.dump(2) + "\n"},
      {"audit.txt", audit},
      {"kiosk.log", sources.log.empty() ? "(no log file)\n" : log_tail(sources.log)}};
  for (const auto& [name, text] : files) {
    if (!write_synced(folder / name, text)) {
      result.detail = "writing " + name + " failed (stick full or pulled out?)";
      return result;
    }
    result.files.push_back(name);
  }
  if (!sync_folder(folder) || !sync_folder(target)) {
    result.detail = "the USB stick could not be synced";
    return result;
  }
  result.ok = true;
  result.detail = folder.filename().string();
  return result;
}

}  // namespace yiwang::kiosk
