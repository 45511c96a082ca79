// Retained drawing: a frame painted over the last one only where it changed has the same pixels
// as the same frame painted whole, also where text spills out of its widget.
#include <SDL.h>
#include <doctest/doctest.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "toolkit/canvas.h"

using namespace yiwang;

namespace {

std::string first_font() {
  std::ifstream list(YIWANG_ASSETS_DIR "/fonts.txt");
  std::string line;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (std::ifstream(line).good()) return line;
  }
  return "";
}

// A software renderer on a surface of its own, as the kiosk draws headless.
struct Target {
  SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight,
                                                        32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
  std::unique_ptr<ui::Canvas> canvas;
  explicit Target(bool retained) {
    std::string error;
    canvas = ui::Canvas::create(renderer, first_font(), error);
    REQUIRE_MESSAGE(canvas, error);
    canvas->set_retained(retained);
  }
  ~Target() {
    canvas.reset();
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
  }
  Target(const Target&) = delete;
  Target& operator=(const Target&) = delete;
  bool same_pixels(const Target& other) const {
    SDL_RenderFlush(renderer);
    SDL_RenderFlush(other.renderer);
    return std::memcmp(surface->pixels, other.surface->pixels,
                       static_cast<std::size_t>(surface->pitch) * surface->h) == 0;
  }
};

ui::Frame screen(const std::string& countdown, int button_x, const std::string& wide,
                 bool with_qr = true) {
  ui::Frame frame;
  frame.panel({0, 0, ui::theme::kWidth, 120}, ui::theme::kHeader);
  frame.label({60, 30, 900, 60}, "一网通办 · 自助服务", ui::theme::kHeadingPx, ui::theme::kOnHeader,
              ui::TextAlign::left, true);
  frame.panel({460, 300, 1000, 480}, ui::theme::kSecondary, ui::theme::kBorder);
  frame.label({510, 450, 900, 60}, countdown, ui::theme::kHeadingPx, ui::theme::kPrimary,
              ui::TextAlign::centre);
  frame.button("idle.continue", {button_x, 600, 600, 120}, "继续办理 Continue", true, true,
               ui::theme::kHeadingPx);
  // Centred text much wider than its widget: its pixels lie outside the widget's rectangle.
  frame.label({900, 850, 100, 50}, wide, ui::theme::kBodyPx, ui::theme::kText,
              ui::TextAlign::centre);
  if (with_qr) frame.qr({1600, 800, 200, 200}, 3, {1, 0, 1, 0, 1, 0, 1, 0, 1});
  return frame;
}

}  // namespace

TEST_CASE("retained drawing paints only what changed, with the pixels of a whole repaint") {
  REQUIRE(SDL_Init(0) == 0);
  Target retained(true);
  Target whole(false);
  const auto first =
      screen("29 秒后将自动退出", 660, "一行比它的控件宽得多的文字 wider than its box");
  retained.canvas->draw(first);
  CHECK(retained.canvas->last_painted_pixels() ==
        static_cast<long long>(ui::theme::kWidth) * ui::theme::kHeight);
  // The countdown changes, the button moves, the wide text gets shorter.
  const auto second = screen("28 秒后将自动退出", 700, "短");
  retained.canvas->draw(second);
  CHECK(retained.canvas->last_painted_pixels() > 0);
  CHECK(retained.canvas->last_painted_pixels() <
        static_cast<long long>(ui::theme::kWidth) * ui::theme::kHeight / 4);
  whole.canvas->draw(second);
  CHECK(retained.same_pixels(whole));
  // Nothing changed: nothing painted.
  retained.canvas->draw(second);
  CHECK(retained.canvas->last_painted_pixels() == 0);
  CHECK(retained.same_pixels(whole));
  // Fewer widgets (the QR code gone): what it covered is painted again.
  const auto third = screen("27 秒后将自动退出", 700, "短", false);
  retained.canvas->draw(third);
  CHECK(retained.canvas->last_painted_pixels() <
        static_cast<long long>(ui::theme::kWidth) * ui::theme::kHeight / 4);
  whole.canvas->draw(third);
  CHECK(retained.same_pixels(whole));
  // What is left of a screen when most of it went: painted where the old widgets were.
  ui::Frame header_only;
  header_only.panel({0, 0, ui::theme::kWidth, 120}, ui::theme::kHeader);
  retained.canvas->draw(header_only);
  whole.canvas->draw(header_only);
  CHECK(retained.canvas->last_painted_pixels() <
        static_cast<long long>(ui::theme::kWidth) * ui::theme::kHeight / 2);
  CHECK(retained.same_pixels(whole));
  ui::Frame without_qr;  // another screen: a modal layer over all of it
  without_qr.panel({0, 0, ui::theme::kWidth, ui::theme::kHeight}, ui::theme::kOverlay);
  without_qr.label({510, 450, 900, 60}, "还在吗？", ui::theme::kHeadingPx);
  // Another screen altogether is painted whole; invalidate() forces it too.
  retained.canvas->draw(without_qr);
  whole.canvas->draw(without_qr);
  CHECK(retained.canvas->last_painted_pixels() ==
        static_cast<long long>(ui::theme::kWidth) * ui::theme::kHeight);
  CHECK(retained.same_pixels(whole));
  retained.canvas->invalidate();
  retained.canvas->draw(without_qr);
  CHECK(retained.canvas->last_painted_pixels() ==
        static_cast<long long>(ui::theme::kWidth) * ui::theme::kHeight);
}

