// Golden screenshots: every screen, drawn from a fixed view model on the software renderer at
// 1920x1080 in Chinese and English, compared with tests/golden/png/ pixel by pixel.
//
// A pixel differs when one of its channels moves by more than kChannelTolerance; a case fails
// when more than kPixelTolerance pixels differ (room for anti-aliasing, not for a changed word:
// one changed digit at the smallest text size changes ~150 pixels). On a failure the drawn image
// and a diff (differing pixels red) are written next to the test binary. To accept a change:
//   YIWANG_UPDATE_GOLDENS=1 ctest -R golden-screens     (then look at the images and commit)
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "flow/voice_lines.h"
#include "golden/screen_fixtures.h"
#include "screens/screens.h"
#include "services/i18n.h"
#include "support/screen_models.h"
#include "toolkit/canvas.h"

using namespace yiwang;
namespace fs = std::filesystem;

namespace {

// The frame as the kiosk builds it (ScreenStack: the overlay above, elder mode's palette).
void build_frame(const ui::ViewModel& model, const ui::Translator& translator, ui::Frame& frame) {
  ui::ScreenStack stack;
  stack.request_screen(ui::make_screen(model.screen));
  if (auto overlay = ui::make_overlay(ui::overlay_of(model)))
    stack.request_overlay(std::move(overlay));
  stack.apply_pending();
  stack.build(model, translator, frame);
}

constexpr int kChannelTolerance = 48;
// The pseudo-locale test's overflows, counted on the frame as the canvas draws it (Canvas::fit:
// labels grown into free room and flows, text one step smaller within the mode's least size,
// long captions paged): none in English, none with every string 40 % longer (the last one, the
// elder review with express delivery, went when back and submit moved to the right column and
// its summary got the column's height). Never raised.
constexpr int kEnglishOverflowsKnown = 0;
constexpr int kPseudoOverflowsKnown = 0;
constexpr int kPixelTolerance = 60;

const fs::path kGoldenDir = fs::path(YIWANG_SOURCE_DIR) / "tests/golden/png";

// The font the goldens were drawn with: the first line of assets/fonts.txt, which
// tools/setup.sh installs. Another font would change every image, so it is required.
std::string golden_font() {
  std::ifstream list(YIWANG_ASSETS_DIR "/fonts.txt");
  std::string line;
  while (std::getline(list, line)) {
    if (!line.empty() && line[0] != '#') return line;
  }
  return "";
}

struct Drawn {
  SDL_Surface* surface = nullptr;
  ~Drawn() { SDL_FreeSurface(surface); }
};

// Draws the model's screen (or the overlay above it: the idle warning, the reasons for help)
// onto a fresh surface.
bool draw(const ui::ViewModel& model, const ui::Translator& translator, Drawn& out,
          std::string& error) {
  out.surface = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight, 32,
                                               SDL_PIXELFORMAT_ARGB8888);
  if (out.surface == nullptr) {
    error = SDL_GetError();
    return false;
  }
  SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(out.surface);
  if (renderer == nullptr) {
    error = SDL_GetError();
    return false;
  }
  {
    auto canvas = ui::Canvas::create(renderer, golden_font(), error);
    if (!canvas) {
      SDL_DestroyRenderer(renderer);
      return false;
    }
    ui::Frame frame;
    build_frame(model, translator, frame);
    canvas->draw(frame);
    SDL_RenderPresent(renderer);
  }
  SDL_DestroyRenderer(renderer);
  return true;
}

// Code points of UTF-8 text (malformed bytes become U+FFFD, which no font is asked for).
std::vector<Uint32> code_points(const std::string& text) {
  std::vector<Uint32> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80 ? 1 : lead >> 5 == 6 ? 2 : lead >> 4 == 14 ? 3 : 4;
    Uint32 cp = length == 1 ? lead : lead & (0x3Fu >> (length - 1));
    for (int k = 1; k < length && i + static_cast<std::size_t>(k) < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3Fu);
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(length);
  }
  return out;
}

struct Comparison {
  bool loaded = false;
  long differing = 0;
};

