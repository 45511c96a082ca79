// Voice guidance in the flow (the line of every screen said and captioned, volume, repeat) and
// the call for help (帮办): POST /v1/help-requests, or the 12345 hotline and hours offline.
#include <algorithm>

#include "flow/kiosk_flow.h"
#include "flow/voice_lines.h"
#include "toolkit/screen.h"

namespace yiwang::kiosk {

using nlohmann::json;

namespace {
constexpr int kVolumeStep = 10;
}

void KioskFlow::voice_defaults() {
  model_.voice_on = settings_.voice_default;
  model_.volume = settings_.volume;
  if (ports_.set_volume) ports_.set_volume(model_.volume);
}

void KioskFlow::update_voice() {
  const SpokenLine line = spoken_line(model_, i18n_);
  if (line.text == model_.caption && line.language == caption_language_) return;
  model_.caption = line.text;
  caption_language_ = line.language;
  caption_started_ms_ = clock_.now_ms();
  model_.caption_ms = 0;
  dirty_ = true;
  if (line.text.empty()) {
    if (ports_.silence) ports_.silence();
    return;
  }
  // Only the line's key reaches the log: a case number said aloud is not written down.
  logger_.debug("voice", "line " + line.key);
  if (model_.voice_on) say_caption();
}

void KioskFlow::voice_started() {
  if (model_.voice_on) say_caption();
}

void KioskFlow::speak_now() {
  const std::string before = model_.caption;
  update_voice();  // says the line if it changed
  if (model_.caption == before && model_.voice_on) say_caption();
}

void KioskFlow::say_caption() {
  if (ports_.say && !model_.caption.empty()) ports_.say(model_.caption, caption_language_);
  // Said from the start: a long caption's pages too.
  caption_started_ms_ = clock_.now_ms();
  if (model_.caption_ms != 0) dirty_ = true;
  model_.caption_ms = 0;
}

namespace {
// Code points beyond which a caption may not fit its footer (two lines of elder mode's 40 px
// type hold about 40 Chinese characters): its clock runs.
constexpr std::size_t kLongCaption = 32;
bool long_caption(const std::string& text) {
  std::size_t points = 0;
  for (const char c : text) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return points > kLongCaption;
}
}  // namespace

void KioskFlow::caption_clock() {
  if (!long_caption(model_.caption)) return;
  const long long ms = (clock_.now_ms() - caption_started_ms_) / 1000 * 1000;
  if (ms == model_.caption_ms) return;
  model_.caption_ms = ms;
  dirty_ = true;
}

std::optional<long long> KioskFlow::caption_timer_ms() const {
  if (!long_caption(model_.caption)) return std::nullopt;
  return 1000 - (clock_.now_ms() - caption_started_ms_) % 1000;
}

void KioskFlow::act_voice_up(const std::string&) {
  model_.volume = std::min(100, model_.volume + kVolumeStep);
  model_.voice_on = true;
  if (ports_.set_volume) ports_.set_volume(model_.volume);
  say_caption();  // heard at the new volume
  dirty_ = true;
}

void KioskFlow::act_voice_down(const std::string&) {
  model_.volume = std::max(0, model_.volume - kVolumeStep);
  if (ports_.set_volume) ports_.set_volume(model_.volume);
  if (model_.voice_on) say_caption();
  dirty_ = true;
}

void KioskFlow::act_voice_repeat(const std::string&) {
  model_.voice_on = true;  // a resident who asks to hear it wants the voice
  if (model_.volume == 0) {
    model_.volume = kVolumeStep;
    if (ports_.set_volume) ports_.set_volume(model_.volume);
  }
  speak_now();
  dirty_ = true;
}

namespace {
// The reasons of the contract (POST /v1/help-requests), as the chooser offers them.
bool help_reason(const std::string& reason) {
  return reason == "cannot_read" || reason == "cannot_type" || reason == "need_explanation" ||
         reason == "other";
}
}  // namespace

void KioskFlow::act_help(const std::string&) {
  model_.help = {};
  model_.help.hours_from = settings_.hours_from;
  model_.help.hours_to = settings_.hours_to;
  dirty_ = true;
  // Never queued: staff who come an hour later find nobody. Offline, the hotline at once: there
  // is nobody to tell the reason to.
  if (!model_.link_up || !ports_.request_help) {
    model_.help.stage = "offline";
    logger_.info("help", "help asked for offline: hotline shown");
    speak_now();
    return;
  }
  // Online: what the resident needs help with, chosen above the screen (modal).
  model_.help.stage = "choosing";
  last_touch_ms_ = clock_.now_ms();  // asking is a touch: the idle time runs from here
  ++epoch_;                          // a tap aimed at the screen beneath does not land on a reason
  logger_.info("help", std::string("help asked for on ") + ui::screen_name(model_.screen));
}

void KioskFlow::act_help_cancel(const std::string&) {
  model_.help = {};
  ++epoch_;
  dirty_ = true;
  logger_.info("help", "help not wanted after all");
}

void KioskFlow::act_help_reason(const std::string& reason) {
  if (!help_reason(reason)) {
    logger_.debug("help", "unknown reason dropped");
    return;
  }
  ++epoch_;  // the reasons go: the screen beneath with the answer above it
  dirty_ = true;
  // The link may have gone while the resident was choosing: the hotline, no request.
  if (!model_.link_up || !ports_.request_help) {
    model_.help.stage = "offline";
    logger_.info("help", "help reason chosen offline: hotline shown");
    return;
  }
  model_.help.stage = "sending";
  model_.help.reason = reason;
  const std::string item = session_.item_code.empty() ? model_.item.code : session_.item_code;
  const bool on_item =
      model_.screen == ui::ScreenId::guide || model_.screen == ui::ScreenId::form ||
      model_.screen == ui::ScreenId::review || model_.screen == ui::ScreenId::certificates;
  json body = {{"item_code", on_item && !item.empty() ? json(item) : json(nullptr)},
               {"reason", reason},
               {"at", rfc3339_cst(clock_.unix_ms())}};
  logger_.info("help", "help requested (" + reason + ") on " + ui::screen_name(model_.screen));
  ports_.request_help(++help_ticket_, std::move(body));
}

void KioskFlow::on_help_answer(const PlatformAnswer& answer) {
  if (answer.ticket != help_ticket_ || model_.help.stage != "sending") return;
  dirty_ = true;
  if (!answer.ok) {
    logger_.info("help",
                 "help request not delivered (" + answer.error.summary() + "): hotline shown");
    model_.help.stage = "offline";
    return;
  }
  model_.help.stage = "sent";
  const auto eta = answer.body.is_object() ? answer.body.value("eta_minutes", json()) : json();
  model_.help.eta_minutes = eta.is_number_integer() ? std::clamp(eta.get<int>(), 0, 24 * 60) : -1;
  const auto id = answer.body.is_object() ? answer.body.value("request_id", json()) : json();
  logger_.info("help",
               "help request " + (id.is_string() ? id.get<std::string>() : "") + " delivered");
}

}  // namespace yiwang::kiosk
