// The text keyboard of a form field: pinyin through the PinyinInput, handwriting through the
// HandwritingInput (quick after each stroke, thorough once the pen rests), letters and digits.
// What is typed goes into the focused field; nothing of it reaches the log.
#include <algorithm>
#include <charconv>

#include "flow/form_rules.h"
#include "flow/kiosk_flow.h"
#include "flow/signature.h"

namespace yiwang::kiosk {

namespace {

constexpr long long kPenRestMs = 500;           // no new stroke for this long: recognise thoroughly
constexpr std::size_t kMaxStrokes = 64;         // the pad takes no more (one character has < 40)
constexpr std::size_t kMaxPoints = 2048;        // in one stroke
constexpr std::size_t kMaxTextBytes = 400;      // a field without its own limit
constexpr std::size_t kMaxPendingLetters = 32;  // typed while librime loads
constexpr std::size_t kHandCandidates = std::size_t{3} * ui::KeyboardView::kCandidatesPerPage;

bool is_mode(const std::string& mode) {
  return mode == "pinyin" || mode == "hand" || mode == "abc" || mode == "123";
}

// "x,y x,y ..." into points clamped to the writing pad; empty when malformed or too long.
ui::PenStroke parse_stroke(const std::string& text) {
  return parse_pen_stroke(text, ui::KeyboardView::kPadWidth, ui::KeyboardView::kPadHeight,
                          kMaxPoints);
}

// Removes the last UTF-8 character.
void pop_character(std::string& text) {
  while (!text.empty()) {
    const auto byte = static_cast<unsigned char>(text.back());
    text.pop_back();
    if ((byte & 0xC0) != 0x80) return;
  }
}

}  // namespace

bool KioskFlow::locked(const FieldDefinition& field) const {
  // What the card (or the platform's e-ID answer) said about the person is not retyped.
  if (field.autofill != "card.name" && field.autofill != "card.id_number") return false;
  auto it = session_.form_values.find(field.key);
  return session_.active() && it != session_.form_values.end() && !it->second.empty();
}

const FieldDefinition* KioskFlow::typed_field() const {
  if (model_.screen != ui::ScreenId::form) return nullptr;
  const FieldDefinition* field = focused_definition();
  if (!field) return nullptr;
  const bool text = field->type == "text" || field->type == "address" || field->type == "id_number";
  return text && !locked(*field) ? field : nullptr;
}

void KioskFlow::keyboard_for_focus() {
  forget_typing(false);
  model_.keyboard = ui::KeyboardView{};
  const FieldDefinition* field = focused_definition();
  if (!field || locked(*field)) return;
  if (field->type == "text" || field->type == "address") model_.keyboard.mode = "pinyin";
  // A resident or HMT number is digits (and X); a foreign card's begins with letters: ABC.
  if (field->type == "id_number")
    model_.keyboard.mode =
        session_.card_type() == drivers::CardType::foreignPermanent2017 ? "abc" : "123";
  if (model_.keyboard.mode == "pinyin") want_pinyin();
  dirty_ = true;
}

void KioskFlow::want_pinyin() {
  if (ports_.load_pinyin) ports_.load_pinyin();  // the first time: librime starts loading now
  model_.keyboard.engine_ready = ports_.pinyin && ports_.pinyin->ready();
}

void KioskFlow::forget_typing(bool resident_left) {
  // The engines stay loaded when the resident leaves: what they hold of the resident (librime's
  // composition and this session's learnt choices) is wiped here; their dictionaries and model
  // are the same for everyone and mostly clean file-backed pages the kernel can take back;
  // librime's setup is process-wide (RimePinyin is one per process); and loading them again
  // would make every next resident who types wait for it.
  if (ports_.pinyin) {
    if (resident_left) {
      ports_.pinyin->forget_everything();
    } else {
      ports_.pinyin->cancel();
    }
  }
  for (auto& stroke : typing_.ink) std::fill(stroke.begin(), stroke.end(), ui::PenPoint{});
  for (auto& candidate : typing_.hand_candidates) drivers::secure_wipe(candidate);
  drivers::secure_wipe(typing_.pending_letters);
  typing_ = Typing{};
  for (auto& candidate : model_.keyboard.candidates) drivers::secure_wipe(candidate);
  drivers::secure_wipe(model_.keyboard.preedit);
  for (auto& stroke : model_.keyboard.ink) std::fill(stroke.begin(), stroke.end(), ui::PenPoint{});
  const std::string mode = model_.keyboard.mode;
  model_.keyboard = ui::KeyboardView{};
  if (!resident_left) model_.keyboard.mode = mode;
  dirty_ = true;
}

void KioskFlow::show_composition(const ui::Composition& composition) {
  ui::KeyboardView& keyboard = model_.keyboard;
  keyboard.engine_ready = true;
  keyboard.preedit = composition.preedit;
  keyboard.candidates = composition.candidates;
  if (keyboard.candidates.size() > static_cast<std::size_t>(ui::KeyboardView::kCandidatesPerPage))
    keyboard.candidates.resize(ui::KeyboardView::kCandidatesPerPage);
  keyboard.has_previous_page = composition.has_previous_page;
  keyboard.has_next_page = composition.has_next_page;
  keyboard.ink.clear();
  dirty_ = true;
}

void KioskFlow::show_handwriting() {
  ui::KeyboardView& keyboard = model_.keyboard;
  constexpr int kPage = ui::KeyboardView::kCandidatesPerPage;
  const int count = static_cast<int>(typing_.hand_candidates.size());
  const int pages = std::max(1, (count + kPage - 1) / kPage);
  typing_.hand_page = std::clamp(typing_.hand_page, 0, pages - 1);
  const auto first =
      typing_.hand_candidates.begin() + static_cast<std::ptrdiff_t>(typing_.hand_page) * kPage;
  keyboard.candidates.assign(first, first + std::min(kPage, count - typing_.hand_page * kPage));
  keyboard.has_previous_page = typing_.hand_page > 0;
  keyboard.has_next_page = typing_.hand_page + 1 < pages;
  keyboard.preedit.clear();
  keyboard.ink = typing_.ink;
  keyboard.engine_ready = ports_.handwriting && ports_.handwriting->ready();
  dirty_ = true;
}

void KioskFlow::insert_text(const std::string& text) {
  const FieldDefinition* field = typed_field();
  if (!field || text.empty()) return;
  std::string& value = session_.form_values[field->key];
  const std::size_t limit = field->max_len > 0 ? static_cast<std::size_t>(field->max_len) : 0;
  if (value.size() + text.size() > kMaxTextBytes ||
      (limit > 0 && utf8_length(value) + utf8_length(text) > limit)) {
    notice("notice.field_full", true);
    return;
  }
  value += text;
  rebuild_fields(field->key);
}

void KioskFlow::act_ime_key(const std::string& key) {
  const FieldDefinition* field = typed_field();
  if (!field) return;
  const std::string& mode = model_.keyboard.mode;
  if (mode == "pinyin") compose_pending();
  // Letters typed before librime was ready are the keyboard's own until it is.
  const bool pending = mode == "pinyin" && !typing_.pending_letters.empty();
  const bool composing = mode == "pinyin" && !pending && !model_.keyboard.preedit.empty();
  const bool letter = key.size() == 1 && key[0] >= 'a' && key[0] <= 'z';
  const bool digit = key.size() == 1 && key[0] >= '0' && key[0] <= '9';
  std::string& value = session_.form_values[field->key];
  // An address's division is chosen on the cascade: delete and clear touch the street only.
  const std::size_t kept = field->type == "address" ? address_prefix(field->key) : 0;
  if (key == "del" && pending) {
    typing_.pending_letters.back() = '\0';  // typed text: not left behind in the buffer
    typing_.pending_letters.pop_back();
    return show_pending();
  }
  if (key == "del") {
    if (composing) return show_composition(ports_.pinyin->backspace());
    if (value.size() > kept) pop_character(value);
    return rebuild_fields(field->key);
  }
  if (key == "clear") {
    if (pending) {
      drivers::secure_wipe(typing_.pending_letters);
      show_pending();
    }
    if (composing) {
      ports_.pinyin->cancel();
      show_composition({});
    }
    const std::string division = value.substr(0, kept);
    drivers::secure_wipe(value);
    value = division;
    return rebuild_fields(field->key);
  }
  if (key == "space") {
    // Space takes the first candidate while composing, as on a phone; there is none yet while
    // librime loads.
    if (pending) return;
    if (composing) return act_ime_candidate("0");
    return insert_text(" ");
  }
  if (mode == "pinyin") {
    if (!(letter || key == "'") || !ports_.pinyin) return;
    if (!ports_.pinyin->ready()) {
      // Still loading: kept (and shown) until librime can compose them, a syllable's worth or
      // so at most.
      if (typing_.pending_letters.size() < kMaxPendingLetters) typing_.pending_letters += key;
      if (ports_.load_pinyin) ports_.load_pinyin();
      return show_pending();
    }
    return show_composition(ports_.pinyin->type(key[0]));
  }
  if (mode == "abc" && (letter || key == "-")) {
    // Names on cards and passports are in capitals.
    return insert_text(letter ? std::string(1, static_cast<char>(key[0] - 'a' + 'A')) : key);
  }
  if (mode == "123" && (digit || key == "-" || key == "/" || key == "#")) return insert_text(key);
}

void KioskFlow::act_ime_mode(const std::string& mode) {
  if (!is_mode(mode) || !typed_field()) return;
  forget_typing(false);
  model_.keyboard.mode = mode;
  if (mode == "pinyin") want_pinyin();
  if (mode == "hand") {
    if (ports_.load_handwriting) ports_.load_handwriting();  // the first time: zinnia opens it
    show_handwriting();
  }
  dirty_ = true;
}

void KioskFlow::act_ime_candidate(const std::string& arg) {
  if (!typed_field()) return;
  std::size_t index = 0;
  const auto [end, error] = std::from_chars(arg.data(), arg.data() + arg.size(), index);
  if (error != std::errc() || end != arg.data() + arg.size() ||
      index >= model_.keyboard.candidates.size())
    return;
  if (model_.keyboard.mode == "pinyin" && ports_.pinyin) {
    ui::Composition remaining;
    const std::string text = ports_.pinyin->choose(index, remaining);
    show_composition(remaining);
    return insert_text(text);
  }
  if (model_.keyboard.mode == "hand") {
    const std::string text = model_.keyboard.candidates[index];
    for (auto& stroke : typing_.ink) std::fill(stroke.begin(), stroke.end(), ui::PenPoint{});
    typing_.ink.clear();
    typing_.hand_candidates.clear();
    typing_.hand_page = 0;
    typing_.ink_rest_due_ms = 0;
    show_handwriting();
    insert_text(text);
  }
}

void KioskFlow::act_ime_page(const std::string& direction) {
  if (!typed_field() || (direction != "+" && direction != "-")) return;
  const int step = direction == "+" ? 1 : -1;
  if (model_.keyboard.mode == "pinyin" && ports_.pinyin && !model_.keyboard.preedit.empty()) {
    if (!typing_.pending_letters.empty()) return;  // no pages before librime has loaded
    return show_composition(ports_.pinyin->turn_page(step));
  }
  if (model_.keyboard.mode == "hand") {
    typing_.hand_page += step;
    show_handwriting();
  }
}

void KioskFlow::act_ime_stroke(const std::string& points) {
  if (!typed_field() || model_.keyboard.mode != "hand") return;
  if (points.size() > kMaxPoints * 12 || typing_.ink.size() >= kMaxStrokes) return;
  ui::PenStroke stroke = parse_stroke(points);
  if (stroke.empty()) {
    logger_.debug("flow", "a stroke that was no list of points: dropped");
    return;
  }
  typing_.ink.push_back(std::move(stroke));
  recognise_ink(false);
  typing_.ink_rest_due_ms = clock_.now_ms() + kPenRestMs;
}

void KioskFlow::act_ime_pad_clear(const std::string&) {
  if (!typed_field() || model_.keyboard.mode != "hand") return;
  forget_typing(false);
  show_handwriting();
}

void KioskFlow::act_ime_close(const std::string&) {
  // Pinyin not yet chosen is not part of the answer; the field keeps what was typed. The form
  // shows that field's page again, with the fields after it.
  model_.form_page_field = session_.focused_field;
  session_.focused_field.clear();
  rebuild_fields();
  keyboard_for_focus();
}

void KioskFlow::recognise_ink(bool thorough) {
  typing_.hand_candidates.clear();
  typing_.hand_page = 0;
  if (ports_.handwriting && ports_.handwriting->ready() && !typing_.ink.empty()) {
    typing_.hand_candidates = ports_.handwriting->recognise(
        typing_.ink, ui::KeyboardView::kPadWidth, ui::KeyboardView::kPadHeight, kHandCandidates,
        thorough ? ui::HandwritingInput::Effort::thorough : ui::HandwritingInput::Effort::quick);
  }
  show_handwriting();
}

void KioskFlow::keyboard_tick(long long now) {
  if (model_.screen != ui::ScreenId::form) return;
  if (typing_.ink_rest_due_ms != 0 && now >= typing_.ink_rest_due_ms) {
    typing_.ink_rest_due_ms = 0;
    if (model_.keyboard.mode == "hand") recognise_ink(true);
  }
  // librime loads on its own thread: the keyboard says so until it is ready, then composes what
  // was typed meanwhile.
  if (model_.keyboard.mode == "pinyin" && !model_.keyboard.engine_ready && ports_.pinyin &&
      ports_.pinyin->ready()) {
    model_.keyboard.engine_ready = true;
    dirty_ = true;
    compose_pending();
  }
  // zinnia too: strokes written while it opened are recognised once it is open (thoroughly if
  // the pen has rested meanwhile).
  if (model_.keyboard.mode == "hand" && !model_.keyboard.engine_ready && ports_.handwriting &&
      ports_.handwriting->ready())
    recognise_ink(typing_.ink_rest_due_ms == 0);
}

void KioskFlow::compose_pending() {
  if (typing_.pending_letters.empty() || !ports_.pinyin || !ports_.pinyin->ready()) return;
  ui::Composition composed;
  for (char letter : typing_.pending_letters) composed = ports_.pinyin->type(letter);
  drivers::secure_wipe(typing_.pending_letters);
  show_composition(composed);
}

void KioskFlow::show_pending() {
  ui::KeyboardView& keyboard = model_.keyboard;
  keyboard.engine_ready = false;  // the candidate bar says librime is loading
  keyboard.preedit = typing_.pending_letters;
  keyboard.candidates.clear();
  keyboard.has_previous_page = false;
  keyboard.has_next_page = false;
  dirty_ = true;
}

}  // namespace yiwang::kiosk
