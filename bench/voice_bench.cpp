// Voice guidance latency: from say() (what the flow calls on a change of screen) to the line's
// samples handed to the audio device, and to the first non-silent sample the device writes,
// through SDL's disk driver standing in for the loudspeaker (it writes at the speaker's pace).
// Then the same from a screen change in the real flow (a tap: the intent, the flow's turn, the
// screen's line said) to the first sound, in both languages: the demo catalog's first page and a
// guide, back and forth; the budget is 150 ms (issue 15). And the first line after a silence that
// let the audio go (SDL's audio subsystem started again).
// Usage: voice-bench [lines]   (default 20 of each language)
#include <SDL.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "app/sdl_audio_out.h"
#include "database.h"
#include "flow/kiosk_flow.h"
#include "local_state.h"
#include "outbox.h"
#include "receipt_journal.h"
#include "support/test_key.h"
#include "timings.h"
#include "toolkit/screen.h"
#include "voice/voice_guide.h"

namespace {

using yiwang::bench::Clock;
using yiwang::bench::percentile;

// Times when the device was handed a line.
struct TimedOut final : yiwang::kiosk::AudioOut {
  yiwang::kiosk::AudioOut& device;
  std::atomic<long long> handed{0};
  explicit TimedOut(yiwang::kiosk::AudioOut& d) : device(d) {}
  void play(std::vector<std::int16_t> samples, int rate) override {
    handed = Clock::now().time_since_epoch().count();
    device.play(std::move(samples), rate);
  }
  void append(std::vector<std::int16_t> samples, int rate) override {
    device.append(std::move(samples), rate);
  }
  void stop() override { device.stop(); }
  bool release() override { return device.release(); }
  void thread_ends() override { device.thread_ends(); }
};

// The offset of the first non-zero 16-bit sample at or after `from`, or -1.
long first_sound(const std::string& file, long from) {
  std::ifstream in(file, std::ios::binary);
  in.seekg(from);
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2)
    if (bytes[i] != 0 || bytes[i + 1] != 0) return from + static_cast<long>(i);
  return -1;
}

