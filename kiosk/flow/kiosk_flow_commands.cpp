// The platform's heartbeat commands and configuration: each command runs once (command_log.h),
// only while no resident is in a session, and its end goes back to the platform.
#include <algorithm>

#include "command_log.h"
#include "flow/kiosk_flow.h"

namespace yiwang::kiosk {

using ui::ScreenId;

namespace {

constexpr std::size_t kMaxWaitingCommands = 32;
constexpr const char* kDisabledKey = "terminal.disabled_by_command";

}  // namespace

void KioskFlow::on_remote_command(RemoteCommand command) {
  if (waiting_commands_.size() >= kMaxWaitingCommands) {
    finish_command(command.id, false, "too many commands waiting: not run");
    return;
  }
  waiting_commands_.push_back(std::move(command));
  run_commands();
}

void KioskFlow::run_commands() {
  // Never in front of a resident: on the resting screens only, one at a time.
  while (!waiting_commands_.empty() && running_command_.empty() && !session_.active() &&
         !model_.idle_warning &&
         (model_.screen == ScreenId::attract || model_.screen == ScreenId::out_of_service)) {
    RemoteCommand command = std::move(waiting_commands_.front());
    waiting_commands_.pop_front();
    store::CommandLog log(journal_.database());
    if (!log.start(command.id, clock_.unix_ms())) continue;  // already run: never twice
    logger_.info("flow", "command " + command.id + " (" + command.type + ") running");
    running_command_ = command.id;
    running_type_ = command.type;
    const std::string& type = command.type;
    if (type == "self_test") {
      // Every device tried (kiosk_flow_self_test.cpp); the result comes when all have ended.
      start_self_test(false, command.id);
    } else if (type == "reload_catalog") {
      // Unconditional (no ETag): the answer ends the command (on_catalog).
      if (ports_.refresh_catalog) {
        ports_.refresh_catalog("");
      } else {
        finish_command(command.id, false, "no platform link in this kiosk");
      }
    } else if (type == "disable" || type == "enable") {
      disabled_by_command_ = type == "disable";
      const auto status = state_.set_value(kDisabledKey, disabled_by_command_ ? "1" : "0");
      if (resting_screen() != model_.screen) go(resting_screen());
      finish_command(command.id, status.ok(),
                     status.ok() ? (disabled_by_command_ ? "out of service for residents"
                                                         : "serving residents")
                                 : "not kept across a restart: " + status.message);
    } else if (type == "update" || type == "upload_logs" || type == "reboot") {
      if (ports_.run_command) {
        ports_.run_command(command);  // answered by a PlatformAnswer "command"
      } else {
        finish_command(command.id, false, "not supported by this kiosk");
      }
    } else {
      finish_command(command.id, false, "unknown command type: not run");
    }
  }
}

void KioskFlow::finish_command(const std::string& id, bool ok, const std::string& detail) {
  const std::string bounded = detail.substr(0, 500);
  store::CommandLog log(journal_.database());
  const auto status = log.finish(id, ok, bounded, clock_.unix_ms());
  if (!status.ok()) logger_.error("flow", "command result not kept: " + status.message);
  journal_.audit("command." + (id == running_command_ ? running_type_ : std::string("refused")), id,
                 (ok ? "ok: " : "failed: ") + bounded, clock_.unix_ms());
  logger_.info("flow", "command " + id + (ok ? " done: " : " failed: ") + bounded);
  if (id == running_command_) {
    running_command_.clear();
    running_type_.clear();
  }
  if (ports_.report_now) ports_.report_now();
  run_commands();
}

void KioskFlow::on_command_answer(const PlatformAnswer& answer) {
  const std::string id = answer.body.is_object() ? answer.body.value("id", "") : "";
  if (id.empty() || id != running_command_) return;
  finish_command(id, answer.ok && answer.body.value("ok", false),
                 answer.ok ? answer.body.value("detail", "") : answer.error.summary());
}

void KioskFlow::on_config(const ConfigReceived& config, bool persist) {
  const auto& c = config.config;
  // Bounded: a platform typo must not make the kiosk wipe sessions every second.
  if (c.contains("idle_timeout_s") && c["idle_timeout_s"].is_number_integer()) {
    settings_.idle_timeout_ms =
        std::clamp(c["idle_timeout_s"].get<long long>(), 15LL, 3600LL) * 1000;
  }
  if (c.contains("idle_countdown_s") && c["idle_countdown_s"].is_number_integer()) {
    settings_.idle_countdown_ms =
        std::clamp(c["idle_countdown_s"].get<long long>(), kLeastIdleCountdownMs / 1000, 600LL) *
        1000;
  }
  if (c.contains("volume") && c["volume"].is_number_integer())
    settings_.volume = static_cast<int>(std::clamp(c["volume"].get<long long>(), 0LL, 100LL));
  if (c.contains("voice_default") && c["voice_default"].is_boolean())
    settings_.voice_default = c["voice_default"].get<bool>();
  if (c.contains("service_hours")) {
    const auto& hours = c["service_hours"];
    const bool given = hours.is_object() && hours.value("from", nlohmann::json()).is_string() &&
                       hours.value("to", nlohmann::json()).is_string();
    settings_.hours_from = given ? hours["from"].get<std::string>().substr(0, 5) : "";
    settings_.hours_to = given ? hours["to"].get<std::string>().substr(0, 5) : "";
  }
  if (!session_.active()) voice_defaults();  // nobody is using the kiosk: at once
  if (c.contains("elder_mode_default") && c["elder_mode_default"].is_boolean()) {
    const bool before = settings_.elder_mode_default;
    settings_.elder_mode_default = c["elder_mode_default"].get<bool>();
    // A changed default applies at once when nobody is using the kiosk; the same default again
    // (each start's first heartbeat) leaves alone a choice a resident just made on attract.
    if (!session_.active() && before != settings_.elder_mode_default &&
        model_.elder_mode != settings_.elder_mode_default) {
      model_.elder_mode = settings_.elder_mode_default;
      dirty_ = true;
    }
  }
  if (persist && c.contains("maintenance_pin_hash") && c["maintenance_pin_hash"].is_string()) {
    const auto status = pin_guard_.set_pin_hash(c["maintenance_pin_hash"], "platform config");
    if (!status.ok())
      logger_.warning("flow", "maintenance PIN from the platform: " + status.message);
  }
  if (!persist) return;
  if (state_.value("config.version") == std::to_string(config.version)) return;  // applied already
  auto status = state_.set_value("config.body", c.dump());
  if (status.ok()) status = state_.set_value("config.version", std::to_string(config.version));
  if (!status.ok()) logger_.error("flow", "configuration not kept: " + status.message);
  logger_.info("flow", "configuration " + std::to_string(config.version) + " applied: idle " +
                           std::to_string(settings_.idle_timeout_ms / 1000) + " s + " +
                           std::to_string(settings_.idle_countdown_ms / 1000) + " s");
  if (ports_.report_now) ports_.report_now();
}

}  // namespace yiwang::kiosk