Comparison compare(SDL_Surface* drawn, const fs::path& golden_path, const fs::path& diff_path) {
  Comparison result;
  SDL_Surface* loaded = IMG_Load(golden_path.c_str());
  if (loaded == nullptr) return result;
  SDL_Surface* golden = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
  SDL_FreeSurface(loaded);
  if (golden == nullptr || golden->w != drawn->w || golden->h != drawn->h) {
    SDL_FreeSurface(golden);
    return result;
  }
  result.loaded = true;
  SDL_Surface* diff =
      SDL_CreateRGBSurfaceWithFormat(0, drawn->w, drawn->h, 32, SDL_PIXELFORMAT_ARGB8888);
  for (int y = 0; y < drawn->h; ++y) {
    const auto* a = reinterpret_cast<const Uint32*>(static_cast<const Uint8*>(drawn->pixels) +
                                                    y * drawn->pitch);
    const auto* b = reinterpret_cast<const Uint32*>(static_cast<const Uint8*>(golden->pixels) +
                                                    y * golden->pitch);
    auto* d = reinterpret_cast<Uint32*>(static_cast<Uint8*>(diff->pixels) + y * diff->pitch);
    for (int x = 0; x < drawn->w; ++x) {
      int worst = 0;
      for (int shift = 0; shift < 24; shift += 8) {
        const int delta = std::abs(static_cast<int>((a[x] >> shift) & 0xFF) -
                                   static_cast<int>((b[x] >> shift) & 0xFF));
        worst = std::max(worst, delta);
      }
      const bool differs = worst > kChannelTolerance;
      if (differs) ++result.differing;
      // Differing pixels red over a faded copy of the golden image.
      d[x] = differs ? 0xFFFF0000u : (0xFF000000u | (((b[x] >> 2) & 0x003F3F3Fu) + 0x00A0A0A0u));
    }
  }
  if (result.differing > kPixelTolerance) IMG_SavePNG(diff, diff_path.c_str());
  SDL_FreeSurface(diff);
  SDL_FreeSurface(golden);
  return result;
}

}  // namespace

TEST_CASE("every screen matches its golden screenshot in both languages") {
  REQUIRE_MESSAGE(std::ifstream(golden_font()).good(),
                  "the goldens need " << golden_font() << " (tools/setup.sh installs it)");
  kiosk::I18n i18n;
  std::string error;
  REQUIRE_MESSAGE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error), error);
  const bool update = std::getenv("YIWANG_UPDATE_GOLDENS") != nullptr;
  const fs::path out_dir = fs::current_path() / "golden-out";
  fs::create_directories(out_dir);

  const auto cases = golden::screen_cases();
  REQUIRE(cases.size() > 20);
  std::vector<std::string> expected_files;
  for (const auto& c : cases) {
    for (const ui::Language language : {ui::Language::zh, ui::Language::en}) {
      const std::string name = c.name + (language == ui::Language::zh ? ".zh" : ".en");
      CAPTURE(name);
      ui::ViewModel model = golden::base_model();
      c.adjust(model);
      model.language = language;
      model.caption = kiosk::spoken_line(model, i18n).text;  // what the voice says, captioned
      Drawn drawn;
      REQUIRE_MESSAGE(draw(model, i18n, drawn, error), error);
      const fs::path golden_path = kGoldenDir / (name + ".png");
      expected_files.push_back(golden_path.filename());
      if (update) {
        CHECK(IMG_SavePNG(drawn.surface, golden_path.c_str()) == 0);
        continue;
      }
      const Comparison result = compare(drawn.surface, golden_path, out_dir / (name + ".diff.png"));
      if (!result.loaded || result.differing > kPixelTolerance) {
        IMG_SavePNG(drawn.surface, (out_dir / (name + ".png")).c_str());
      }
      CHECK_MESSAGE(result.loaded,
                    "no golden " << golden_path.string() << " (YIWANG_UPDATE_GOLDENS=1 writes it)");
      CHECK_MESSAGE(
          result.differing <= kPixelTolerance,
          result.differing << " pixels differ; drawn and diff images in " << out_dir.string());
    }
  }
  // No stale golden stays behind for a case that no longer exists.
  for (const auto& entry : fs::directory_iterator(kGoldenDir)) {
    const std::string file = entry.path().filename();
    const bool known =
        std::find(expected_files.begin(), expected_files.end(), file) != expected_files.end();
    if (update && !known) fs::remove(entry.path());
    CHECK_MESSAGE((update || known), "stale golden without a case: " << file);
  }
}

