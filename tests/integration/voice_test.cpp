// Voice guidance with the real espeak-ng: Mandarin and English lines synthesised and played, a
// new line interrupting the old, volume, repeat, forget, the caption callback; and the real SDL
// audio path with SDL's disk driver writing what a loudspeaker would get to a file.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

#include "app/sdl_audio_out.h"
#include "support/wait_for.h"
#include "voice/voice_guide.h"

using yiwang::kiosk::AudioOut;
using yiwang::kiosk::SdlAudioOut;
using yiwang::kiosk::sentences;
using yiwang::kiosk::spelled;
using yiwang::kiosk::Utterance;
using yiwang::kiosk::VoiceGuide;
using yiwang::kiosk::VoiceSettings;
using yiwang::test::wait_for;

namespace {

struct Play {
  std::vector<std::int16_t> samples;
  int rate = 0;
};

// An AudioOut that keeps what it was given.
struct Recorder final : AudioOut {
  std::mutex mutex;
  std::vector<Play> plays;
  int stops = 0;
  int appends = 0;
  void play(std::vector<std::int16_t> samples, int sample_rate) override {
    std::lock_guard lock(mutex);
    plays.push_back({std::move(samples), sample_rate});
  }
  // The rest of the line, as it is synthesised: kept with its first samples.
  void append(std::vector<std::int16_t> samples, int) override {
    std::lock_guard lock(mutex);
    if (!plays.empty())
      plays.back().samples.insert(plays.back().samples.end(), samples.begin(), samples.end());
    ++appends;
  }
  void stop() override {
    std::lock_guard lock(mutex);
    ++stops;
  }
  std::size_t count() {
    std::lock_guard lock(mutex);
    return plays.size();
  }
  Play last() {
    std::lock_guard lock(mutex);
    return plays.back();
  }
};

int peak(const std::vector<std::int16_t>& samples) {
  int top = 0;
  for (auto s : samples) top = std::max(top, std::abs(static_cast<int>(s)));
  return top;
}

double seconds(const Play& play) {
  return play.rate > 0 ? static_cast<double>(play.samples.size()) / play.rate : 0;
}

// The lines a callback was told (started, played), from the voice thread.
struct Told {
  std::mutex mutex;
  std::vector<std::string> texts;
  std::function<void(const Utterance&)> callback() {
    return [this](const Utterance& line) {
      std::lock_guard lock(mutex);
      texts.push_back(line.text);
    };
  }
  std::vector<std::string> all() {
    std::lock_guard lock(mutex);
    return texts;
  }
};

}  // namespace

TEST_CASE("voice: Mandarin and English lines are spoken, the caption told, codes spelled") {
  Recorder out;
  Told captioned;
  Told played;
  VoiceGuide::Callbacks callbacks;
  callbacks.started = captioned.callback();
  callbacks.played = played.callback();
  auto started = VoiceGuide::start(VoiceSettings{}, out, std::move(callbacks));
  REQUIRE_MESSAGE(started, (started ? "" : started.error()));
  VoiceGuide& voice = *started.value();
  // A line said before the engine is up waits for it.
  voice.say({"请把身份证放在读卡区", "zh"});
  REQUIRE(voice.wait_until_ready().empty());
  CHECK_FALSE(voice.failed());
  REQUIRE(wait_for([&] { return out.count() == 1 && voice.finished() == 1; }));
  const Play zh = out.last();
  CHECK(zh.rate == 22050);
  CHECK(seconds(zh) > 1.0);
  CHECK(peak(zh.samples) > 1000);
  // Streamed: the line's first samples played, the rest appended as espeak-ng gave them (a
  // second of speech is many chunks of 20 ms), not the whole line synthesised before it plays.
  {
    std::lock_guard lock(out.mutex);
    CHECK(out.appends >= 20);
  }
  voice.say({"Please place your ID card on the reader", "en"});
  REQUIRE(wait_for([&] { return out.count() == 2 && voice.finished() == 2; }));
  CHECK(seconds(out.last()) > 1.0);
  // A case number digit by digit: one syllable a character, so longer than the number read whole.
  CHECK(spelled("T4601") == "T 4 6 0 1");
  voice.say({"编号 " + spelled("460105"), "zh"});
  REQUIRE(wait_for([&] { return out.count() == 3 && voice.finished() == 3; }));
  CHECK(seconds(out.last()) > 2.0);
  const std::vector<std::string> captions = captioned.all();
  REQUIRE(captions.size() == 3);
  CHECK(captions[0] == "请把身份证放在读卡区");
  CHECK(captions[2] == "编号 4 6 0 1 0 5");
  // Each line, played whole (the recorder has nothing left to play), is told as played.
  REQUIRE(wait_for([&] { return played.all().size() == 3; }));
  CHECK(played.all()[1] == "Please place your ID card on the reader");
  // espeak-ng is one engine per process: a second guide is refused.
  Recorder other;
  CHECK_FALSE(VoiceGuide::start(VoiceSettings{}, other));
}

