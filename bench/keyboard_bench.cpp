// The form's text keyboard as the UI thread runs it: a pinyin keystroke (or a stroke on the pad)
// through the real engine, the candidates into the view model, the form screen built and drawn
// on the software renderer at 1920x1080, retained as the kiosk draws there (only the widgets
// that changed are painted: the candidate bar, the composition, the field), and for comparison
// painted whole (as after an expose). Prints the distributions; the target is one frame
// (16.7 ms) at p99 for a keystroke. Usage: keyboard-bench WORK_DIR [rounds]
#include <SDL.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: keyboard-bench WORK_DIR [rounds]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 20;
  kiosk::RimeSettings settings;
  settings.work_dir = argv[1];
  auto started = kiosk::RimePinyin::start(settings);
  if (!started || !started.value()->wait_ready()) {
    std::fprintf(stderr, "keyboard-bench: librime did not start\n");
    return 1;
  }
  auto& rime = *started.value();
  auto opened = kiosk::ZinniaHandwriting::open();
  if (!opened) {
    std::fprintf(stderr, "keyboard-bench: %s\n", opened.error().c_str());
    return 1;
  }
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
      model.keyboard.candidates = opened.value()->recognise(model.keyboard.ink, 300, 300, 24,
                                                            ui::HandwritingInput::Effort::quick);
      model.keyboard.candidates.resize(std::min<std::size_t>(8, model.keyboard.candidates.size()));
      draw(*canvas, model, i18n);
      quick.push_back(bench::ms(Clock::now() - start));
    }
    const auto start = Clock::now();
    model.keyboard.candidates = opened.value()->recognise(model.keyboard.ink, 300, 300, 24,
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