TEST_CASE("every screen, the technician's among them, has a golden case (drawn in zh and en)") {
  const auto cases = golden::screen_cases();
  for (const ui::ScreenId screen : test::kScreens) {
    CAPTURE(ui::screen_name(screen));
    CAPTURE(ui::technician_screen(screen));
    const bool drawn = std::any_of(cases.begin(), cases.end(), [&](const auto& c) {
      ui::ViewModel model = golden::base_model();
      c.adjust(model);
      return model.screen == screen;
    });
    CHECK(drawn);
  }
}

TEST_CASE("every character on every screen is in the kiosk's font (no empty boxes)") {
  // A glyph the font lacks is drawn as an empty box, which a pixel comparison accepts once the
  // golden was written with it. So each drawn text is checked against the font itself.
  const bool ttf_ready = TTF_WasInit() != 0 || TTF_Init() == 0;
  REQUIRE(ttf_ready);
  TTF_Font* font = TTF_OpenFont(golden_font().c_str(), 32);
  REQUIRE_MESSAGE(font != nullptr, TTF_GetError());
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  int checked = 0;
  for (const auto& c : golden::screen_cases()) {
    for (const ui::Language language : {ui::Language::zh, ui::Language::en}) {
      ui::ViewModel model = golden::base_model();
      c.adjust(model);
      model.language = language;
      model.caption = kiosk::spoken_line(model, i18n).text;  // what the voice says, captioned
      ui::Frame frame;
      build_frame(model, i18n, frame);
      for (const auto& widget : frame.widgets()) {
        for (const Uint32 cp : code_points(widget.text)) {
          if (cp < 0x20) continue;
          ++checked;
          char hex[16];
          std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
          CHECK_MESSAGE(TTF_GlyphIsProvided32(font, cp) != 0,
                        c.name << ": " << hex << " in \"" << widget.text << "\"");
        }
      }
    }
  }
  CHECK(checked > 1000);
  // And every string of the translation table, shown on screens no fixture reaches yet.
  std::ifstream table(YIWANG_ASSETS_DIR "/i18n/strings.tsv");
  std::string line;
  while (std::getline(table, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::string key = line.substr(0, line.find('\t'));
    for (const Uint32 cp : code_points(line)) {
      if (cp < 0x20) continue;
      char hex[16];
      std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(cp));
      CHECK_MESSAGE(TTF_GlyphIsProvided32(font, cp) != 0, key << ": " << hex);
    }
  }
  TTF_CloseFont(font);
}

TEST_CASE("the golden comparison sees a changed word") {
  // The tolerance must not hide a change a resident would see: the receipt's case number with
  // one digit changed must fail against the receipt's golden.
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  ui::ViewModel model = golden::base_model();
  for (const auto& c : golden::screen_cases()) {
    if (c.name == "receipt") c.adjust(model);
  }
  model.caption = kiosk::spoken_line(model, i18n).text;
  REQUIRE(model.screen == ui::ScreenId::receipt);
  model.receipt.case_id.back() = model.receipt.case_id.back() == '1' ? '7' : '1';
  Drawn drawn;
  REQUIRE(draw(model, i18n, drawn, error));
  const fs::path golden_path = kGoldenDir / "receipt.zh.png";
  REQUIRE_MESSAGE(std::ifstream(golden_path).good(), "no golden " << golden_path.string());
  const Comparison result =
      compare(drawn.surface, golden_path, fs::current_path() / "golden-out/changed-digit.png");
  REQUIRE(result.loaded);
  CHECK(result.differing > kPixelTolerance);
}

namespace {

// A pseudo-locale for tests: every translated string 40 % longer (English with groups of "x"
// added where a line may break), as a longer language would make it.
class PseudoLocale final : public ui::Translator {
 public:
  explicit PseudoLocale(const ui::Translator& base) : base_(base) {}
  std::string text(std::string_view key, ui::Language) const override {
    std::string text = base_.text(key, ui::Language::en);
    const std::size_t extra = (code_points(text).size() * 4 + 9) / 10;
    for (std::size_t added = 0; added < extra; added += 5) text += " xxxx";
    return text;
  }