// Waits for the first sound written after `from`; the time since start in ms, or -1.
double wait_sound(const std::string& file, long from, Clock::time_point start) {
  long at = -1;
  while (at < 0 && Clock::now() - start < std::chrono::seconds(10)) {
    std::this_thread::sleep_for(std::chrono::microseconds(500));
    at = first_sound(file, from);
  }
  if (at < 0) return -1;
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

long file_end(const std::string& file) {
  std::error_code ignored;
  const auto size = std::filesystem::file_size(file, ignored);
  return ignored ? 0 : static_cast<long>(size);
}

constexpr int kReleaseMs = 1000;

// The first line after a silence long enough for the audio to be released (the audio subsystem
// stopped): say -> first sound includes starting SDL's audio again and opening the device.
int cold_lines(yiwang::kiosk::VoiceGuide& voice, const yiwang::kiosk::SdlAudioOut& device,
               const std::string& file, const yiwang::kiosk::Utterance& line, int lines) {
  std::vector<double> heard;
  for (int i = 0; i < lines; ++i) {
    voice.stop();
    const auto waited = Clock::now();
    while (device.running() && Clock::now() - waited < std::chrono::seconds(5))
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (device.running()) {
      std::fprintf(stderr, "the audio was not released after %d ms of silence\n", kReleaseMs);
      return 1;
    }
    std::error_code ignored;
    std::filesystem::remove(file, ignored);  // the reopened device starts a new file
    const auto start = Clock::now();
    voice.say(line);
    const double ms = wait_sound(file, 0, start);
    if (ms < 0) {
      std::fprintf(stderr, "no sound for cold line %d\n", i);
      return 1;
    }
    heard.push_back(ms);
  }
  std::printf(
      "%s after the audio was released (SDL audio started again, device opened): say -> first "
      "sound p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d lines; budget 150 ms)\n",
      line.language.c_str(), percentile(heard, 0.5), percentile(heard, 0.99),
      *std::max_element(heard.begin(), heard.end()), lines);
  return 0;
}

// A screen change in the real flow: catalog -> guide (an item) and back, in each language. (It
// was attract -> identify and back until "start" led to the catalog, which has no "back": the
// second change then changed nothing and no line came.)
int screen_changes(yiwang::kiosk::VoiceGuide& voice, const std::string& file, int lines) {
  using namespace yiwang;
  const auto db = std::filesystem::temp_directory_path() /
                  ("voice-bench-" + std::to_string(::getpid()) + ".db");
  auto opened = store::Database::open(db.string());
  if (!opened.status.ok()) return 1;
  store::Outbox outbox(*opened.database, test::test_key());
  store::LocalState state(*opened.database);
  store::ReceiptJournal journal(*opened.database);
  {
    std::ifstream catalog(YIWANG_ASSETS_DIR "/catalog/demo-catalog.json");
    const std::string body((std::istreambuf_iterator<char>(catalog)), {});
    if (!state.store_catalog({"2026112101", "\"2026112101\"", body, 0}).ok()) return 1;
  }
  kiosk::SystemClock clock;
  kiosk::Logger logger("", false);
  kiosk::I18n i18n;
  std::string error;
  if (!i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error)) return 1;
  kiosk::FlowPorts ports;
  ports.say = [&voice](const std::string& text, const std::string& language) {
    voice.say({text, language});
  };
  ports.silence = [&voice] { voice.stop(); };
  kiosk::FlowSettings settings;
  settings.terminal_id = "T1";
  kiosk::KioskFlow flow(settings, ports, outbox, state, journal, clock, logger, i18n);
  flow.start();
  flow.tick();
  flow.handle_intent("start");  // the catalog, not timed
  flow.tick();
  if (flow.model().screen != ui::ScreenId::catalog) return 1;
  for (const char* language : {"zh", "en"}) {
    std::vector<double> heard;
    for (int i = 0; i < 2 * lines; ++i) {
      voice.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
      const long from = file_end(file);
      const auto start = Clock::now();
      // What the UI loop does with a tap: the intent, then the flow's turn.
      const ui::ScreenId before = flow.model().screen;
      flow.handle_intent(before == ui::ScreenId::catalog ? "item:460100-0002-0003" : "back");
      flow.tick();
      if (flow.model().screen == before) {
        std::fprintf(stderr, "change %d (%s) stayed on %s\n", i, language,
                     ui::screen_name(before));
        return 1;
      }
      const double ms = wait_sound(file, from, start);
      if (ms < 0) {
        std::fprintf(stderr, "no sound after screen change %d (%s)\n", i, language);
        return 1;
      }
      heard.push_back(ms);
    }
    std::printf(
        "%s: screen change (tap -> flow -> line said) -> first sound p50 %.1f ms, p99 %.1f ms, "
        "max %.1f ms (%d changes; budget 150 ms)\n",
        language, percentile(heard, 0.5), percentile(heard, 0.99),
        *std::max_element(heard.begin(), heard.end()), 2 * lines);
    if (std::string(language) == "zh") {
      flow.handle_intent("lang");  // the catalog in English for the next round
      flow.tick();
    }
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const int lines = argc > 1 ? std::atoi(argv[1]) : 20;
  const std::string file =
      (std::filesystem::temp_directory_path() / ("voice-bench-" + std::to_string(::getpid())))
          .string();
  ::setenv("SDL_AUDIODRIVER", "disk", 1);
  ::setenv("SDL_DISKAUDIOFILE", file.c_str(), 1);
  yiwang::kiosk::SdlAudioOut device;
  TimedOut out(device);
  yiwang::kiosk::VoiceSettings settings;
  settings.release_audio_ms = kReleaseMs;  // the kiosk's is 10 s; the cold round waits for it
  auto voice = yiwang::kiosk::VoiceGuide::start(settings, out);
  if (!voice) {
    std::fprintf(stderr, "%s\n", voice.error().c_str());
    return 1;
  }
  if (const std::string failure = voice.value()->wait_until_ready(); !failure.empty()) {
    std::fprintf(stderr, "%s\n", failure.c_str());
    return 1;
  }
  const std::vector<yiwang::kiosk::Utterance> said = {
      {"请把身份证放在读卡区，或者出示电子身份证二维码。", "zh"},
      {"Please place your ID card on the reader, or show your e-ID code.", "en"}};
  for (const auto& line : said) {
    std::vector<double> handed;
    std::vector<double> heard;
    for (int i = 0; i < lines; ++i) {
      voice.value()->stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(150));  // silence written meanwhile
      std::error_code ignored;
      const auto size = std::filesystem::file_size(file, ignored);  // none before the first line
      const long from = ignored ? 0 : static_cast<long>(size);
      out.handed = 0;
      const auto start = Clock::now();
      voice.value()->say(line);
      long at = -1;
      while (at < 0 && Clock::now() - start < std::chrono::seconds(10)) {
        std::this_thread::sleep_for(std::chrono::microseconds(500));
        at = first_sound(file, from);
      }
      const auto end = Clock::now();
      if (at < 0 || out.handed == 0) {
        std::fprintf(stderr, "no sound for line %d of %s (handed: %d, file from %ld)\n", i,
                     line.language.c_str(), out.handed != 0, from);
        return 1;
      }
      handed.push_back(std::chrono::duration<double, std::milli>(
                           Clock::time_point(Clock::duration(out.handed.load())) - start)
                           .count());
      heard.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::printf(
        "%s: say -> samples handed to the device p50 %.1f ms, p99 %.1f ms; say -> first "
        "sound written by the device p50 %.1f ms, p99 %.1f ms (%d lines)\n",
        line.language.c_str(), percentile(handed, 0.5), percentile(handed, 0.99),
        percentile(heard, 0.5), percentile(heard, 0.99), lines);
  }
  if (cold_lines(*voice.value(), device, file, said[0], lines) != 0) return 1;
  if (screen_changes(*voice.value(), file, lines) != 0) return 1;
  voice.value().reset();
  std::error_code ignored;
  std::filesystem::remove(file, ignored);
  return 0;
}
