// The footer: the technician's full status line on technician screens, and on resident screens
// only what concerns a resident (a device they cannot use, and what to do instead).
#include "screens/chrome.h"

namespace yiwang::ui {

namespace {

// States in which a device still serves residents ("paper_low" prints; a reader working
// through communication errors still reads; "starting" and "busy" pass).
bool serves_residents(const std::string& state) {
  return state == "online" || state == "starting" || state == "deviceBusy" ||
         state == "paper_low" || state == "communication_errors";
}

// The state of a device, or "" when the kiosk has no such device.
std::string state_of(const ViewModel& model, const std::string& name) {
  const auto found = model.devices.find(name);
  return found == model.devices.end() ? "" : found->second;
}

bool down(const ViewModel& model, const std::string& name) {
  const std::string state = state_of(model, name);
  return !state.empty() && !serves_residents(state);
}

std::string technician_line(const Ui& ui) {
  const ViewModel& model = ui.model;
  std::string line = ui.t("status.link." + model.link);
  // A reason the table does not know (a new platform code) is left out, not shown as a key.
  // (nor when it only says the state again, as "terminal disabled" does)
  if (!model.link_reason.empty() && ui.t(model.link_reason) != model.link_reason &&
      ui.t(model.link_reason) != line) {
    line += ": " + ui.t(model.link_reason);
  }
  if (!model.link_since.empty()) line += " (" + ui.t("status.since") + " " + model.link_since + ")";
  line += " · " + ui.t("status.pending") + " " + std::to_string(model.pending);
  if (!model.oldest_pending.empty()) {
    line += " (" + ui.t("status.oldest") + " " + model.oldest_pending +
            (model.queue_stale ? " " + ui.t("status.queue_stale") : "") + ")";
  }
  if (!model.queue_fault.empty()) line += " · " + ui.t(model.queue_fault);
  line += " · " + ui.t("status.dead") + " " + std::to_string(model.dead);
  for (const auto& [name, state] : model.devices) {
    line += " · " + ui.t("device." + name) + " " + ui.t("state." + state);
  }
  return line;
}

}  // namespace

bool full_status_line(ScreenId screen) {
  return screen == ScreenId::maintenance || screen == ScreenId::diagnostics ||
         screen == ScreenId::provisioning;
}

std::vector<std::string> resident_notes(const ViewModel& model) {
  std::vector<std::string> keys;
  // An unenrolled kiosk serves nobody: whoever stands there is told what it needs.
  if (model.link_reason == "status.reason.not_enrolled") keys.push_back(model.link_reason);
  // Receipts: the number is always on the screen, whatever the printer does. (The receipt
  // screen itself says what happened to this resident's receipt.)
  const std::string receipt = model.screen == ScreenId::receipt ? "" : state_of(model, "receipt");
  if (receipt == "paper_out") {
    keys.emplace_back("resident.receipt_paper_out");
  } else if (!receipt.empty() && down(model, "receipt")) {
    keys.emplace_back("resident.receipt_unavailable");
  }
  // Identification: a card, or else an e-ID code through a scanner that works.
  const bool scanning = (!state_of(model, "scanner").empty() && !down(model, "scanner")) ||
                        (!state_of(model, "camera").empty() && !down(model, "camera"));
  if (down(model, "idcard"))
    keys.emplace_back(scanning ? "resident.reader_use_eid" : "resident.reader_unavailable");
  if (down(model, "certificate") &&
      (model.screen == ScreenId::guide || model.screen == ScreenId::certificates))
    keys.emplace_back("resident.certificate_unavailable");
  return keys;
}

void footer(const Ui& ui) {
  using namespace theme;
  const int footer_y = kHeight - kFooterHeight;
  const Rect text{kMargin, footer_y + 14, kWidth - 2 * kMargin, 40};
  if (full_status_line(ui.model.screen)) {
    ui.frame.panel({0, footer_y, kWidth, kFooterHeight}, {232, 235, 240});
    const ViewModel& model = ui.model;
    ui.frame.label(
        text, technician_line(ui), kSmallPx,
        model.link == "up" && model.queue_fault.empty() && !model.queue_stale ? kMuted : kError);
    ui.frame.last().id = "status_line";  // the technician's: exempt from elder sizes
    return;
  }
  if (technician_screen(ui.model.screen)) {  // the PIN pad: the devices' notes, no voice bar
    const auto notes = resident_notes(ui.model);
    std::string line;
    for (const auto& key : notes) line += (line.empty() ? "" : "  ") + ui.t(key);
    ui.frame.panel({0, footer_y, kWidth, kFooterHeight},
                   notes.empty() ? Color{232, 235, 240} : kWarningBackground);
    if (!notes.empty()) ui.frame.label(text, line, ui.sz.small, kText);
    return;
  }
  // Residents: the link-down banner is drawn under the header; here the voice bar (caption,
  // volume, repeat, help) and, before the caption, a device they cannot use.
  const int resident_y = kHeight - ui.sz.footer;
  const auto keys = resident_notes(ui.model);
  ui.frame.panel({0, resident_y, kWidth, ui.sz.footer},
                 keys.empty() ? Color{232, 235, 240} : kWarningBackground);
  voice_bar(ui, resident_y);
  if (keys.empty()) return;
  std::string line;
  for (const auto& key : keys) line += (line.empty() ? "" : "  ") + ui.t(key);
  Widget& caption = ui.frame.last();
  caption.text = caption.text.empty() ? line : line + "\n" + caption.text;
}

}  // namespace yiwang::ui