TEST_CASE("a page of tiles turned: only the tiles are painted, over nothing beneath them") {
  REQUIRE(SDL_Init(0) == 0);
  Target retained(true);
  Target whole(false);
  // Ten tiles over a panel, and the pager's line: more rectangles than were once kept apart.
  const auto page = [](int first) {
    ui::Frame frame;
    frame.panel({0, 0, ui::theme::kWidth, 120}, ui::theme::kHeader);
    frame.panel({500, 200, 1380, 760}, ui::theme::kSecondary, ui::theme::kBorder);
    for (int i = 0; i < 10; ++i) {
      frame.button(
          "item:" + std::to_string(first + i), {520 + (i % 2) * 680, 220 + (i / 2) * 120, 650, 100},
          "第 " + std::to_string(first + i) + " 项事项的名称", false, true, ui::theme::kBodyPx);
    }
    frame.label({900, 860, 400, 44}, std::to_string(first / 10 + 1) + " / 9", ui::theme::kBodyPx);
    return frame;
  };
  retained.canvas->draw(page(0));
  retained.canvas->draw(page(10));
  whole.canvas->draw(page(10));
  CHECK(retained.same_pixels(whole));
  // The tiles and the pager's text, not the box around them.
  CHECK(retained.canvas->last_painted_pixels() <= 10 * 650 * 100 + 400 * 60);
  retained.canvas->draw(page(20));
  whole.canvas->draw(page(20));
  CHECK(retained.same_pixels(whole));
}

namespace {

// A screen's worth of text to fit: a title, a label too long for its box (fit grows it), and
// buttons; `lang` picks the strings, `px` their size (elder mode is larger).
ui::Frame text_screen(bool english, int px) {
  ui::Frame frame;
  frame.label({60, 30, 900, 60}, english ? "Apply for a certificate" : "申请开具证明", px);
  frame.label({60, 200, 400, 40},
              english ? "Bring your identity card and the household register to the counter"
                      : "请携带身份证和户口簿到窗口办理，工作人员将为您核对材料",
              px);
  for (int i = 0; i < 6; ++i) {
    frame.button("b" + std::to_string(i), {60 + i * 300, 700, 280, 100},
                 (english ? "Option " : "选项 ") + std::to_string(i), false, true, px);
  }
  return frame;
}

}  // namespace

TEST_CASE("fit measures text once: layouts kept by text, size and width, least recent dropped") {
  REQUIRE(SDL_Init(0) == 0);
  Target target(false);
  ui::Canvas& canvas = *target.canvas;
  const auto zh = text_screen(false, ui::theme::kBodyPx);
  canvas.draw(zh);
  const long long first = canvas.text_measures();
  CHECK(first > 0);
  // Hit: the same frame again (a full repaint) measures nothing.
  canvas.draw(zh);
  CHECK(canvas.text_measures() == first);
  // Another language, another size (elder mode), another width: each measured anew, never a
  // layout of other text or size served.
  canvas.draw(text_screen(true, ui::theme::kBodyPx));
  const long long english = canvas.text_measures();
  CHECK(english > first);
  canvas.draw(text_screen(true, ui::theme::kBodyPx + 8));
  CHECK(canvas.text_measures() > english);
  ui::Frame narrower = zh;
  narrower.edit()[1].rect.w -= 40;
  const long long before_narrower = canvas.text_measures();
  canvas.draw(narrower);
  CHECK(canvas.text_measures() > before_narrower);
  // Back to Chinese: still kept, nothing measured.
  const long long kept = canvas.text_measures();
  canvas.draw(zh);
  CHECK(canvas.text_measures() == kept);
  // A font added (a locale's): widths may change, the layouts are dropped and measured again.
  REQUIRE(canvas.add_font(first_font()));
  CHECK(canvas.layout_cache_entries() == 0);
  canvas.draw(zh);
  CHECK(canvas.text_measures() > kept);

  // Bounded: more texts than the cache holds (a county's catalog paged through). The oldest are
  // dropped, the most recent kept.
  const std::size_t bound = ui::Canvas::kLayoutCacheEntries;
  const auto page = [](std::size_t first_item) {
    ui::Frame frame;
    for (std::size_t i = 0; i < 100; ++i) {
      frame.label({static_cast<int>(i % 10) * 190, static_cast<int>(i / 10) * 100, 180, 40},
                  "事项 " + std::to_string(first_item + i), ui::theme::kBodyPx);
    }
    return frame;
  };
  std::size_t pages = 0;
  for (; pages * 100 <= bound + 200; ++pages) {
    canvas.draw(page(pages * 100));
    CHECK(canvas.layout_cache_entries() <= bound);
  }
  CHECK(canvas.layout_cache_entries() == bound);
  const long long full = canvas.text_measures();
  canvas.draw(page((pages - 1) * 100));  // the last page: kept
  CHECK(canvas.text_measures() == full);
  canvas.draw(page(0));  // the first page: dropped long ago
  CHECK(canvas.text_measures() > full);
}
