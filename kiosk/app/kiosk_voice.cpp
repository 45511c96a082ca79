// The kiosk's one voice (espeak-ng is one engine per process): voice guidance for residents and
// the technician's self-test line share it. Played on the SDL audio device, or, for tests, into a
// record file that also gets every line said and every caption drawn.
#include <cstdlib>
#include <fstream>
#include <functional>
#include <mutex>

#include "app/kiosk_parts.h"

namespace yiwang::kiosk {

// Lines said, played and captioned, one a line: kind<TAB>screen<TAB>language<TAB>text. Written
// from the UI thread (said, caption) and the voice thread (played).
class VoiceRecord {
 public:
  explicit VoiceRecord(const std::string& path) : out_(path, std::ios::trunc) {}
  bool ok() const { return out_.good(); }
  void write(const std::string& kind, const std::string& screen, const std::string& language,
             std::string text) {
    for (auto& c : text)
      if (c == '\n' || c == '\t') c = ' ';
    std::lock_guard lock(mutex_);
    out_ << kind << '\t' << screen << '\t' << language << '\t' << text << '\n';
    out_.flush();
  }

 private:
  std::mutex mutex_;
  std::ofstream out_;
};

// The voice's AudioOut: the device (or the record), and the self-test told whether its line
// reached the device.
class KioskAudioOut final : public AudioOut {
 public:
  KioskAudioOut(SdlAudioOut* device, VoiceRecord* record, Logger* logger,
                std::function<void(bool, std::string)> report)
      : device_(device), record_(record), logger_(logger), report_(std::move(report)) {}

  // The self-test's line: the next time it plays, the flow hears about it.
  void expect_test_line(const std::string& line) {
    std::lock_guard lock(mutex_);
    test_line_ = line;
  }
  // On the voice thread: the engine did not start. A self-test line that waited for it is told.
  void engine_failed(const std::string& failure) {
    bool waiting = false;
    {
      std::lock_guard lock(mutex_);
      waiting = !test_line_.empty();
      test_line_.clear();
    }
    if (waiting) report_(false, failure);
  }
  // On the voice thread, just before play(): which line the samples are.
  void starting(const Utterance& line) {
    std::lock_guard lock(mutex_);
    playing_ = line;
  }

  void play(std::vector<std::int16_t> samples, int sample_rate) override {
    Utterance line;
    bool test = false;
    {
      std::lock_guard lock(mutex_);
      line = playing_;
      test = !test_line_.empty() && line.text == test_line_;
      if (test) test_line_.clear();
    }
    const long long ms =
        sample_rate > 0 ? static_cast<long long>(samples.size()) * 1000 / sample_rate : 0;
    std::string failed;
    if (device_) {
      device_->play(std::move(samples), sample_rate);
      failed = device_->failed();
      note_device(failed);
    }
    if (record_) record_->write("played", std::to_string(ms) + "ms", line.language, line.text);
    if (test)
      report_(failed.empty() && ms > 0, failed.empty() ? std::to_string(ms) + " ms of speech at " +
                                                             std::to_string(sample_rate) + " Hz"
                                                       : failed);
  }
  void append(std::vector<std::int16_t> samples, int sample_rate) override {
    if (device_) device_->append(std::move(samples), sample_rate);
  }
  void stop() override {
    if (device_) device_->stop();
  }
  bool playing() const override { return device_ && device_->playing(); }
  void thread_ends() override {
    if (device_) device_->thread_ends();
  }
  bool release() override {
    if (!device_) return true;
    if (!device_->release()) return false;
    logger_->debug("voice", "audio device released after a silence");
    return true;
  }

 private:
  // The device's state in the log when it changes (not for every line).
  void note_device(const std::string& failed) {
    std::lock_guard lock(mutex_);
    if (failed == device_state_) return;
    device_state_ = failed;
    if (failed.empty())
      logger_->info("voice", "audio device playing");
    else
      logger_->warning("voice", "no audio device, captions only: " + failed);
  }

