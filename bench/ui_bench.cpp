// Drawing speed and memory with the county catalog (tests/data, 2 000 items), on the software
// renderer at 1920x1080 as the kiosk draws headless (retained: only what changed is painted
// again): start to the first attract frame with the catalog parsed off the UI thread as the
// kiosk does, PSS, every screen's redraw and full repaint, the idle warning, catalog paging, and
// keystroke to drawn search results. Prints figures only.
#include <SDL.h>
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "flow/catalog_model.h"
#include "screens/screens.h"
#include "services/font_list.h"
#include "services/i18n.h"
#include "timings.h"
#include "toolkit/canvas.h"
#include "toolkit/screen.h"

using namespace yiwang;
using bench::Clock;

namespace {

long pss_kib() {
  std::ifstream in("/proc/self/smaps_rollup");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "Pss:") {
      in >> value;
      return value;
    }
    in.ignore(1 << 12, '\n');
  }
  return -1;
}

// Milliseconds since this process was started (the kernel's start time, in clock ticks of
// 10 ms: the figure is rounded to them); -1 when unknown.
double ms_since_process_start() {
  std::ifstream in("/proc/self/stat");
  const std::string stat((std::istreambuf_iterator<char>(in)), {});
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
    if (i != 22) continue;
    timespec boot{};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    const double started = std::stod(field) * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
    return static_cast<double>(boot.tv_sec) * 1000.0 + static_cast<double>(boot.tv_nsec) / 1e6 -
           started;
  }
  return -1;
}

std::string first_font() { return kiosk::first_listed_font(YIWANG_ASSETS_DIR "/fonts.txt"); }

// A view model that shows each screen full, from the county catalog.
ui::ViewModel rich_model(const kiosk::Catalog& catalog) {
  ui::ViewModel m;
  m.site_name = {"文昌市政务服务中心 24小时自助服务区", "Wenchang Government Service Centre"};
  m.display_name = "张*三";
  m.devices = {{"idcard", "online"}, {"receipt", "online"}, {"scanner", "online"}};
  m.categories = catalog.categories;
  m.category = catalog.categories.front().code;
  m.items = catalog.in_category(m.category);
  m.item = catalog.items.front().view;
  for (const auto& item : catalog.items) {
    if (item.view.mode == "apply" && !item.form.empty()) {
      m.item = item.view;
      for (const auto& field : item.form) {
        m.fields.push_back({field.key,
                            field.label,
                            field.type,
                            "13800138000",
                            false,
                            false,
                            field.required,
                            {},
                            field.options,
                            ""});
      }
      break;
    }
  }
  if (!m.fields.empty()) m.fields.back().focused = true;
  m.delivery = "pickup";
  m.receipt = {true,
               "HN2026113000000001",
               "T4601050001-20261130-0001",
               "2026-12-05",
               m.item.name,
               true,
               "",
               false,
               1000,
               1000};
  m.certificates.list = {
      {"C1", {"户籍证明", "Household certificate"}, {"公安局", "Police"}, "2026-11-01"},
      {"C2", {"参保证明", "Insurance certificate"}, {"人社局", "HRSS"}, "2026-10-01"}};
  m.evaluation_level = 2;
  m.evaluation_reasons = {"long_wait"};
  m.payment = {"pending", "HN2026113000000001", m.item.name, 1000, {"工本费", "Fee"}, {}, 873};
  m.payment.qr.size = 37;
  m.payment.qr.dark.assign(37 * 37, 0);
  for (std::size_t i = 0; i < m.payment.qr.dark.size(); i += 3) m.payment.qr.dark[i] = 1;
  ui::CaseView c;
  c.case_id = "HN2026113000000001";
  c.item_name = m.item.name;
  c.status = "correction_required";
  c.promised_by = "2026-12-05";
  c.history = {{"2026-11-30T09:30:00+08:00", "submitted", {}},
               {"2026-11-30T09:31:00+08:00", "accepted", {"材料齐全，已受理", "Accepted"}},
               {"2026-11-30T15:00:00+08:00", "correction_required", {"请补交户口簿", "Bring it"}}};
  m.progress.cases = {c};
  m.progress.selected = 0;
  m.idle_seconds_left = 23;
  return m;
}

