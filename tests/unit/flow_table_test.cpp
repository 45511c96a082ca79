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

using namespace yiwang;
using kiosk::Intent;
using ui::ScreenId;

namespace {

constexpr ScreenId kScreens[] = {
    ScreenId::attract,         ScreenId::identify,     ScreenId::catalog,
    ScreenId::guide,           ScreenId::form,         ScreenId::review,
    ScreenId::submitting,      ScreenId::receipt,      ScreenId::evaluate,
    ScreenId::goodbye,         ScreenId::certificates, ScreenId::out_of_service,
    ScreenId::maintenance_pin, ScreenId::maintenance,  ScreenId::payment,
    ScreenId::progress,        ScreenId::diagnostics};

// Models that between them make every screen show every widget it can have.
std::vector<ui::ViewModel> rich_models() {
  ui::ViewModel base;
  base.demo_controls = true;
  base.display_name = "张*";
  base.categories = {{"social-security", {"社保", "Social security"}},
                     {"household", {"户籍", "Household"}}};
  base.category = "social-security";
  ui::ItemView apply;
  apply.code = "460100-0001-0001";
  apply.name = {"参保登记", "Enrolment"};
  apply.mode = "apply";
  apply.delivery = {"pickup", "electronic"};
  apply.has_commitment = true;
  ui::ItemView certificate = apply;
  certificate.code = "460100-0003-0004";
  certificate.mode = "print_certificate";
  base.items = {apply, certificate};
  ui::FieldView text;
  text.key = "phone";
  text.type = "phone";
  ui::FieldView select;
  select.key = "grade";
  select.type = "select";
  select.options = {{"200", {"200", "200"}}, {"500", {"500", "500"}}};
  base.fields = {text, select};
  base.delivery = "pickup";
  base.commitment_accepted = true;
  base.receipt.can_reprint = true;
  base.receipt.case_id = "HN1";
  base.certificates.list = {{"C1", {"户籍证明", "Household"}, {"公安局", "Police"}, "2026-11-01"}};
  base.evaluation_level = 2;
  ui::CaseView one;
  one.case_id = "HN1";
  one.status = "accepted";
  one.history = {{"2026-11-21T09:30:00+08:00", "accepted", {"已受理", "Accepted"}}};
  ui::CaseView two = one;
  two.case_id = "HN2";
  two.status = "completed";  // not rated yet: it may be rated from the progress screen
  base.progress.cases = {one, two};
  base.payment.case_id = "HN1";
  base.payment.amount_fen = 1000;
  base.payment.stage = "pending";
  base.payment.qr = {21, std::vector<std::uint8_t>(21 * 21, 1)};
  base.diagnostics.dead_letters = {{7, "application", "T1-20261118-0001", "09:30", "422"}};

  std::vector<ui::ViewModel> models;
  ui::ViewModel a = base;
  a.item = apply;
  a.fields[0].focused = true;
  models.push_back(a);
  ui::ViewModel c = base;  // a county's catalog: pages of categories and items, and search
  for (int i = 0; i < 12; ++i) c.categories.push_back({"c" + std::to_string(i), {"类", "Kind"}});
  for (int i = 0; i < 12; ++i) c.items.push_back(apply);
  models.push_back(c);
  c.search_open = true;
  c.search_query = "SB";
  c.results = c.items;
  models.push_back(c);
  // The text keyboard of a typed field, in each of its modes, with pages both ways.
  ui::FieldView address;
  address.key = "address";
  address.type = "address";
  address.focused = true;
  for (const char* mode : {"pinyin", "hand", "abc", "123"}) {
    ui::ViewModel k = base;
    k.item = apply;
    k.fields = {address};
    k.keyboard.mode = mode;
    k.keyboard.preedit = "bei jing";
    k.keyboard.candidates = {"北京", "背景"};
    k.keyboard.has_previous_page = true;
    k.keyboard.has_next_page = true;
    k.keyboard.ink = {{{10, 10}, {40, 40}}};
    models.push_back(k);
  }
  ui::ViewModel b = base;
  b.payment.stage = "expired";
  b.progress.selected = 1;
  b.item = certificate;
  b.fields[1].focused = true;
  models.push_back(b);
  return models;
}

}  // namespace

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
        // A writing pad sends its id with a finished stroke after it.
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
}