 private:
  const ui::Translator& base_;
};

// Every text that overflows its widget (a word wider than it) or is cut (more lines than it can
// show), as the canvas wraps and clips it.
std::vector<std::string> overflows(const ui::Frame& built, ui::Canvas& canvas) {
  // As the canvas draws it: with the labels grown and the text shrunk where it did not fit.
  ui::Frame frame = built;
  canvas.fit(frame);
  std::vector<std::string> found;
  for (const auto& w : frame.widgets()) {
    if (w.text.empty() || (w.kind != ui::Widget::Kind::label && w.kind != ui::Widget::Kind::button))
      continue;
    const int padding = w.kind == ui::Widget::Kind::button ? 16 : 0;
    const int width = w.rect.w - 2 * padding;
    TTF_Font* font = TTF_OpenFont(golden_font().c_str(), w.font_px);
    if (font == nullptr) continue;
    const int skip = TTF_FontLineSkip(font);
    const auto lines = canvas.wrap(w.text, w.font_px, w.bold, width);
    int shown = 0;
    for (int y = 0; y + skip <= w.rect.h + skip / 2; y += skip) ++shown;
    const std::string name = (w.id.empty() ? "\"" + w.text.substr(0, 30) + "\"" : w.id) + " " +
                             std::to_string(w.rect.w) + "x" + std::to_string(w.rect.h) + "@" +
                             std::to_string(w.font_px) + "px";
    if (static_cast<int>(lines.size()) > shown)
      found.push_back("cut (" + std::to_string(lines.size()) + " lines, room for " +
                      std::to_string(shown) + "): " + name);
    for (const auto& line : lines) {
      int lw = 0, lh = 0;
      if (TTF_SizeUTF8(font, line.c_str(), &lw, &lh) == 0 && lw > width + 2) {
        found.push_back("wider than its widget: " + name);
        break;
      }
    }
    TTF_CloseFont(font);
  }
  return found;
}

}  // namespace

TEST_CASE("pseudo-locale: every golden case with strings 40 % longer, text overflowing counted") {
  const bool ttf_ready = TTF_WasInit() != 0 || TTF_Init() == 0;
  REQUIRE(ttf_ready);
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  const PseudoLocale pseudo(i18n);
  SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight,
                                                        32, SDL_PIXELFORMAT_ARGB8888);
  REQUIRE(surface != nullptr);
  SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
  REQUIRE(renderer != nullptr);
  auto canvas = ui::Canvas::create(renderer, golden_font(), error);
  REQUIRE(canvas);
  int english = 0, longer = 0, frames = 0;
  std::string listed;
  for (const auto& c : golden::screen_cases()) {
    ui::ViewModel model = golden::base_model();
    c.adjust(model);
    model.language = ui::Language::en;
    model.caption = kiosk::spoken_line(model, i18n).text;
    ui::Frame frame;
    build_frame(model, i18n, frame);
    for (const auto& problem : overflows(frame, *canvas)) {
      ++english;
      listed += c.name + " (English): " + problem + "\n";
    }
    ui::Frame stretched;
    build_frame(model, pseudo, stretched);
    for (const auto& problem : overflows(stretched, *canvas)) {
      ++longer;
      listed += c.name + ": " + problem + "\n";
    }
    ++frames;
  }
  MESSAGE(frames << " cases: " << english << " texts overflow in English, " << longer
                 << " with every string 40 % longer:\n"
                 << listed);
  // No text overflows or is cut, in English nor with every string 40 % longer.
  CHECK(english == kEnglishOverflowsKnown);
  CHECK(longer == kPseudoOverflowsKnown);
  canvas.reset();
  SDL_DestroyRenderer(renderer);
  SDL_FreeSurface(surface);
}

