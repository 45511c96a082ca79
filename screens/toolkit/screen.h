// A screen turns the view model into widgets; the stack owns screens and changes them between
// frames.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "toolkit/translator.h"
#include "toolkit/view_model.h"
#include "toolkit/widget.h"

namespace yiwang::ui {

class Screen {
 public:
  virtual ~Screen() = default;
  virtual ScreenId id() const = 0;
  virtual void build(const ViewModel& model, const Translator& translator, Frame& frame) const = 0;
};

// The modal layers above a screen: the idle warning, and the reasons for help (帮办) to choose
// from. The idle warning comes first: it covers the reasons too.
enum class OverlayId { none, idle_warning, help_choice };
OverlayId overlay_of(const ViewModel& model);

// A modal layer above the current screen.
class Overlay {
 public:
  virtual ~Overlay() = default;
  virtual OverlayId id() const = 0;
  virtual void build(const ViewModel& model, const Translator& translator, Frame& frame) const = 0;
};

class ScreenStack {
 public:
  // Requests take effect in apply_pending(), at the end of a frame, so no screen is destroyed
  // while its own code is running.
  void request_screen(std::unique_ptr<Screen> screen) { pending_screen_ = std::move(screen); }
  void request_overlay(std::unique_ptr<Overlay> overlay) {
    pending_overlay_ = std::move(overlay);
    overlay_change_ = true;
  }
  void request_no_overlay() {
    pending_overlay_.reset();
    overlay_change_ = true;
  }
  // True when anything changed.
  bool apply_pending();

  std::optional<ScreenId> current() const;
  bool has_overlay() const { return overlay_ != nullptr; }
  OverlayId overlay() const { return overlay_ ? overlay_->id() : OverlayId::none; }
  void build(const ViewModel& model, const Translator& translator, Frame& frame) const;

 private:
  std::unique_ptr<Screen> screen_;
  std::unique_ptr<Screen> pending_screen_;
  std::unique_ptr<Overlay> overlay_;
  std::unique_ptr<Overlay> pending_overlay_;
  bool overlay_change_ = false;
};

std::unique_ptr<Screen> make_screen(ScreenId id);
// Elder mode's darker colours and choices marked with "√" (ScreenStack::build applies it).
void elder_palette(Frame& frame);
std::unique_ptr<Overlay> make_idle_warning();
std::unique_ptr<Overlay> make_help_choice();
// The overlay of that id; null for none.
std::unique_ptr<Overlay> make_overlay(OverlayId id);

// Translation-key name of a screen, used in logs and screenshots ("attract", "form", ...).
const char* screen_name(ScreenId id);
// The technician's screens: no elder mode, no resident help; the PIN pad, maintenance, diagnostics.
bool technician_screen(ScreenId id);

}  // namespace yiwang::ui