TEST_CASE("voice: a third language is said with the espeak-ng voice its data names, else English") {
  // As the kiosk gives them (I18n::voices(): strings.tsv's zh and en, tests/data/i18n/fr.tsv's
  // voice.espeak; ka.tsv names none).
  VoiceSettings settings;
  settings.voices = {{"zh", "cmn"}, {"en", "en"}, {"fr", "fr"}, {"ka", "en"}};
  CHECK(yiwang::kiosk::espeak_voice(settings.voices, "fr") == "fr");
  CHECK(yiwang::kiosk::espeak_voice(settings.voices, "xx") == "en");  // no voice named: English
  CHECK(yiwang::kiosk::espeak_voice({{"de", ""}}, "de") == "en");
  Recorder out;
  auto started = VoiceGuide::start(settings, out);
  REQUIRE_MESSAGE(started, (started ? "" : started.error()));
  VoiceGuide& voice = *started.value();
  REQUIRE(voice.wait_until_ready().empty());
  const auto said = [&](const std::string& text, const std::string& language) {
    const int before = voice.finished();
    voice.say({text, language});
    REQUIRE(wait_for([&] { return voice.finished() == before + 1; }));
    return voice.voice();
  };
  CHECK(said("Bonjour. Posez votre carte d'identité sur le lecteur.", "fr") == "fr");
  CHECK(seconds(out.last()) > 1.0);
  CHECK(said("გამარჯობა", "ka") == "en");
  CHECK(said("请把身份证放在读卡区", "zh") == "cmn");
}