TEST_CASE("every caption is readable whole: a long one page by page, each page shown in full") {
  // The caption holds two lines of the footer; a longer line (what the voice says) is drawn a
  // page at a time as the voice goes on. Every page of every case's caption, in both languages
  // and in elder mode, must fit its label, and the pages together must hold every word.
  const bool ttf_ready = TTF_WasInit() != 0 || TTF_Init() == 0;
  REQUIRE(ttf_ready);
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight,
                                                        32, SDL_PIXELFORMAT_ARGB8888);
  REQUIRE(surface != nullptr);
  SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
  REQUIRE(renderer != nullptr);
  auto canvas = ui::Canvas::create(renderer, golden_font(), error);
  REQUIRE(canvas);
  const auto without_spaces = [](std::string text) {
    text.erase(
        std::remove_if(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\n'; }),
        text.end());
    return text;
  };
  int captions = 0, paged = 0;
  for (const auto& c : golden::screen_cases()) {
    for (const ui::Language language : {ui::Language::zh, ui::Language::en}) {
      ui::ViewModel model = golden::base_model();
      c.adjust(model);
      model.language = language;
      model.caption = kiosk::spoken_line(model, i18n).text;
      if (model.caption.empty()) continue;
      CAPTURE(c.name);
      CAPTURE(model.caption);
      ++captions;
      ui::Frame built;
      build_frame(model, i18n, built);
      const auto whole = std::find_if(built.widgets().begin(), built.widgets().end(),
                                      [](const ui::Widget& w) { return w.id == "caption"; });
      if (whole == built.widgets().end()) continue;  // the screen blanked (speech mode)
      const std::string text = whole->text;          // the line, after what the footer notes
      std::string read;                              // the pages' text, in the order they are shown
      std::string shown, first;
      int pages = 0;
      for (long long ms = 0; ms < 300000; ms += 250) {
        model.caption_ms = ms;
        ui::Frame frame;
        build_frame(model, i18n, frame);
        canvas->fit(frame);
        const auto caption = std::find_if(frame.widgets().begin(), frame.widgets().end(),
                                          [](const ui::Widget& w) { return w.id == "caption"; });
        REQUIRE(caption != frame.widgets().end());
        if (caption->text == shown) continue;
        if (pages > 0 && caption->text == first) break;  // round again from the first page
        if (pages == 0) first = caption->text;
        shown = caption->text;
        read += shown;
        ++pages;
        // Each page whole: no line wider than the label, no more lines than it shows.
        ui::Frame only;
        only.edit().push_back(*caption);
        for (const auto& problem : overflows(only, *canvas)) FAIL_CHECK(problem);
        if (caption->text == text) break;  // whole on one page
      }
      if (pages > 1) ++paged;
      CHECK(without_spaces(read) == without_spaces(text));
    }
  }
  MESSAGE(captions << " captions, " << paged << " shown page by page");
  CHECK(captions > 100);
  CHECK(paged > 0);
  canvas.reset();
  SDL_DestroyRenderer(renderer);
  SDL_FreeSurface(surface);
}

TEST_CASE(
    "a third language is data only: a locale file is offered and every screen renders in it") {
  // tests/data/i18n/fr.tsv is what a translator would add to assets/i18n/locales/ (with a font
  // line in assets/fonts.txt if WenQuanYi lacked its script): no code knows French.
  const bool ttf_ready = TTF_WasInit() != 0 || TTF_Init() == 0;
  REQUIRE(ttf_ready);
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  const int before = i18n.languages();
  REQUIRE_MESSAGE(i18n.add_locale(YIWANG_SOURCE_DIR "/tests/data/i18n/fr.tsv", error), error);
  REQUIRE(i18n.languages() == before + 1);
  const ui::Language french{before};
  CHECK(i18n.code(french) == "fr");
  // Said in its own voice, named by its data (voice.espeak): espeak-ng's French.
  CHECK(i18n.voices().at("fr") == "fr");
  CHECK(i18n.voices().at("zh") == "cmn");
  CHECK(i18n.voices().at("en") == "en");
  // The language switch goes round zh, en, the locales, and names the next one in its own words.
  CHECK(i18n.next(ui::Language::zh) == ui::Language::en);
  CHECK(i18n.next(ui::Language::en) == (before == 2 ? french : ui::Language{2}));
  CHECK(i18n.next(french) == ui::Language::zh);
  const auto lang_button = [&](ui::Language language) {
    ui::ViewModel model = golden::base_model();
    model.language = language;
    ui::Frame frame;
    build_frame(model, i18n, frame);
    const ui::Widget* button = frame.find("lang");
    return button != nullptr ? button->text : std::string("(no language switch)");
  };
  CHECK(lang_button(ui::Language::zh) == "English");
  if (before == 2) CHECK(lang_button(ui::Language::en) == "Français");
  CHECK(lang_button(french) == "中文");
  // Every golden case in French: its own words where the file has them (the rest in English),
  // every character in the font, no text overflowing or cut, the line said in French.
  SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight,
                                                        32, SDL_PIXELFORMAT_ARGB8888);
  REQUIRE(surface != nullptr);
  SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
  REQUIRE(renderer != nullptr);
  auto canvas = ui::Canvas::create(renderer, golden_font(), error);
  REQUIRE(canvas);
  TTF_Font* font = TTF_OpenFont(golden_font().c_str(), 32);
  REQUIRE(font != nullptr);
  int cases = 0, french_words = 0, problems = 0;
  for (const auto& c : golden::screen_cases()) {
    CAPTURE(c.name);
    ui::ViewModel model = golden::base_model();
    c.adjust(model);
    model.language = french;
    const kiosk::SpokenLine line = kiosk::spoken_line(model, i18n);
    if (!line.text.empty()) CHECK(line.language == "fr");
    model.caption = line.text;
    ui::Frame frame;
    build_frame(model, i18n, frame);
    for (const auto& w : frame.widgets()) {
      if (w.text == "Accueil" || w.text == "Retour" || w.text == "Aide") ++french_words;
      for (const Uint32 cp : code_points(w.text)) {
        if (cp >= 0x20) CHECK_MESSAGE(TTF_GlyphIsProvided32(font, cp) != 0, w.text);
      }
    }
    for (const auto& problem : overflows(frame, *canvas)) {
      ++problems;
      MESSAGE(c.name << ": " << problem);
    }
    ++cases;
  }
  CHECK(problems == 0);
  CHECK(french_words > cases);  // home, back, help on most screens
  // The attract screen in French, drawn (for a person to look at: golden-out/attract.fr.png).
  ui::ViewModel model = golden::base_model();
  model.language = french;
  model.caption = kiosk::spoken_line(model, i18n).text;
  CHECK(model.caption.rfind("Bienvenue", 0) == 0);
  Drawn drawn;
  REQUIRE(draw(model, i18n, drawn, error));
  fs::create_directories(fs::current_path() / "golden-out");
  IMG_SavePNG(drawn.surface, (fs::current_path() / "golden-out/attract.fr.png").c_str());
  TTF_CloseFont(font);
  canvas.reset();
  SDL_DestroyRenderer(renderer);
  SDL_FreeSurface(surface);
}

