// The form's text keyboard as the UI thread runs it: a pinyin keystroke (or a stroke on the pad)
// through the real engine, the candidates into the view model, the form screen built and drawn
// on the software renderer at 1920x1080, retained as the kiosk draws there (only the widgets
// that changed are painted: the candidate bar, the composition, the field), and for comparison
// painted whole (as after an expose). Prints the distributions; the target is one frame
// (16.7 ms) at p99 for a keystroke. First, once: the keyboard opened to the first candidates,
// the engines loading then as in the kiosk. Usage: keyboard-bench WORK_DIR [rounds]
#include <SDL.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "input/rime_pinyin.h"
#include "input/zinnia_handwriting.h"
#include "screens/screens.h"
#include "services/font_list.h"
#include "services/i18n.h"
#include "timings.h"
#include "toolkit/canvas.h"

using namespace yiwang;
using bench::Clock;

namespace {

std::string first_font() { return kiosk::first_listed_font(YIWANG_ASSETS_DIR "/fonts.txt"); }

ui::ViewModel form_model() {
  ui::ViewModel m;
  m.screen = ui::ScreenId::form;
  m.site_name = {"海口市美兰区政务服务中心 24小时自助服务区", "Meilan"};
  m.display_name = "史*斯";
  m.item.name = {"居住证申领", "Residence permit"};
  const auto field = [](std::string key, ui::Bilingual label, std::string type) {
    ui::FieldView view;
    view.key = std::move(key);
    view.label = std::move(label);
    view.type = std::move(type);
    view.required = true;
    return view;
  };
  m.fields = {field("name", {"姓名", "Name"}, "text"),
              field("address", {"居住地址", "Address"}, "address"),
              field("phone", {"手机号码", "Phone"}, "phone")};
  m.fields[0].display_value = "史密斯";
  m.fields[0].autofilled = true;
  m.fields[1].focused = true;
  m.keyboard.mode = "pinyin";
  return m;
}

void draw(ui::Canvas& canvas, const ui::ViewModel& model, const ui::Translator& translator) {
  ui::Frame frame;
  ui::make_screen(model.screen)->build(model, translator, frame);
  canvas.draw(frame);
}

void show(ui::ViewModel& model, const ui::Composition& composition) {
  model.keyboard.preedit = composition.preedit;
  model.keyboard.candidates = composition.candidates;
  model.keyboard.has_previous_page = composition.has_previous_page;
  model.keyboard.has_next_page = composition.has_next_page;
}

// What a resident pays for the engines loading only when wanted: from the keyboard opening on
// pinyin (load()) to the first letter's candidates drawn, and from handwriting chosen to the
// first stroke's candidates drawn. Once per process (librime is one engine per process): run
// the bench again for more figures. The first start on a new work folder compiles librime's
// schema (seconds); later starts of the kiosk find it compiled.
bool first_candidates(kiosk::RimePinyin& rime, kiosk::ZinniaHandwriting& handwriting,
                      ui::Canvas& canvas, const ui::Translator& translator,
                      const std::string& work_dir) {
  const bool compiled = std::filesystem::exists(work_dir + "/build/luna_pinyin_simp.schema.yaml");
  ui::ViewModel model = form_model();
  model.keyboard.engine_ready = false;
  draw(canvas, model, translator);
  const auto opened = Clock::now();
  rime.load();
  if (!rime.wait_ready()) {
    std::fprintf(stderr, "keyboard-bench: librime did not load: %s\n", rime.failed().c_str());
    return false;
  }
  const auto ready = Clock::now();
  show(model, rime.type('b'));
  model.keyboard.engine_ready = true;
  draw(canvas, model, translator);
  const auto shown = Clock::now();
  std::printf(
      "keyboard-bench: pinyin keyboard opened -> first candidates drawn %.1f ms (librime loaded "
      "in %.1f ms; %s)\n",
      bench::ms(shown - opened), bench::ms(ready - opened),
      compiled ? "its schema compiled by an earlier start" : "first start: the schema compiled");
  rime.cancel();

  std::ifstream in(YIWANG_TEST_DATA "/handwriting/zhang.strokes");
  std::stringstream text;
  text << in.rdbuf();
  auto strokes = kiosk::parse_strokes(text.str());
  if (!strokes || strokes.value().empty()) return false;
  model.keyboard = ui::KeyboardView{};
  model.keyboard.mode = "hand";
  model.keyboard.engine_ready = false;
  draw(canvas, model, translator);
  const auto chosen = Clock::now();
  handwriting.load();
  while (!handwriting.ready()) {
    if (bench::ms(Clock::now() - chosen) > 60000) {
      std::fprintf(stderr, "keyboard-bench: the handwriting model did not open\n");
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const auto model_open = Clock::now();
  model.keyboard.ink = {strokes.value().front()};
  model.keyboard.candidates =
      handwriting.recognise(model.keyboard.ink, 300, 300, 24, ui::HandwritingInput::Effort::quick);
  model.keyboard.candidates.resize(std::min<std::size_t>(8, model.keyboard.candidates.size()));
  model.keyboard.engine_ready = true;
  draw(canvas, model, translator);
  std::printf(
      "keyboard-bench: handwriting chosen -> first stroke's candidates drawn %.1f ms (model "
      "opened in %.1f ms)\n",
      bench::ms(Clock::now() - chosen), bench::ms(model_open - chosen));
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: keyboard-bench WORK_DIR [rounds]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 20;
  kiosk::RimeSettings settings;
  settings.work_dir = argv[1];
  // The engines load as in the kiosk: when the keyboard first wants them (first_candidates).
  auto prepared = kiosk::RimePinyin::prepare(settings);
  if (!prepared) {
    std::fprintf(stderr, "keyboard-bench: %s\n", prepared.error().c_str());
    return 1;
  }
  auto& rime = *prepared.value();
  const auto handwriting = kiosk::ZinniaHandwriting::later();
  std::string error;
  kiosk::I18n i18n;
  if (!i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error)) return 1;
  SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight,
                                                        32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer* renderer = surface ? SDL_CreateSoftwareRenderer(surface) : nullptr;
  auto canvas = renderer ? ui::Canvas::create(renderer, first_font(), error) : nullptr;
  if (!canvas) {
    std::fprintf(stderr, "keyboard-bench: no canvas: %s\n", error.c_str());
    return 1;
  }
  if (!first_candidates(rime, *handwriting, *canvas, i18n, settings.work_dir)) return 1;
  ui::ViewModel model = form_model();
  // Pinyin: every letter of the address's syllables, then the phrase chosen; one frame each.
  // Retained first (the kiosk's drawing on a software renderer), then painted whole.
  const char* words[] = {"beijingshi", "dongchengqu", "jingshan", "qianjie", "hao", "yan"};
  std::printf("keyboard-bench: form with the pinyin keyboard, software renderer %dx%d, %d rounds\n",
              ui::theme::kWidth, ui::theme::kHeight, rounds);
  for (const bool retained : {true, false}) {
    canvas->set_retained(retained);
    draw(*canvas, model, i18n);
    std::vector<double> keystrokes, frames, choices;
    long long painted = 0;
    for (int round = 0; round < rounds; ++round) {
      model.fields[1].display_value.clear();
      for (const char* word : words) {
        for (const char* c = word; *c != '\0'; ++c) {
          const auto start = Clock::now();
          show(model, rime.type(*c));
          const auto drawn = Clock::now();
          draw(*canvas, model, i18n);
          keystrokes.push_back(bench::ms(Clock::now() - start));
          frames.push_back(bench::ms(Clock::now() - drawn));
          painted += retained ? canvas->last_painted_pixels() : 0;
        }
        const auto start = Clock::now();
        ui::Composition remaining;
        model.fields[1].display_value += rime.choose(0, remaining);
        show(model, remaining);
        draw(*canvas, model, i18n);
        choices.push_back(bench::ms(Clock::now() - start));
      }
      rime.forget_everything();
    }
    if (retained) {
      std::printf(
          "  retained, as the kiosk draws (a keystroke paints %lld pixels on average, "
          "%.1f%% of the screen):\n",
          painted / static_cast<long long>(keystrokes.size()),
          100.0 * static_cast<double>(painted) / static_cast<double>(keystrokes.size()) /
              (ui::theme::kWidth * ui::theme::kHeight));
    } else {
      std::printf("  painted whole every time (as after an expose):\n");
    }
    bench::print_distribution("pinyin keystroke -> candidates drawn", keystrokes);
    bench::print_distribution("  of which the frame (build + draw)", frames);
    bench::print_distribution("candidate chosen -> field drawn", choices);
  }
  // The rest as the kiosk draws: retained.
  canvas->set_retained(true);
  draw(*canvas, model, i18n);

  // Paging: "yan" through its pages to the last, each page drawn.
  std::vector<double> pages;
  for (int round = 0; round < rounds; ++round) {
    rime.cancel();
    for (char c : std::string("yan")) show(model, rime.type(c));
    for (int page = 0; page < 30 && model.keyboard.has_next_page; ++page) {
      const auto start = Clock::now();
      show(model, rime.turn_page(+1));
      draw(*canvas, model, i18n);
      pages.push_back(bench::ms(Clock::now() - start));
    }
  }
  bench::print_distribution("page of candidates turned -> drawn", pages);
  rime.cancel();

  // Handwriting: each stroke of 张 -> quick candidates drawn; the pen resting -> thorough.
  std::ifstream in(YIWANG_TEST_DATA "/handwriting/zhang.strokes");
  std::stringstream text;
  text << in.rdbuf();
  auto strokes = kiosk::parse_strokes(text.str());
  if (!strokes) return 1;
  model.keyboard = ui::KeyboardView{};
  model.keyboard.mode = "hand";
  std::vector<double> quick, thorough;
  for (int round = 0; round < rounds; ++round) {
    model.keyboard.ink.clear();
    for (const auto& stroke : strokes.value()) {
      const auto start = Clock::now();
      model.keyboard.ink.push_back(stroke);
      model.keyboard.candidates = handwriting->recognise(model.keyboard.ink, 300, 300, 24,
                                                         ui::HandwritingInput::Effort::quick);
      model.keyboard.candidates.resize(std::min<std::size_t>(8, model.keyboard.candidates.size()));
      draw(*canvas, model, i18n);
      quick.push_back(bench::ms(Clock::now() - start));
    }
    const auto start = Clock::now();
    model.keyboard.candidates = handwriting->recognise(model.keyboard.ink, 300, 300, 24,
                                                       ui::HandwritingInput::Effort::thorough);
    model.keyboard.candidates.resize(std::min<std::size_t>(8, model.keyboard.candidates.size()));
    draw(*canvas, model, i18n);
    thorough.push_back(bench::ms(Clock::now() - start));
  }
  bench::print_distribution("stroke -> quick candidates drawn", quick);
  bench::print_distribution("pen rests -> thorough candidates drawn", thorough);
  canvas.reset();
  SDL_DestroyRenderer(renderer);
  SDL_FreeSurface(surface);
  return 0;
}
