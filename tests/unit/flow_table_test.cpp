// The flow's table against the screens: every screen offers exactly the intents of its rows,
// every widget id parses as an intent, and the table names each (screen, intent) once.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <set>

#include "flow/intents.h"
#include "flow/kiosk_flow.h"
#include "screens/screens.h"
#include "services/i18n.h"
#include "support/screen_models.h"

using namespace yiwang;
using kiosk::Intent;
using ui::ScreenId;

using yiwang::test::kScreens;
using yiwang::test::rich_models;

TEST_CASE("every screen offers exactly the intents of its rows in the flow's table") {
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  for (const ScreenId screen : kScreens) {
    CAPTURE(ui::screen_name(screen));
    std::set<Intent> shown;
    for (ui::ViewModel model : rich_models()) {
      model.screen = screen;
      ui::Frame frame;
      ui::make_screen(screen)->build(model, i18n, frame);
      for (const auto& widget : frame.widgets()) {
        // A writing pad sends its id with a finished stroke after it; a pad only shown (the
        // signature, small, on review) sends nothing.
        if (widget.kind == ui::Widget::Kind::pad && !widget.enabled) continue;
        if (widget.kind == ui::Widget::Kind::pad) {
          const auto call = kiosk::parse_intent(widget.id + ":1,1 2,2");
          CHECK_MESSAGE(call.has_value(), widget.id);
          if (call) shown.insert(call->intent);
          continue;
        }
        if (widget.kind != ui::Widget::Kind::button) continue;
        const auto call = kiosk::parse_intent(widget.id);
        CHECK_MESSAGE(call.has_value(), widget.id);
        if (call) shown.insert(call->intent);
      }
    }
    const auto rows = kiosk::KioskFlow::offered(screen);
    const std::set<Intent> in_table(rows.begin(), rows.end());
    CHECK(rows.size() == in_table.size());  // no (screen, intent) twice
    std::string missing;
    for (Intent i : shown) {
      if (!in_table.count(i)) missing += std::string(" ") + kiosk::intent_name(i);
    }
    std::string unused;
    for (Intent i : in_table) {
      if (!shown.count(i)) unused += std::string(" ") + kiosk::intent_name(i);
    }
    CHECK_MESSAGE(missing.empty(), "widgets whose intent the table does not take:" << missing);
    CHECK_MESSAGE(unused.empty(), "rows no widget can send:" << unused);
  }
  // The idle warning: its one button is the one row that answers above a screen.
  ui::ViewModel model;
  model.idle_warning = true;
  ui::Frame frame;
  ui::make_idle_warning()->build(model, i18n, frame);
  std::set<Intent> shown;
  for (const auto& widget : frame.widgets()) {
    if (widget.kind == ui::Widget::Kind::button)
      shown.insert(kiosk::parse_intent(widget.id)->intent);
  }
  CHECK(shown == std::set<Intent>{kiosk::KioskFlow::idle_warning_row().intent});
  // The reasons for help (帮办): exactly the rows that answer above the screen, each once.
  for (const bool elder : {false, true}) {
    ui::ViewModel choosing;
    choosing.elder_mode = elder;
    choosing.help.stage = "choosing";
    REQUIRE(ui::overlay_of(choosing) == ui::OverlayId::help_choice);
    ui::Frame reasons;
    ui::make_overlay(ui::overlay_of(choosing))->build(choosing, i18n, reasons);
    std::set<Intent> offered;
    std::set<std::string> codes;
    for (const auto& widget : reasons.widgets()) {
      if (widget.kind != ui::Widget::Kind::button) continue;
      const auto call = kiosk::parse_intent(widget.id);
      REQUIRE_MESSAGE(call.has_value(), widget.id);
      offered.insert(call->intent);
      if (call->intent == Intent::help_reason) codes.insert(call->arg);
    }
    std::set<Intent> rows;
    for (const auto& row : kiosk::KioskFlow::help_choice_rows()) rows.insert(row.intent);
    CHECK(rows.size() == kiosk::KioskFlow::help_choice_rows().size());
    CHECK(offered == rows);
    // The contract's four reasons (POST /v1/help-requests), no other.
    CHECK(codes ==
          std::set<std::string>{"cannot_read", "cannot_type", "need_explanation", "other"});
  }
  // The idle warning comes above the reasons.
  ui::ViewModel both;
  both.help.stage = "choosing";
  both.idle_warning = true;
  CHECK(ui::overlay_of(both) == ui::OverlayId::idle_warning);
}

TEST_CASE("intent ids: prefixes carry their argument, unknown ids are no intent") {
  CHECK(kiosk::parse_intent("item:460100-0001-0001")->arg == "460100-0001-0001");
  CHECK(kiosk::parse_intent("item:460100-0001-0001")->intent == Intent::item);
  CHECK(kiosk::parse_intent("select:grade:500")->arg == "grade:500");
  CHECK(kiosk::parse_intent("form.next")->intent == Intent::form_next);
  CHECK_FALSE(kiosk::parse_intent("item:"));  // a prefix without its argument
  CHECK_FALSE(kiosk::parse_intent("submit2"));
  CHECK_FALSE(kiosk::parse_intent(""));
  CHECK_FALSE(kiosk::parse_intent(std::string(100000, 'x')));
}

TEST_CASE("the README's table of the flow lists every row of the code's") {
  std::ifstream in(YIWANG_SOURCE_DIR "/README.md");
  const std::string readme((std::istreambuf_iterator<char>(in)), {});
  REQUIRE_FALSE(readme.empty());
  for (const auto& row : kiosk::KioskFlow::table()) {
    const std::string line = std::string("| `") + ui::screen_name(row.screen) + "` | `" +
                             kiosk::intent_name(row.intent) + "` | " + row.leads_to + " |";
    CHECK_MESSAGE(readme.find(line) != std::string::npos, "README lacks: " << line);
  }
  for (const auto& row : kiosk::KioskFlow::help_choice_rows()) {
    const std::string line = std::string("| *reasons for help* | `") +
                             kiosk::intent_name(row.intent) + "` | " + row.leads_to + " |";
    CHECK_MESSAGE(readme.find(line) != std::string::npos, "README lacks: " << line);
  }
}