TEST_CASE("voice: the latest line wins; volume scales; repeat and forget") {
  Recorder out;
  auto started = VoiceGuide::start(VoiceSettings{}, out);
  REQUIRE(started);
  VoiceGuide& voice = *started.value();
  REQUIRE(voice.wait_until_ready().empty());
  // Lines said faster than they can be synthesised: what plays last is the last one said.
  std::string long_text;
  for (int i = 0; i < 30; ++i) long_text += "这是一段很长的说明，用来测试打断。";
  voice.say({long_text, "zh"});
  voice.say({long_text, "zh"});
  voice.say({"好", "zh"});
  REQUIRE(wait_for([&] { return voice.spoken() >= 1 && out.count() >= 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(seconds(out.last()) < 2.0);  // 好, not the long text
  CHECK(out.count() <= 2);           // the second long line was never played
  // Volume: the same line at 100 and at 50 has half the peak; at 0 it is silent.
  voice.set_volume(100);
  REQUIRE(wait_for([&] { return voice.finished() >= 1; }));
  const int done = voice.finished();
  const std::size_t before = out.count();
  voice.say({"音量测试", "zh"});
  REQUIRE(wait_for([&] { return out.count() == before + 1 && voice.finished() == done + 1; }));
  const int loud = peak(out.last().samples);
  voice.set_volume(50);
  voice.repeat();
  REQUIRE(wait_for([&] { return out.count() == before + 2 && voice.finished() == done + 2; }));
  // (espeak-ng does not give the same samples twice to the bit: within 5 %.)
  CHECK(std::abs(peak(out.last().samples) - loud / 2) <= loud / 20);
  voice.set_volume(0);
  voice.repeat();
  REQUIRE(wait_for([&] { return out.count() == before + 3 && voice.finished() == done + 3; }));
  CHECK(peak(out.last().samples) == 0);
  CHECK(voice.volume() == 0);
  // Forget: silence now, and nothing left to repeat.
  voice.forget();
  {
    std::lock_guard lock(out.mutex);
    CHECK(out.stops >= 1);
  }
  voice.repeat();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK(out.count() == before + 3);
}

TEST_CASE("voice: through SDL's audio device (the disk driver stands in for the loudspeaker)") {
  const std::string file = (std::filesystem::temp_directory_path() /
                            ("yiwang-voice-" + std::to_string(::getpid()) + ".raw"))
                               .string();
  ::setenv("SDL_AUDIODRIVER", "disk", 1);
  ::setenv("SDL_DISKAUDIOFILE", file.c_str(), 1);
  const auto written = [&](std::uintmax_t bytes) {
    // The driver writes at the speaker's pace: a second's worth arrives within a few seconds.
    return wait_for(
        [&] {
          std::error_code ignored;
          return std::filesystem::file_size(file, ignored) > bytes;
        },
        5000);
  };
  {
    SdlAudioOut device;
    // Nothing is started before the first line: an idle kiosk keeps no audio threads.
    CHECK_FALSE(device.running());
    CHECK(SDL_WasInit(SDL_INIT_AUDIO) == 0);
    VoiceSettings settings;
    settings.release_audio_ms = 300;
    auto started = VoiceGuide::start(settings, device);
    REQUIRE(started);
    REQUIRE(started.value()->wait_until_ready().empty());
    started.value()->say({"您好", "zh"});
    CHECK(written(22050 * 2 / 2));
    CHECK(device.failed().empty());
    // After the line has played and 300 ms of silence, the subsystem is stopped (and with it
    // SDL's audio threads)...
    CHECK(wait_for([&] { return !device.running(); }, 10000));
    CHECK(SDL_WasInit(SDL_INIT_AUDIO) == 0);
    // ...and the next line starts it again (the disk driver begins a new file).
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    started.value()->say({"请放卡", "zh"});
    CHECK(written(22050 * 2 / 2));
    CHECK(device.failed().empty());
  }
  CHECK(SDL_WasInit(SDL_INIT_AUDIO) == 0);  // the device's end stops what it started
  std::error_code ignored;
  std::filesystem::remove(file, ignored);
  ::unsetenv("SDL_AUDIODRIVER");
  ::unsetenv("SDL_DISKAUDIOFILE");
}

TEST_CASE("voice: a device that cannot start is a failure to read, not a hang; tried again later") {
  ::setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
  SdlAudioOut device;
  device.play(std::vector<std::int16_t>(2205, 100), 22050);
  CHECK_FALSE(device.failed().empty());
  CHECK_FALSE(device.running());
  CHECK(device.release());
  ::unsetenv("SDL_AUDIODRIVER");
}

// Its own process (ctest voice-engine-fails): espeak-ng starts once per process, and the other
// cases have started it.
TEST_CASE("voice: an engine that cannot start is reported, without making the caller wait" *
          doctest::skip()) {
  Recorder out;
  VoiceSettings settings;
  // A folder with no phoneme data (espeak-ng takes a folder that exists as its data).
  const auto empty =
      std::filesystem::temp_directory_path() / ("yiwang-no-voice-" + std::to_string(::getpid()));
  std::filesystem::create_directories(empty);
  settings.data_path = empty.string();
  std::mutex mutex;
  std::string reported = "-";
  VoiceGuide::Callbacks callbacks;
  callbacks.ready = [&](const std::string& failure) {
    std::lock_guard lock(mutex);
    reported = failure;
  };
  auto started = VoiceGuide::start(settings, out, std::move(callbacks));
  REQUIRE(started);  // returns at once; the engine starts on the voice thread
  const std::string failure = started.value()->wait_until_ready();
  INFO(failure);
  CHECK_FALSE(failure.empty());
  CHECK(started.value()->failed());
  {
    std::lock_guard lock(mutex);
    CHECK(reported == failure);
  }
  std::filesystem::remove(empty);
}

// A device that says it is still playing until told otherwise.
struct SlowDevice final : AudioOut {
  std::atomic<bool> busy{true};
  void play(std::vector<std::int16_t>, int) override {}
  void append(std::vector<std::int16_t>, int) override {}
  void stop() override {}
  bool playing() const override { return busy; }
};

TEST_CASE("voice: a line is told played only once the device has played it, a cut one never") {
  SlowDevice out;
  Told played;
  VoiceGuide::Callbacks callbacks;
  callbacks.played = played.callback();
  auto started = VoiceGuide::start(VoiceSettings{}, out, std::move(callbacks));
  REQUIRE(started);
  VoiceGuide& voice = *started.value();
  REQUIRE(voice.wait_until_ready().empty());
  const auto count = [&] { return played.all().size(); };
  // Synthesised whole, but the device still plays it: not yet.
  voice.say({"请听完承诺书", "zh"});
  REQUIRE(wait_for([&] { return voice.finished() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(count() == 0);
  // A newer line cuts it: the first is never told; the second is, once the device is done.
  voice.say({"好", "zh"});
  REQUIRE(wait_for([&] { return voice.finished() == 2; }));
  out.busy = false;
  REQUIRE(wait_for([&] { return count() == 1; }));
  // Silenced while playing: not told either.
  out.busy = true;
  voice.say({"再说一遍", "zh"});
  REQUIRE(wait_for([&] { return voice.finished() == 3; }));
  voice.stop();
  out.busy = false;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(played.all().size() == 1);
  CHECK(played.all()[0] == "好");
}

TEST_CASE("voice: a line is synthesised a sentence at a time, each with its punctuation") {
  const std::vector<std::string> expected = {"请放卡。", "然后稍候！", "Then wait. ", "OK?"};
  CHECK(sentences("请放卡。然后稍候！Then wait. OK?") == expected);
  CHECK(sentences("no end") == std::vector<std::string>{"no end"});
  CHECK(sentences("").empty());
  // A case number's dots are not sentence ends: "1.5" stays whole.
  CHECK(sentences("Fee 1.5 yuan.") == std::vector<std::string>{"Fee 1.5 yuan."});
}
