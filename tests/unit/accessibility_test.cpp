// Elder mode in numbers, from the frames the screens build (not from screenshots): the contrast of
// every text against what it is drawn on, type sizes, touch-target sizes and the space between
// targets, on every screen in both languages and both modes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "flow/voice_lines.h"
#include "golden/screen_fixtures.h"
#include "screens/chrome.h"
#include "screens/screens.h"
#include "services/i18n.h"
#include "support/screen_models.h"

using namespace yiwang;
using ui::ScreenId;

namespace {

double channel(std::uint8_t value) {
  const double c = value / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

// WCAG 2 relative luminance and contrast ratio.
double luminance(ui::Color c) {
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double contrast(ui::Color a, ui::Color b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// What a label is drawn on: the last opaque panel or button before it that holds its centre.
ui::Color beneath(const std::vector<ui::Widget>& widgets, std::size_t index) {
  const ui::Widget& w = widgets[index];
  const int cx = w.rect.x + w.rect.w / 2, cy = w.rect.y + w.rect.h / 2;
  for (std::size_t i = index; i-- > 0;) {
    const ui::Widget& under = widgets[i];
    if (under.kind != ui::Widget::Kind::panel && under.kind != ui::Widget::Kind::button) continue;
    if (under.background.a == 0 || !under.rect.contains(cx, cy)) continue;
    return under.background;
  }
  return ui::theme::kBackground;
}

// Space between two rectangles (negative when they overlap).
int gap(const ui::Rect& a, const ui::Rect& b) {
  const int dx = std::max(b.x - (a.x + a.w), a.x - (b.x + b.w));
  const int dy = std::max(b.y - (a.y + a.h), a.y - (b.y + b.h));
  return std::max(dx, dy);
}

std::string describe(const ui::Widget& w) {
  std::ostringstream out;
  out << (w.id.empty() ? "\"" + w.text.substr(0, 40) + "\"" : w.id) << " at " << w.rect.x << ","
      << w.rect.y << " " << w.rect.w << "x" << w.rect.h;
  return out.str();
}

// Every rule the frame breaks, in words.
std::vector<std::string> problems(const ui::Frame& frame, bool elder) {
  const ui::Sizes& sz = ui::sizes(elder);
  const double least_contrast = elder ? 7.0 : 4.5;
  const auto& widgets = frame.widgets();
  std::vector<std::string> found;
  for (std::size_t i = 0; i < widgets.size(); ++i) {
    const ui::Widget& w = widgets[i];
    const ui::Rect& r = w.rect;
    if (r.x < 0 || r.y < 0 || r.x + r.w > ui::theme::kWidth || r.y + r.h > ui::theme::kHeight)
      found.push_back("off the screen: " + describe(w));
    if (w.kind == ui::Widget::Kind::panel || w.kind == ui::Widget::Kind::qr || w.text.empty())
      continue;
    const ui::Color back = w.kind == ui::Widget::Kind::button ? w.background : beneath(widgets, i);
    const double ratio = contrast(w.foreground, back);
    if (ratio < least_contrast) {
      found.push_back("contrast " + std::to_string(ratio).substr(0, 4) + ": " + describe(w));
    }
    // The technician's status line is not for residents (and issue 16 moves it off their screens).
    if (elder && w.id != "status_line" && w.font_px < sz.small)
      found.push_back("type " + std::to_string(w.font_px) + " px: " + describe(w));
    if (r.h < w.font_px) found.push_back("taller type than its box: " + describe(w));
    if (w.kind != ui::Widget::Kind::button) continue;
    if (r.w < sz.target || r.h < sz.target) found.push_back("small target: " + describe(w));
    for (std::size_t j = i + 1; j < widgets.size(); ++j) {
      if (widgets[j].kind != ui::Widget::Kind::button) continue;
      if (gap(r, widgets[j].rect) < sz.gap) {
        found.push_back("targets " + std::to_string(gap(r, widgets[j].rect)) +
                        " px apart: " + describe(w) + " and " + describe(widgets[j]));
      }
    }
    if (elder && w.selected && w.text.rfind("√", 0) != 0)
      found.push_back("chosen by colour alone: " + describe(w));
  }
  return found;
}

int count_prefix(const ui::Frame& frame, const std::string& prefix) {
  return static_cast<int>(
      std::count_if(frame.widgets().begin(), frame.widgets().end(),
                    [&](const ui::Widget& w) { return w.id.rfind(prefix, 0) == 0; }));
}

// The models of the flow table's test, and the same with the banners and problems that push
// content down or make screens their longest.
std::vector<ui::ViewModel> models() {
  auto list = test::rich_models();
  ui::ViewModel busy = list.front();
  busy.link_up = false;
  busy.link = "down";
  busy.notice_key = "notice.offline_identity";
  busy.form_problems = {{"请检查", "Please check"}};
  busy.fields[0].error = {"号码不对", "Wrong number"};
  busy.item.conditions = {{"本市户籍", "Registered here"}, {"年满18岁", "18 or older"}};
  busy.item.materials = {{"M1", {"身份证", "ID card"}, true, true, 1},
                         {"M2", {"照片", "Photo"}, true, false, 2}};
  busy.item.fee_fen = 1000;
  busy.item.fee_basis = {"收费依据", "Fee basis"};
  busy.missing_materials = {"照片"};
  busy.receipt.fee_fen = 1000;
  busy.receipt.promised_by = "2026-12-05";
  busy.receipt.online = true;
  busy.receipt.printed = true;
  busy.certificates.message_key = "certificates.printed";
  busy.evaluation_level = 1;
  busy.evaluation_reasons = {"long_wait"};
  busy.progress.selected = 0;
  list.push_back(busy);
  ui::ViewModel queued = list.front();
  queued.progress.queued_local_id = "T4601050001-20261130-0001";
  queued.receipt.online = false;
  queued.payment.stage = "expired";
  list.push_back(queued);
  // 帮办 answered offline: the hotline and hours under the header, above the content.
  ui::ViewModel helped = list.front();
  helped.help.stage = "offline";
  helped.help.hours_from = "08:30";
  helped.help.hours_to = "17:30";
  list.push_back(helped);
  return list;
}

ui::Frame build(ScreenId screen, ui::ViewModel model, const ui::Translator& translator,
                bool overlay = false) {
  model.screen = screen;
  model.caption = kiosk::spoken_line(model, translator).text;  // the voice bar's caption
  ui::ScreenStack stack;
  stack.request_screen(ui::make_screen(screen));
  if (overlay) stack.request_overlay(ui::make_overlay(ui::overlay_of(model)));
  stack.apply_pending();
  ui::Frame frame;
  stack.build(model, translator, frame);
  return frame;
}

}  // namespace

TEST_CASE("every screen in both modes and languages: contrast, type, targets and their spacing") {
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  int frames = 0;
  int elder_keyboard_frames = 0;
  for (const bool elder : {false, true}) {
    for (const ui::Language language : {ui::Language::zh, ui::Language::en}) {
      for (ui::ViewModel model : models()) {
        model.elder_mode = elder;
        model.language = language;
        model.idle_seconds_left = 30;
        for (const ScreenId screen : test::kScreens) {
          // The technician's screens keep the normal sizes (they offer no elder mode).
          const bool technician = ui::technician_screen(screen);
          const ui::Frame frame = build(screen, model, i18n);
          CAPTURE(ui::screen_name(screen));
          CAPTURE(elder);
          CAPTURE(language == ui::Language::en);
          // The text keyboard has its elder layout: held to the elder sizes like the rest.
          const bool keyboard = screen == ScreenId::form && !model.keyboard.mode.empty();
          if (elder && keyboard) ++elder_keyboard_frames;
          for (const auto& problem : problems(frame, elder && !technician)) FAIL_CHECK(problem);
          if (elder && !technician) {
            CHECK(count_prefix(frame, "item:") <= ui::kElderItemsPerPage);
            CHECK(count_prefix(frame, "category:") <= ui::kElderCategoriesPerPage);
            CHECK(count_prefix(frame, "elder") == 1);  // one tap away on every screen
          }
          if (!technician) {
            // The voice bar on every resident screen: quieter, louder, repeat, help, caption.
            CHECK(count_prefix(frame, "voice.") == 3);
            CHECK(count_prefix(frame, "help") == 1);
            CHECK(count_prefix(frame, "caption") == 1);
          }
          ++frames;
        }
        ui::ViewModel warned = model;
        warned.idle_warning = true;
        const ui::Frame warning = build(ScreenId::form, warned, i18n, true);
        CAPTURE("idle warning");
        for (const auto& problem : problems(warning, elder)) FAIL_CHECK(problem);
        ++frames;
        // The reasons for help (帮办), above a screen.
        ui::ViewModel choosing = model;
        choosing.help.stage = "choosing";
        const ui::Frame reasons = build(ScreenId::guide, choosing, i18n, true);
        CAPTURE("reasons for help");
        for (const auto& problem : problems(reasons, elder)) FAIL_CHECK(problem);
        CHECK(count_prefix(reasons, "help.reason:") == 4);
        CHECK(count_prefix(reasons, "help.cancel") == 1);
        CHECK(count_prefix(reasons, "caption") == 1);
        // Its voice bar: quieter, louder, repeat (not help: it is the help).
        for (const char* id : {"voice.down", "voice.up", "voice.repeat"})
          CHECK_MESSAGE(count_prefix(reasons, id) == 1, id);
        ++frames;
      }
    }
  }
  // The golden screenshots' cases: one resident's whole session, each screen in each state.
  for (const auto& c : golden::screen_cases()) {
    for (const bool elder : {false, true}) {
      for (const ui::Language language : {ui::Language::zh, ui::Language::en}) {
        ui::ViewModel model = golden::base_model();
        c.adjust(model);
        model.elder_mode = model.elder_mode || elder;
        model.language = language;
        const bool technician = ui::technician_screen(model.screen);
        const ui::Frame frame =
            build(model.screen, model, i18n, ui::overlay_of(model) != ui::OverlayId::none);
        CAPTURE(c.name);
        CAPTURE(model.elder_mode);
        CAPTURE(language == ui::Language::en);
        const bool keyboard = model.screen == ScreenId::form && !model.keyboard.mode.empty();
        if (model.elder_mode && keyboard) ++elder_keyboard_frames;
        for (const auto& problem : problems(frame, model.elder_mode && !technician))
          FAIL_CHECK(problem);
        ++frames;
      }
    }
  }
  MESSAGE(frames << " frames checked, of which " << elder_keyboard_frames
                 << " elder frames with the text keyboard (held to the elder sizes)");
  CHECK(elder_keyboard_frames > 0);
}

TEST_CASE("the checks see what they are for") {
  ui::Frame frame;
  frame.label({0, 0, 400, 50}, "faint", 40, {170, 170, 170});  // 2.3:1
  frame.label({0, 100, 400, 50}, "small", 30);                 // < 40 px
  frame.button("a", {0, 200, 100, 130}, "narrow");             // < 120 px
  frame.button("b", {130, 200, 200, 130}, "close");            // 30 px from a
  frame.button("c", {340, 200, 200, 130}, "closer");           // 10 px from b
  frame.choice("d", {0, 400, 300, 130}, "chosen", true);       // colour only
  frame.label({0, 600, 400, 30}, "cut", 40);                   // box too low
  const auto found = problems(frame, true);
  std::string all;
  for (const auto& p : found) all += p + "\n";
  CAPTURE(all);
  CHECK(all.find("contrast") != std::string::npos);
  CHECK(all.find("type 30 px") != std::string::npos);
  CHECK(all.find("small target: a") != std::string::npos);
  CHECK(all.find("targets 10 px apart: b") != std::string::npos);
  CHECK(all.find("targets 30 px apart") == std::string::npos);
  CHECK(all.find("chosen by colour alone: d") != std::string::npos);
  CHECK(all.find("taller type than its box") != std::string::npos);
  // The elder palette keeps every theme colour used for text above 7:1 on white and the page.
  for (const ui::Color c : {ui::theme::kText, ui::theme::kMuted, ui::theme::kPrimary,
                            ui::theme::kError, ui::theme::kOk}) {
    CHECK(contrast(ui::theme::elder_color(c), ui::theme::kSecondary) >= 7.0);
    CHECK(contrast(ui::theme::elder_color(c), ui::theme::kBackground) >= 7.0);
  }
  CHECK(contrast(ui::theme::kOnHeader, ui::theme::elder_color(ui::theme::kHeader)) >= 7.0);
  CHECK(contrast(ui::theme::kMuted, ui::theme::kSecondary) < 7.0);  // why the twins exist
}
