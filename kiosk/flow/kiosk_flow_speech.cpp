// Speech mode with the tactile keypad (the ATM way): headphones or the audio key start it, the
// arrows move the focus through the current frame's actionable widgets in reading order (each
// said on focus), Enter acts through the flow's table, Help repeats the screen's instructions,
// the screen key blanks the screen for privacy.
#include "flow/kiosk_flow.h"
#include "flow/voice_lines.h"
#include "toolkit/focus.h"
#include "toolkit/screen.h"

namespace yiwang::kiosk {

void KioskFlow::on_keypad(const drivers::KeypadEvent& event) {
  using drivers::KeypadKey;
  // The technician's screens take no resident keys (the keypad is not their keyboard).
  const bool technician = ui::technician_screen(model_.screen);
  if (event.kind == drivers::KeypadEvent::Kind::headphones) {
    model_.speech.headphones = event.headphones;
    logger_.info("speech", event.headphones ? "headphones in" : "headphones out");
    if (technician) {
      speech_by_headphones_ = event.headphones;  // speech mode for the resident who comes next
    } else if (event.headphones) {
      speech_start(true);
    } else if (speech_by_headphones_) {
      speech_stop();  // the voice would go to the loudspeaker: a name must not follow it there
    }
    dirty_ = true;
    return;
  }
  if (technician) return;
  touched();  // a key is presence, like a touch
  const KeypadKey key = event.key;
  if (key == KeypadKey::volume_up || key == KeypadKey::volume_down) {
    speech_intent(key == KeypadKey::volume_up ? "voice.up" : "voice.down");
    return;
  }
  if (key == KeypadKey::audio) {
    if (model_.speech.on)
      speech_stop();
    else
      speech_start(false);
    return;
  }
  // Any other key of the keypad means a resident who uses it: speech mode first.
  if (!model_.speech.on) {
    speech_start(false);
    return;
  }
  switch (key) {
    case KeypadKey::up:
    case KeypadKey::left:
      speech_move(-1);
      break;
    case KeypadKey::down:
    case KeypadKey::right:
      speech_move(+1);
      break;
    case KeypadKey::enter:
      speech_enter();
      break;
    case KeypadKey::back:
      // Back, else home; above a screen, the reasons for help are closed.
      if (!speech_intent("back") && !speech_intent("help.cancel")) speech_intent("home");
      break;
    case KeypadKey::help:
      // The screen's line (its instructions), then how the keys work.
      model_.voice_on = true;
      speech_say(model_.caption + (model_.caption.empty() ? "" : " ") +
                 i18n_.text("speech.keys", model_.language));
      break;
    case KeypadKey::blank:
      model_.speech.blanked = !model_.speech.blanked;
      logger_.info("speech", model_.speech.blanked ? "screen blanked" : "screen shown");
      speech_say(
          i18n_.text(model_.speech.blanked ? "speech.blanked" : "speech.shown", model_.language));
      dirty_ = true;
      break;
    case KeypadKey::digit: {
      const std::string digit = std::to_string(event.digit);
      // The form's keypad, the text keyboard's 123 mode, the catalog's search keys.
      if (!speech_intent("key:" + digit) && !speech_intent("ime.key:" + digit))
        speech_intent("search.key:" + digit);
      break;
    }
    default:
      break;
  }
}

void KioskFlow::speech_start(bool by_headphones) {
  // Already on (the audio key): headphones plugged in later let the name be said, and pulling
  // them out does not end what the resident chose by key.
  if (model_.speech.on) return;
  model_.speech.on = true;
  model_.speech.focus.clear();
  model_.speech.focus_index = -1;
  model_.speech.blanked = false;
  speech_by_headphones_ = by_headphones;
  speech_screen_ = model_.screen;
  speech_overlay_ = ui::overlay_of(model_);
  model_.voice_on = true;
  if (model_.volume == 0) model_.volume = 10;
  if (ports_.set_volume) ports_.set_volume(model_.volume);
  logger_.info("speech", by_headphones ? "speech mode on (headphones)" : "speech mode on (key)");
  speech_say(i18n_.text("speech.on", model_.language) + " " + model_.caption);
  dirty_ = true;
}

void KioskFlow::speech_stop() {
  model_.speech.on = false;
  model_.speech.focus.clear();
  model_.speech.focus_index = -1;
  model_.speech.blanked = false;
  speech_by_headphones_ = false;
  logger_.info("speech", "speech mode off");
  speech_say(i18n_.text("speech.off", model_.language));
  dirty_ = true;
}

void KioskFlow::speech_move(int direction) {
  ui::Frame frame;
  ui::build_current(model_, i18n_, frame);
  const auto order = ui::focus_order(frame);
  const int next = ui::next_focus(order, model_.speech.focus, model_.speech.focus_index, direction);
  if (next < 0) return;
  const ui::Widget& widget = *order[static_cast<std::size_t>(next)];
  model_.speech.focus = widget.id;
  model_.speech.focus_index = next;
  dirty_ = true;
  const std::string label = focus_label(widget, model_, i18n_);
  if (widget.id == "sign.keyed") {
    // Its label is the whole commitment, then that Enter signs it: heard to its end before it
    // can be signed (on_voice_played), where the voice can tell.
    if (ports_.voice_reports_played && ports_.voice_reports_played()) {
      session_.commitment_line = label;
    } else {
      session_.commitment_heard = true;
      session_.commitment_heard_language = model_.language == ui::Language::en ? "en" : "zh";
      logger_.info("speech", "commitment handed to the voice whole (no report of its end)");
    }
  }
  // Never the widget's id in the log: a candidate or a field value could be in its text.
  speech_say(label);
}

void KioskFlow::on_voice_played(const VoicePlayed& played) {
  if (session_.commitment_line.empty() || played.text != session_.commitment_line) return;
  session_.commitment_heard = true;
  session_.commitment_heard_language = played.language == "en" ? "en" : "zh";
  session_.commitment_line.clear();
  logger_.info("speech", "commitment heard to its end");
}

void KioskFlow::speech_enter() {
  if (model_.speech.focus.empty()) {
    speech_say(i18n_.text("speech.choose_first", model_.language));
    return;
  }
  ui::Frame frame;
  ui::build_current(model_, i18n_, frame);
  const ui::Widget* widget = frame.find(model_.speech.focus);
  if (!widget) return;
  if (widget->kind == ui::Widget::Kind::pad) {
    speech_say(focus_label(*widget, model_, i18n_));  // a pad is drawn on, not pressed
    return;
  }
  const std::string id = model_.speech.focus;
  handle_intent(id);
}

bool KioskFlow::speech_intent(const std::string& id) {
  ui::Frame frame;
  ui::build_current(model_, i18n_, frame);
  const ui::Widget* widget = frame.find(id);
  if (!widget || !widget->enabled) return false;
  handle_intent(id);
  return true;
}

void KioskFlow::speech_turn() {
  if (!model_.speech.on) return;
  if (model_.screen != speech_screen_ || ui::overlay_of(model_) != speech_overlay_) {
    // A new screen (or a modal above it: the idle warning, the reasons for help): its line is
    // being said; the first arrow goes to its first widget.
    speech_screen_ = model_.screen;
    speech_overlay_ = ui::overlay_of(model_);
    model_.speech.focus.clear();
    model_.speech.focus_index = -1;
    dirty_ = true;
    return;
  }
  if (model_.speech.focus.empty()) return;
  ui::Frame frame;
  ui::build_current(model_, i18n_, frame);
  const auto order = ui::focus_order(frame);
  const int index = model_.speech.focus_index;
  if (index >= 0 && index < static_cast<int>(order.size()) &&
      order[static_cast<std::size_t>(index)]->id == model_.speech.focus)
    return;
  // Moved (a field's keyboard opened above it) or gone (a page of candidates): found by its id,
  // else nothing is focused and the next arrow starts again.
  model_.speech.focus_index = -1;
  for (int i = 0; i < static_cast<int>(order.size()) && model_.speech.focus_index < 0; ++i) {
    if (order[static_cast<std::size_t>(i)]->id == model_.speech.focus)
      model_.speech.focus_index = i;
  }
  if (model_.speech.focus_index < 0) model_.speech.focus.clear();
  dirty_ = true;
}

void KioskFlow::speech_say(const std::string& text) {
  if (!text.empty() && ports_.say) ports_.say(text, i18n_.code(model_.language));
}

}  // namespace yiwang::kiosk
