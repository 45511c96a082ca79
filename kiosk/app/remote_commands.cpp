// run_remote_command: `update` runs UPDATE_COMMAND BUNDLE_URL (no shell) and reports its exit.
#include "app/remote_commands.h"

#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <vector>

#include "services/bundle_archive.h"

extern char** environ;

namespace yiwang::kiosk {

namespace {

PlatformResult answer(const RemoteCommand& command, bool ok, const std::string& detail) {
  PlatformReply reply;
  reply.status = 200;
  reply.body = {{"id", command.id}, {"ok", ok}, {"detail", detail}};
  return reply;
}

}  // namespace

nlohmann::json bundle_settings(const Options& o) {
  return {{"platform", o.platform_url},
          {"terminal_id", o.terminal_id},
          {"terminal_dir", o.terminal_dir},
          {"database", o.database},
          {"reader", o.reader_port},
          {"scanner", o.scanner_port},
          {"camera", o.camera},
          {"receipt", o.receipt_device},
          {"paper_mm", o.paper_mm},
          {"certificate_printer", o.certificate_printer},
          {"printer_qr", o.printer_qr},
          {"idle_timeout_s", o.idle_timeout_s},
          {"idle_countdown_s", o.idle_countdown_s},
          {"dead_retention_days", o.dead_retention_days},
          {"simulate", o.simulate},
          {"updater", o.update_command.empty() ? "none" : o.update_command}};
}

std::string usb_stage_dir(const Options& o) {
  return (std::filesystem::path(o.database).parent_path() / "usb-bundle").string();
}

bool acceptable_bundle_url(const std::string& url) {
  if (url.rfind("https://", 0) != 0 || url.size() > 2048 || url.size() <= 8) return false;
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7F) return false;
  }
  return true;
}

PlatformResult run_remote_command(const RemoteCommand& command, const std::string& update_command,
                                  PlatformClient& client, const BundleSources& bundle,
                                  const std::string& scratch, long long now_unix_ms) {
  if (command.type == "upload_logs") {
    std::error_code ignored;
    std::filesystem::remove_all(scratch, ignored);
    std::filesystem::create_directories(scratch, ignored);
    const auto written = write_support_bundle(bundle, scratch, now_unix_ms);
    std::optional<std::string> archive;
    if (written.ok) archive = tar_gz_folder(written.folder, now_unix_ms / 1000);
    std::filesystem::remove_all(scratch, ignored);
    if (!written.ok) return answer(command, false, "support bundle not written: " + written.detail);
    if (!archive) return answer(command, false, "support bundle not archived");
    auto sent = client.post_bytes("/v1/terminals/" + bundle.terminal_id + "/logs", *archive,
                                  "application/gzip");
    if (!sent) return answer(command, false, "upload failed: " + sent.error().summary());
    const auto& reply = sent.value().body;
    const std::string upload_id =
        reply.is_object() && reply.contains("upload_id") && reply["upload_id"].is_string()
            ? reply["upload_id"].get<std::string>()
            : "?";
    return answer(command, true,
                  "support bundle uploaded as " + upload_id + " (" +
                      std::to_string(archive->size()) + " bytes)");
  }
  if (command.type != "update")
    return answer(command, false, command.type + " is not supported by this kiosk yet");
  if (update_command.empty())
    return answer(command, false,
                  "not supported: this kiosk has no updater (start it with --update-command)");
  const std::string url = command.body.is_object() && command.body.contains("bundle_url") &&
                                  command.body["bundle_url"].is_string()
                              ? command.body["bundle_url"].get<std::string>()
                              : "";
  if (!acceptable_bundle_url(url))
    return answer(command, false, "refused: the bundle URL is not a plain https:// URL");
  std::vector<std::string> args{update_command, url};
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
  if (spawned != 0) return answer(command, false, "the update command could not be started");
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    return answer(command, code == 0, "update command exited with status " + std::to_string(code));
  }
  return answer(command, false,
                "update command killed by signal " + std::to_string(WTERMSIG(status)));
}

}  // namespace yiwang::kiosk
