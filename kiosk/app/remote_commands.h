// Heartbeat commands the application runs off the UI thread (on the task thread): update, through
// the image's updater given with --update-command; upload_logs and reboot, not supported yet.
#pragma once

#include <string>

#include "app/options.h"
#include "core/app_events.h"
#include "platform/platform_client.h"
#include "services/support_bundle.h"

namespace yiwang::kiosk {

// Runs the command and answers {"id", "ok", "detail"} as a PlatformReply (never an error: the
// flow reports whatever happened as the command's result).
// upload_logs writes a bundle from `bundle` into `scratch` (emptied), uploads it as tar.gz with
// `client` and removes it.
PlatformResult run_remote_command(const RemoteCommand& command, const std::string& update_command,
                                  PlatformClient& client, const BundleSources& bundle,
                                  const std::string& scratch, long long now_unix_ms);

// An update bundle URL the kiosk passes on: https://, at most 2048 printable characters, no
// spaces (it goes to the updater as one argument, never through a shell).
bool acceptable_bundle_url(const std::string& url);

// The kiosk's options as a support bundle shows them: what it talks to and how, no secrets (the
// outbox key's path is not the key; tokens and PINs never come in options).
nlohmann::json bundle_settings(const Options& options);

// Where the kiosk stages a support bundle for the USB copy helper: usb-bundle/ beside the
// database (/var/lib/yiwang/usb-bundle on a terminal, the helper's --source).
std::string usb_stage_dir(const Options& options);

}  // namespace yiwang::kiosk
