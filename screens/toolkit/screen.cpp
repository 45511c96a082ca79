// ScreenStack: deferred replacement of the screen and the overlay.
#include "toolkit/screen.h"

#include "toolkit/focus.h"

namespace yiwang::ui {

bool ScreenStack::apply_pending() {
  bool changed = false;
  if (pending_screen_) {
    screen_ = std::move(pending_screen_);
    changed = true;
  }
  if (overlay_change_) {
    overlay_ = std::move(pending_overlay_);
    overlay_change_ = false;
    changed = true;
  }
  return changed;
}

OverlayId overlay_of(const ViewModel& model) {
  if (model.idle_warning) return OverlayId::idle_warning;
  if (model.help.stage == "choosing") return OverlayId::help_choice;
  return OverlayId::none;
}

std::optional<ScreenId> ScreenStack::current() const {
  if (!screen_) return std::nullopt;
  return screen_->id();
}

void ScreenStack::build(const ViewModel& model, const Translator& translator, Frame& frame) const {
  frame.clear();
  frame.set_body_px(model.elder_mode ? theme::kElderBodyPx : theme::kBodyPx);
  frame.set_least_px(model.elder_mode ? theme::kElderSmallPx : theme::kLeastPx);
  // A modal overlay covers the screen beneath: that screen is not drawn at all (cheap, and what
  // a resident typed is not left showing behind a warning about their absence).
  if (overlay_) {
    overlay_->build(model, translator, frame);
  } else if (screen_) {
    screen_->build(model, translator, frame);
  }
  if (model.elder_mode) elder_palette(frame);
  // Speech mode: the focus ring for sighted helpers, or the screen blanked for privacy.
  speech_decorations(model, translator, frame);
}

void elder_palette(Frame& frame) {
  for (Widget& w : frame.edit()) {
    w.foreground = theme::elder_color(w.foreground);
    w.background = theme::elder_color(w.background);
    w.border = theme::elder_color(w.border);
    // A choice is marked in words too, not by its colour alone.
    if (w.selected && w.text.rfind("√", 0) != 0 && w.text.rfind("□", 0) != 0)
      w.text = "√ " + w.text;
  }
}

bool technician_screen(ScreenId id) {
  return id == ScreenId::maintenance_pin || id == ScreenId::maintenance ||
         id == ScreenId::diagnostics || id == ScreenId::provisioning ||
         id == ScreenId::display_setup;
}

const char* screen_name(ScreenId id) {
  switch (id) {
    case ScreenId::attract:
      return "attract";
    case ScreenId::identify:
      return "identify";
    case ScreenId::catalog:
      return "catalog";
    case ScreenId::guide:
      return "guide";
    case ScreenId::form:
      return "form";
    case ScreenId::review:
      return "review";
    case ScreenId::submitting:
      return "submitting";
    case ScreenId::receipt:
      return "receipt";
    case ScreenId::evaluate:
      return "evaluate";
    case ScreenId::goodbye:
      return "goodbye";
    case ScreenId::certificates:
      return "certificates";
    case ScreenId::out_of_service:
      return "out_of_service";
    case ScreenId::maintenance_pin:
      return "maintenance_pin";
    case ScreenId::maintenance:
      return "maintenance";
    case ScreenId::diagnostics:
      return "diagnostics";
    case ScreenId::provisioning:
      return "provisioning";
    case ScreenId::display_setup:
      return "display";
    case ScreenId::payment:
      return "payment";
    case ScreenId::progress:
      return "progress";
    case ScreenId::sign:
      return "sign";
  }
  return "unknown";
}

}  // namespace yiwang::ui