TEST_CASE("a locale in a script the kiosk's font lacks is drawn with its font from fonts.txt") {
  // Georgian: WenQuanYi Zen Hei has none of it (empty boxes). The locale's "<code> <path>" line
  // in fonts.txt gives the font its lines are drawn with, as the kiosk adds it at start.
  const bool ttf_ready = TTF_WasInit() != 0 || TTF_Init() == 0;
  REQUIRE(ttf_ready);
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  REQUIRE_MESSAGE(i18n.add_locale(YIWANG_SOURCE_DIR "/tests/data/i18n/ka.tsv", error), error);
  const ui::Language georgian{i18n.languages() - 1};
  REQUIRE(i18n.code(georgian) == "ka");
  // Its file names no espeak-ng voice: spoken with the English one.
  CHECK(i18n.voices().at("ka") == "en");
  const auto fonts = kiosk::locale_fonts(YIWANG_SOURCE_DIR "/tests/data/i18n/fonts.txt");
  REQUIRE(fonts.count("ka") == 1);
  CHECK(fonts.size() == 1);  // the CJK fonts' plain paths are not locales
  SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight,
                                                        32, SDL_PIXELFORMAT_ARGB8888);
  REQUIRE(surface != nullptr);
  SDL_Renderer* renderer = SDL_CreateSoftwareRenderer(surface);
  REQUIRE(renderer != nullptr);
  auto canvas = ui::Canvas::create(renderer, golden_font(), error);
  REQUIRE(canvas);
  const std::string home = i18n.text("header.home", georgian);
  CHECK(home == "მთავარი");
  CHECK_FALSE(canvas->renders(home));  // the kiosk's font alone: boxes
  REQUIRE_MESSAGE(canvas->add_font(fonts.at("ka")), fonts.at("ka")
                                                        << " (fonts-dejavu-core, tools/setup.sh)");
  CHECK(canvas->renders(home));
  CHECK(canvas->renders("中文 English"));  // the rest still in WenQuanYi
  // A screen in Georgian: drawn, the Georgian words in the locale's font, nothing cut.
  ui::ViewModel model = golden::base_model();
  model.screen = ui::ScreenId::catalog;  // a screen with 首页 (home)
  model.language = georgian;
  ui::Frame frame;
  build_frame(model, i18n, frame);
  bool found = false;
  for (const auto& w : frame.widgets()) {
    if (w.text == home) found = true;
    CHECK_MESSAGE(canvas->renders(w.text), w.text);
  }
  CHECK(found);
  CHECK(overflows(frame, *canvas).empty());
  canvas->draw(frame);
  canvas.reset();
  SDL_DestroyRenderer(renderer);
  SDL_FreeSurface(surface);
}