// Builds the frame as the kiosk's screen stack does (a modal overlay covers the screen beneath,
// which is not drawn) and draws it.
// This thread's CPU time in ms: a redraw's own cost, without the time other processes held the
// core (the wall-clock figures on a loaded machine include it).
double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1000.0 + static_cast<double>(t.tv_nsec) / 1e6;
}

std::vector<double>* g_cpu = nullptr;  // where draw_ms also puts its CPU time, when set

double draw_ms(ui::Canvas& canvas, const ui::ViewModel& model, const ui::Translator& translator,
               bool overlay) {
  ui::Frame frame;
  const double cpu_start = thread_cpu_ms();
  const auto start = Clock::now();
  if (overlay) {
    ui::make_idle_warning()->build(model, translator, frame);
  } else {
    ui::make_screen(model.screen)->build(model, translator, frame);
  }
  canvas.draw(frame);
  const double wall = bench::ms(Clock::now() - start);
  if (g_cpu) g_cpu->push_back(thread_cpu_ms() - cpu_start);
  return wall;
}

}  // namespace

int main(int argc, char** argv) {
  const auto started = Clock::now();
  // ui-bench [CATALOG.json [ROUNDS]]: the county catalog and 200 rounds by default.
  const std::string path = argc > 1 && argv[1][0] != '\0'
                               ? argv[1]
                               : std::string(YIWANG_SOURCE_DIR "/tests/data/county-catalog.json");
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 200;
  // As the kiosk starts: the cached catalog's text is read, parsed on another thread, and the
  // attract screen (which needs no catalog) is drawn meanwhile.
  // (read whole, as SQLite hands the kiosk its cached copy; a character iterator takes 40 ms)
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  std::string text(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  const double read_ms = bench::ms(Clock::now() - started);
  std::optional<kiosk::Catalog> catalog;
  std::string error;
  double parsed_ms = 0;
  std::thread parser([&] {
    catalog = kiosk::parse_catalog(text, error);
    malloc_trim(0);  // as the kiosk: the parse's scratch memory goes back to the system
    parsed_ms = bench::ms(Clock::now() - started);
  });
  kiosk::I18n i18n;
  std::string i18n_error;
  if (!i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", i18n_error)) {
    parser.join();
    return 1;
  }
  const double i18n_ms = bench::ms(Clock::now() - started);
  SDL_Surface* surface = SDL_CreateRGBSurfaceWithFormat(0, ui::theme::kWidth, ui::theme::kHeight,
                                                        32, SDL_PIXELFORMAT_ARGB8888);
  SDL_Renderer* renderer = surface ? SDL_CreateSoftwareRenderer(surface) : nullptr;
  auto canvas = renderer ? ui::Canvas::create(renderer, first_font(), i18n_error) : nullptr;
  const double canvas_ms = bench::ms(Clock::now() - started);
  if (!canvas) {
    parser.join();
    std::fprintf(stderr, "ui-bench: no canvas: %s\n", i18n_error.c_str());
    return 1;
  }
  canvas->set_retained(true);  // as the kiosk on a software renderer
  ui::ViewModel model;
  model.site_name = {"文昌市政务服务中心 24小时自助服务区", "Wenchang Government Service Centre"};
  model.screen = ui::ScreenId::attract;
  draw_ms(*canvas, model, i18n, false);
  const double first_frame_ms = bench::ms(Clock::now() - started);
  const double first_frame_process_ms = ms_since_process_start();
  const double pss_first = static_cast<double>(pss_kib()) / 1024.0;
  parser.join();
  const double ready_ms = bench::ms(Clock::now() - started);
  text = std::string();  // the kiosk drops the cached text once parsed
  if (!catalog) {
    std::fprintf(stderr, "ui-bench: %s: %s\n", path.c_str(), error.c_str());
    return 1;
  }
  std::printf("ui-bench: %zu items, %zu categories, software renderer %dx%d, %d rounds\n",
              catalog->items.size(), catalog->categories.size(), ui::theme::kWidth,
              ui::theme::kHeight, rounds);
  std::printf(
      "  main to first attract frame: %.1f ms (process start to it: %.0f ms, in 10 ms ticks)\n",
      first_frame_ms, first_frame_process_ms);
  std::printf("    at %.1f ms the catalog text read, %.1f translations, %.1f font and canvas\n",
              read_ms, i18n_ms, canvas_ms);
  std::printf("  catalog parsed off the UI thread, ready %.1f ms after main (parse done at %.1f)\n",
              ready_ms, parsed_ms);
  std::printf("  PSS at the first frame: %.1f MiB; with the catalog loaded: %.1f MiB\n", pss_first,
              static_cast<double>(pss_kib()) / 1024.0);
  model = rich_model(*catalog);

  // Every screen: the first draw (a change of screen: painted whole), redraws as the kiosk
  // makes them (something small changed: the queue count in the status line; retained, only
  // that is painted), and full repaints of the same frame (as after an expose).
  // YIWANG_UI_BENCH_ONLY=catalog (or search): that part alone, to profile it;
  // YIWANG_UI_BENCH_ONLY=screen:catalog,form: those screens' redraws and repaints alone.
  const char* only_env = std::getenv("YIWANG_UI_BENCH_ONLY");
  const std::string only = only_env != nullptr ? only_env : "";
  const bool screens_only = only.rfind("screen:", 0) == 0;
  const std::string chosen = "," + only.substr(screens_only ? 7 : 0) + ",";
  const bool paging_only = !only.empty() && !screens_only;
  for (int id = 0; !paging_only && id <= static_cast<int>(ui::ScreenId::progress); ++id) {
    model.screen = static_cast<ui::ScreenId>(id);
    if (screens_only &&
        chosen.find("," + std::string(ui::screen_name(model.screen)) + ",") == std::string::npos)
      continue;
    canvas->invalidate();
    const double cold = draw_ms(*canvas, model, i18n, false);
    std::vector<double> redraws, repaints, redraw_cpu, repaint_cpu;
    g_cpu = &redraw_cpu;
    for (int i = 0; i < rounds; ++i) {
      model.pending = i % 2;
      redraws.push_back(draw_ms(*canvas, model, i18n, false));
    }
    g_cpu = &repaint_cpu;
    for (int i = 0; i < rounds; ++i) {
      canvas->invalidate();
      repaints.push_back(draw_ms(*canvas, model, i18n, false));
    }
    g_cpu = nullptr;
    const std::string name = ui::screen_name(model.screen);
    const std::string what = name + " redraw (first " + std::to_string(cold).substr(0, 5) + " ms)";
    bench::print_distribution(what.c_str(), redraws);
    bench::print_distribution((name + " redraw, CPU time").c_str(), redraw_cpu);
    bench::print_distribution((name + " full repaint").c_str(), repaints);
    bench::print_distribution((name + " full repaint, CPU time").c_str(), repaint_cpu);
  }
  if (screens_only) {
    canvas.reset();
    SDL_DestroyRenderer(renderer);
    SDL_FreeSurface(surface);
    return 0;
  }
  const int overlay_rounds = paging_only ? 1 : rounds;
  model.pending = 0;
  model.screen = ui::ScreenId::form;
  draw_ms(*canvas, model, i18n, false);
  std::vector<double> overlay;
  model.idle_seconds_left = 30;
  const double overlay_first = draw_ms(*canvas, model, i18n, true);
  std::vector<double> overlay_cpu, overlay_full_cpu;
  g_cpu = &overlay_cpu;
  for (int i = 0; i < overlay_rounds; ++i) {
    model.idle_seconds_left = 30 - i % 30;  // the countdown changes every second
    overlay.push_back(draw_ms(*canvas, model, i18n, true));
  }
  g_cpu = nullptr;
  const std::string overlay_what =
      "idle warning counting down (first " + std::to_string(overlay_first).substr(0, 5) + " ms)";
  bench::print_distribution(overlay_what.c_str(), overlay);
  bench::print_distribution("idle warning counting down, CPU time", overlay_cpu);
  std::vector<double> overlay_full;
  g_cpu = &overlay_full_cpu;
  for (int i = 0; i < overlay_rounds; ++i) {
    canvas->invalidate();
    overlay_full.push_back(draw_ms(*canvas, model, i18n, true));
  }
  g_cpu = nullptr;
  bench::print_distribution("idle warning full repaint", overlay_full);
  bench::print_distribution("idle warning full repaint, CPU time", overlay_full_cpu);

  // Catalog pages: each tap draws another page of tiles.
  // The catalog drawn once first: coming from another screen paints it whole (its "first"
  // figure above), which is no page turned.
  model.screen = ui::ScreenId::catalog;
  draw_ms(*canvas, model, i18n, false);
  std::vector<double> pages, pages_cpu;
  long long page_pixels = 0;
  g_cpu = &pages_cpu;
  for (int i = 0; i < (only == "search" ? 1 : rounds); ++i) {
    model.item_page = i % 8;
    model.category =
        catalog->categories[static_cast<std::size_t>(i / 8) % catalog->categories.size()].code;
    model.items = catalog->in_category(model.category);
    pages.push_back(draw_ms(*canvas, model, i18n, false));
    page_pixels += canvas->last_painted_pixels();
  }
  g_cpu = nullptr;
  bench::print_distribution("catalog frame, paging through categories", pages);
  bench::print_distribution("catalog frame, paging, CPU time", pages_cpu);
  const double screen = static_cast<double>(ui::theme::kWidth) * ui::theme::kHeight;
  std::printf(
      "  a page painted %.0f%% of the screen on average\n",
      100.0 * static_cast<double>(page_pixels) / static_cast<double>(pages.size()) / screen);

  // Search as you type: keystroke to results ranked and drawn.
  // Likewise the search keyboard opening (the left column changes whole) is no keystroke.
  model.search_open = true;
  draw_ms(*canvas, model, i18n, false);
  std::vector<double> keystrokes, search_frames, search_cpu;
  long long search_pixels = 0;
  g_cpu = &search_cpu;
  const std::string word = "SHBZKBG";
  for (int round = 0; round < (only == "catalog" ? 1 : rounds / 10 + 1); ++round) {
    model.search_query.clear();
    for (char c : word) {
      const auto start = Clock::now();
      model.search_query += c;
      model.results = catalog->search(model.search_query, 120);
      model.item_page = 0;
      const double drawn = draw_ms(*canvas, model, i18n, false);
      search_pixels += canvas->last_painted_pixels();
      keystrokes.push_back(bench::ms(Clock::now() - start));
      search_frames.push_back(drawn);
    }
  }
  g_cpu = nullptr;
  bench::print_distribution("search frame", search_frames);
  bench::print_distribution("search frame, CPU time", search_cpu);
  std::printf("  a search frame painted %.0f%% of the screen on average\n",
              100.0 * static_cast<double>(search_pixels) /
                  static_cast<double>(search_frames.size()) / screen);
  bench::print_distribution("keystroke to results drawn", keystrokes);
  std::printf("  text cache: %zu lines, %.1f MiB; PSS at the end: %.1f MiB\n",
              canvas->text_cache_entries(),
              static_cast<double>(canvas->text_cache_bytes()) / (1 << 20),
              static_cast<double>(pss_kib()) / 1024.0);
  canvas.reset();
  SDL_DestroyRenderer(renderer);
  SDL_FreeSurface(surface);
  return 0;
}
