// The self-test's voice line: espeak-ng into the SDL audio device, opened at the first
// self-test; the flow hears whether the line reached the device (a PlatformAnswer).
#include "app/kiosk_parts.h"

namespace yiwang::kiosk {

namespace {

// Plays through the SDL device, then tells the flow whether it took the samples.
class ReportingAudioOut final : public AudioOut {
 public:
  ReportingAudioOut(SdlAudioOut& device, std::function<void(bool, std::string)> report)
      : device_(device), report_(std::move(report)) {}
  void play(std::vector<std::int16_t> samples, int sample_rate) override {
    const long long ms =
        sample_rate > 0 ? static_cast<long long>(samples.size()) * 1000 / sample_rate : 0;
    device_.play(std::move(samples), sample_rate);
    const std::string failed = device_.failed();
    report_(failed.empty() && ms > 0, failed.empty() ? std::to_string(ms) + " ms of speech at " +
                                                           std::to_string(sample_rate) + " Hz"
                                                     : failed);
  }
  void stop() override { device_.stop(); }

 private:
  SdlAudioOut& device_;
  std::function<void(bool, std::string)> report_;
};

}  // namespace

bool KioskApp::Parts::say_test_line(const std::string& line) {
  if (!voice) {
    auto opened = SdlAudioOut::open();
    if (!opened) {
      logger->warning("selftest", "no audio device: " + opened.error());
      return false;
    }
    audio = std::move(opened.value());
    audio_report = std::make_unique<ReportingAudioOut>(*audio, [this](bool ok, std::string detail) {
      PlatformAnswer answer;
      answer.purpose = "self_test.voice";
      answer.ok = ok;
      answer.body = {{"detail", detail}};
      answer.error.detail = std::move(detail);
      post(std::move(answer));
    });
    auto started = VoiceGuide::start(VoiceSettings{}, *audio_report);
    if (!started) {
      logger->warning("selftest", "no speech engine: " + started.error());
      audio_report.reset();
      audio.reset();
      return false;
    }
    voice = std::move(started.value());
  }
  voice->say({line, "zh"});
  return true;
}

}  // namespace yiwang::kiosk