  SdlAudioOut* device_;
  VoiceRecord* record_;
  Logger* logger_;
  std::function<void(bool, std::string)> report_;
  std::mutex mutex_;
  std::string test_line_;           // with mutex_
  Utterance playing_;               // with mutex_
  std::string device_state_ = "-";  // with mutex_: the last failed() logged ("" playing)
};

void KioskApp::Parts::start_voice() {
  if (options.voice_record.empty()) {
    // Headless (tests, the demo's replay) has no loudspeaker: an audio device only when one is
    // named (SDL_AUDIODRIVER, as the self-test's tests do with SDL's disk driver).
    if (options.headless && std::getenv("SDL_AUDIODRIVER") == nullptr) {
      logger->info("voice", "headless: no audio device, captions only");
      return;
    }
    // Opened by the voice thread on the first line, let go after a silence.
    audio = std::make_unique<SdlAudioOut>();
  } else {
    voice_record = std::make_shared<VoiceRecord>(options.voice_record);
    if (!voice_record->ok()) logger->warning("voice", "cannot write " + options.voice_record);
  }
  auto out = std::make_unique<KioskAudioOut>(audio.get(), voice_record.get(), logger.get(),
                                             [this](bool ok, std::string detail) {
                                               PlatformAnswer answer;
                                               answer.purpose = "self_test.voice";
                                               answer.ok = ok;
                                               answer.body = {{"detail", detail}};
                                               answer.error.detail = std::move(detail);
                                               post(std::move(answer));
                                             });
  KioskAudioOut* raw = out.get();
  audio_tap = raw;
  audio_out = std::move(out);
  VoiceSettings settings;
  settings.volume = voice_volume;
  settings.voices = i18n.voices();  // each language's espeak-ng voice, from its data
  // The engine starts on the voice thread: the UI thread goes on drawing (espeak-ng's Mandarin
  // dictionary took 8 s in the appliance's emulated guest, past half the watchdog's 20 s).
  VoiceGuide::Callbacks callbacks;
  callbacks.started = [raw](const Utterance& line) { raw->starting(line); };
  callbacks.ready = [raw, log = logger.get()](const std::string& failure) {
    if (failure.empty()) {
      log->info("voice", "voice guidance ready");
      return;
    }
    log->warning("voice", "no speech engine, captions only: " + failure);
    raw->engine_failed(failure);
  };
  // A line heard to its end: the flow takes a keyed commitment only once it was.
  callbacks.played = [this](const Utterance& line) { post(VoicePlayed{line.text, line.language}); };
  auto started = VoiceGuide::start(settings, *audio_out, std::move(callbacks));
  if (!started) {
    logger->warning("voice", "no speech engine, captions only: " + started.error());
    audio_tap = nullptr;
    audio_out.reset();
    audio.reset();
    return;
  }
  voice = std::move(started.value());
}

void KioskApp::Parts::say(const std::string& text, const std::string& language) {
  if (!script.empty()) last_said = text;  // for scripts (expect-said); never logged
  if (voice_record)
    voice_record->write("said", ui::screen_name(flow->model().screen), language, text);
  if (voice) voice->say({text, language});
}

void KioskApp::Parts::record_frame_caption() {
  if (!voice_record) return;
  const ui::Widget* caption = nullptr;
  for (const auto& widget : frame.widgets())
    if (widget.id == "caption") caption = &widget;
  record_caption(caption ? caption->text : "");
}

void KioskApp::Parts::record_caption(const std::string& caption) {
  if (!voice_record || caption == recorded_caption) return;
  recorded_caption = caption;
  const ui::ViewModel& model = flow->model();
  voice_record->write(model.idle_warning ? "caption-idle" : "caption",
                      ui::screen_name(model.screen), i18n.code(model.language), caption);
}

bool KioskApp::Parts::say_test_line(const std::string& line) {
  if (!voice || voice->failed()) return false;
  audio_tap->expect_test_line(line);
  voice->say({line, "zh"});
  return true;
}

}  // namespace yiwang::kiosk
