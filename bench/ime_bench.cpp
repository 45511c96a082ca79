// Text-entry engines: librime's load (cold: a new work folder compiles the schema; warm: the
// folder from an earlier run), each keystroke's time to updated candidates, zinnia's model load
// and a character's recognition (as written, and with the reordered variants), and memory.
// Usage: ime-bench WORK_DIR [rounds]   (run it twice on the same folder: cold, then warm)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "input/rime_pinyin.h"
#include "input/zinnia_handwriting.h"
#include "timings.h"

namespace {

using yiwang::bench::Clock;
using yiwang::bench::percentile;

double ms_since(Clock::time_point start) { return yiwang::bench::ms(Clock::now() - start); }

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  return all.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: ime-bench WORK_DIR [rounds]\n");
    return 2;
  }
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 20;
  const long rss_before = rss_kib();
  yiwang::kiosk::RimeSettings settings;
  settings.work_dir = argv[1];
  auto started = yiwang::kiosk::RimePinyin::start(settings);
  if (!started) {
    std::fprintf(stderr, "%s\n", started.error().c_str());
    return 1;
  }
  auto& rime = *started.value();
  if (!rime.wait_ready()) {
    std::fprintf(stderr, "%s\n", rime.failed().c_str());
    return 1;
  }
  std::printf("librime load: %.1f ms (work folder %s)\n", rime.load_ms(), argv[1]);
  const long rss_rime = rss_kib();
  // Addresses and names as residents type them, letter by letter, each ended by a choice.
  const std::vector<std::string> words = {
      "beijingshi",   "dongchengqu", "jingshanqianjie", "hao",           "zhangsan", "lisi",
      "wangxiaoming", "bjs",         "shehuibaoxian",   "hujizhengming", "yan"};
  std::vector<double> keys;
  std::vector<double> chooses;
  for (int round = 0; round < rounds; ++round) {
    for (const auto& word : words) {
      rime.cancel();
      for (char c : word) {
        const auto start = Clock::now();
        const auto shown = rime.type(c);
        keys.push_back(ms_since(start));
        if (shown.candidates.empty()) std::fprintf(stderr, "no candidates for %s\n", word.c_str());
      }
      yiwang::ui::Composition rest;
      const auto start = Clock::now();
      (void)rime.choose(0, rest);
      chooses.push_back(ms_since(start));
    }
    rime.forget_everything();
  }
  std::printf("keystroke -> candidates: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu keys)\n",
              percentile(keys, 0.5), percentile(keys, 0.99), percentile(keys, 1.0), keys.size());
  std::printf("choice -> commit: p50 %.2f ms, p99 %.2f ms\n", percentile(chooses, 0.5),
              percentile(chooses, 0.99));

  const auto opening = Clock::now();
  auto opened = yiwang::kiosk::ZinniaHandwriting::open();
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().c_str());
    return 1;
  }
  std::printf("zinnia model load: %.1f ms (%zu characters)\n", ms_since(opening),
              opened.value()->characters());
  using Effort = yiwang::ui::HandwritingInput::Effort;
  for (const char* name : {"zhang", "zhen", "gong"}) {
    auto strokes = yiwang::kiosk::parse_strokes(
        read(std::string(YIWANG_TEST_DATA) + "/handwriting/" + name + ".strokes"));
    if (!strokes) return 1;
    std::vector<double> full;
    std::vector<double> plain;
    std::vector<std::string> top;
    for (int round = 0; round < std::max(rounds / 4, 3); ++round) {
      auto start = Clock::now();
      top = opened.value()->recognise(strokes.value(), 300, 300, 5, Effort::thorough);
      full.push_back(ms_since(start));
      start = Clock::now();
      (void)opened.value()->recognise(strokes.value(), 300, 300, 5, Effort::quick);
      plain.push_back(ms_since(start));
    }
    std::string shown;
    for (const auto& c : top) shown += c + " ";
    std::printf(
        "handwriting %s (%zu strokes): thorough %.1f ms (p99 %.1f), quick %.1f ms; thorough "
        "top five: %s\n",
        name, strokes.value().size(), percentile(full, 0.5), percentile(full, 0.99),
        percentile(plain, 0.5), shown.c_str());
  }
  std::printf("memory: %ld KiB before, +%ld KiB with librime, +%ld KiB with zinnia (RSS)\n",
              rss_before, rss_rime - rss_before, rss_kib() - rss_rime);
  return 0;
}
