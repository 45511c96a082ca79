// Speech mode by keys alone: on every resident screen (the rich models and every golden case:
// the form, the IME's candidate bar, payment, the receipt, the idle warning, the reasons for
// help), the keypad's arrows reach every actionable widget, and each has a spoken label in
// Chinese and in English.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "flow/voice_lines.h"
#include "golden/screen_fixtures.h"
#include "screens/screens.h"
#include "services/i18n.h"
#include "support/screen_models.h"
#include "toolkit/focus.h"

using namespace yiwang;
using ui::ScreenId;

namespace {

struct Walked {
  int frames = 0;
  int widgets = 0;
};

// Presses "down" from nothing focused until the focus comes back to where it began, as a
// resident going round the screen would; every actionable widget (found from the frame's own
// widgets, not from the focus order) must be reached and say something in both languages.
void walk(const ui::ViewModel& shown, const kiosk::I18n& i18n, const std::string& name,
          Walked& walked) {
  for (const bool elder : {false, true}) {
    for (const bool headphones : {false, true}) {
      ui::ViewModel model = shown;
      model.elder_mode = model.elder_mode || elder;
      model.speech.on = true;
      model.speech.headphones = headphones;
      CAPTURE(name);
      CAPTURE(model.elder_mode);
      CAPTURE(headphones);
      ui::Frame frame;
      ui::build_current(model, i18n, frame);
      std::set<std::string> actionable;
      for (const ui::Widget& w : frame.widgets()) {
        if ((w.kind == ui::Widget::Kind::button || w.kind == ui::Widget::Kind::pad) && w.enabled &&
            !w.id.empty())
          actionable.insert(w.id);
      }
      const auto order = ui::focus_order(frame);
      std::set<std::string> reached;
      std::string id;
      int index = -1;
      int first = -1;
      for (std::size_t press = 0; press <= frame.widgets().size(); ++press) {
        index = ui::next_focus(order, id, index, +1);
        if (index < 0 || index == first) break;
        if (first < 0) first = index;
        const ui::Widget& widget = *order[static_cast<std::size_t>(index)];
        id = widget.id;
        reached.insert(id);
        for (const ui::Language language : {ui::Language::zh, ui::Language::en}) {
          model.language = language;
          const std::string label = kiosk::focus_label(widget, model, i18n);
          CAPTURE(widget.id);
          CAPTURE(language == ui::Language::en);
          CHECK_MESSAGE(!label.empty(), "no spoken label");
          CHECK_MESSAGE(label.find("speech.") == std::string::npos, "untranslated: " << label);
          // On the loudspeaker, no field's value (the name first of all) and no candidate.
          if (!headphones) {
            // (A select's value is one of its options, words the screen offers to everyone.)
            for (const auto& field : model.fields) {
              if (field.display_value.size() > 1 && field.type != "select")
                CHECK_MESSAGE(label.find(field.display_value) == std::string::npos, label);
            }
          }
        }
        ++walked.widgets;
      }
      for (const auto& a : actionable) CHECK_MESSAGE(reached.count(a), "not reachable: " << a);
      // Up goes round the same widgets the other way.
      if (!order.empty()) {
        CHECK(ui::next_focus(order, "", -1, -1) == static_cast<int>(order.size()) - 1);
        CHECK(ui::next_focus(order, order.front()->id, 0, -1) ==
              static_cast<int>(order.size()) - 1);
      }
      ++walked.frames;
    }
  }
}

}  // namespace

TEST_CASE("every resident screen by keys alone: each actionable widget reached and labelled") {
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  Walked walked;
  for (ui::ViewModel model : test::rich_models()) {
    for (const ScreenId screen : test::kScreens) {
      if (ui::technician_screen(screen)) continue;  // the technician's, not the keypad's
      model.screen = screen;
      walk(model, i18n, ui::screen_name(screen), walked);
    }
    model.screen = ScreenId::form;
    model.idle_warning = true;
    walk(model, i18n, "idle warning", walked);
    // The reasons for help (帮办), above the screen help was asked on.
    model.idle_warning = false;
    model.help.stage = "choosing";
    walk(model, i18n, "reasons for help", walked);
    ui::Frame reasons;
    ui::build_current(model, i18n, reasons);
    // Four reasons, cancel and the voice bar's quieter, louder and repeat; nothing beneath.
    CHECK(ui::focus_order(reasons).size() == 8);
  }
  std::set<std::string> cases;
  for (const auto& c : golden::screen_cases()) {
    ui::ViewModel model = golden::base_model();
    c.adjust(model);
    if (ui::technician_screen(model.screen)) continue;
    cases.insert(ui::screen_name(model.screen));
    walk(model, i18n, c.name, walked);
  }
  // The screens the issue names are among those walked.
  for (const char* screen : {"form", "payment", "receipt", "certificates", "sign", "review"})
    CHECK_MESSAGE(cases.count(screen), screen);
  MESSAGE(walked.frames << " frames walked, " << walked.widgets << " widgets focused");
  CHECK(walked.widgets > 1000);
}

TEST_CASE("the focus ring is drawn around the focused widget; a blanked screen shows nothing") {
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  ui::ViewModel model = golden::base_model();
  model.screen = ScreenId::attract;
  model.speech.on = true;
  ui::Frame plain;
  ui::build_current(model, i18n, plain);
  const auto order = ui::focus_order(plain);
  REQUIRE_FALSE(order.empty());
  model.speech.focus = order.front()->id;
  model.speech.focus_index = 0;
  ui::ScreenStack stack;
  stack.request_screen(ui::make_screen(ScreenId::attract));
  stack.apply_pending();
  ui::Frame ringed;
  stack.build(model, i18n, ringed);
  // Four amber bars (and four black lines) more than the plain frame, around the widget.
  REQUIRE(ringed.widgets().size() == plain.widgets().size() + 8);
  const ui::Widget& top = ringed.widgets()[plain.widgets().size()];
  CHECK(ui::theme::same(top.background, ui::theme::kFocusRing));
  CHECK(top.rect.y == order.front()->rect.y - ui::theme::kFocusRingPx);
  // A focus whose id is not on the screen draws no ring.
  model.speech.focus = "nothing-here";
  stack.build(model, i18n, ringed);
  CHECK(ringed.widgets().size() == plain.widgets().size());
  model.speech.blanked = true;
  ui::Frame blank;
  stack.build(model, i18n, blank);
  REQUIRE(blank.widgets().size() == 2);  // black, and the words why
  CHECK(blank.hit(960, 540) == nullptr);
  CHECK(blank.widgets()[1].text.find("隐私") != std::string::npos);
}
